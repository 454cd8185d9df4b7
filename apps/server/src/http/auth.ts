/**
 * Who is calling: a session cookie (browsers) or the same token as a Bearer credential (scripts).
 * Cookie-authenticated writes from another origin are refused by the CSRF middleware in app.ts.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { getConnInfo } from "@hono/node-server/conninfo";
import {
  resolveSession,
  SESSION_COOKIE,
  unauthenticated,
  type Actor,
  type SignedInCtx,
} from "@pathwise/core";
import type { AppEnv } from "./env.js";

export function sessionToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim() || null;
  return getCookie(c, SESSION_COOKIE) ?? null;
}

export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  const runtime = c.get("runtime");
  const actor = await resolveSession({ db: runtime.database.db, now: runtime.now }, sessionToken(c));
  c.set("actor", actor);
  await next();
};

/** The use-case context of a signed-in caller, or a 401. */
export function signedIn(c: Context<AppEnv>): SignedInCtx {
  const actor: Actor | null = c.get("actor");
  if (!actor) throw unauthenticated();
  const runtime = c.get("runtime");
  return { db: runtime.database.db, actor, now: runtime.now };
}

export function clientAddress(c: Context<AppEnv>): string {
  if (c.get("runtime").config.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
