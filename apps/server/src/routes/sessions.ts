/** Sign in (POST /api/v1/sessions) and sign out (DELETE /api/v1/sessions/current). */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import { sessionCookieOptions, SESSION_COOKIE, signIn, signOut } from "@pathwise/core";
import { clientAddress, sessionToken } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { ErrorSchema, errorResponses } from "../http/schemas.js";

const SignInBody = z
  .object({
    email: z.string().openapi({ example: "amara.okafor@cedargrove.example" }),
    password: z.string().openapi({ example: "pathwise-demo" }),
  })
  .openapi("SignIn");

const Session = z
  .object({
    userId: z.uuid(),
    organizationId: z.uuid(),
    roles: z.array(z.string()),
    locale: z.string(),
    expiresAt: z.string().openapi({ format: "date-time" }),
    token: z.string().openapi({ description: "Also usable as `Authorization: Bearer <token>` by scripts." }),
  })
  .openapi("Session");

const create = createRoute({
  method: "post",
  path: "/sessions",
  tags: ["identity"],
  summary: "Sign in with email and password",
  request: { body: { content: { "application/json": { schema: SignInBody } }, required: true } },
  responses: {
    201: {
      description: "Signed in; the session cookie is set",
      content: { "application/json": { schema: Session } },
    },
    400: errorResponses[400],
    401: {
      description: "The email or password is incorrect",
      content: { "application/json": { schema: ErrorSchema } },
    },
    429: { description: "Too many attempts", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const remove = createRoute({
  method: "delete",
  path: "/sessions/current",
  tags: ["identity"],
  summary: "Sign out",
  responses: { 204: { description: "Signed out (also when there was no session)" } },
});

export const sessionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(create, async (c) => {
    const runtime = c.get("runtime");
    const result = await signIn({ db: runtime.database.db, now: runtime.now }, c.req.valid("json"), {
      clientAddress: clientAddress(c),
      userAgent: c.req.header("user-agent") ?? null,
    });
    setCookie(
      c,
      SESSION_COOKIE,
      result.token,
      sessionCookieOptions(runtime.config.secureCookies, result.expiresAt),
    );
    return c.json({ ...result, expiresAt: result.expiresAt.toISOString() }, 201);
  })
  .openapi(remove, async (c) => {
    const runtime = c.get("runtime");
    const token = sessionToken(c);
    if (token) await signOut({ db: runtime.database.db }, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });
