import { AUTHORIZATION_TABLE } from "./authorization-table.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, seedDemoSchoolIfEmpty, type DemoSeedResult, type Runtime } from "@pathwise/core";
import { createTestDatabase, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "./app.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let demo: DemoSeedResult;
const now = () => new Date("2026-09-01T08:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  const config = loadConfig({});
  demo = (await seedDemoSchoolIfEmpty(test.handle.db, config.demoFrameworkFile, now))!;
  const runtime: Runtime = { config, database: test.handle, now };
  app = createApp(runtime);
});
afterAll(async () => test.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

async function signInAs(role: string, address = "10.1.1.1") {
  const email = demo.signIns.find((s) => s.role === role)!.email;
  const res = await app.request(
    "/api/v1/sessions",
    json({ email, password: demo.password }, { "x-forwarded-for": address }),
  );
  expect(res.status).toBe(201);
  const cookie = res.headers.get("set-cookie")!;
  return { cookie: cookie.split(";")[0]!, setCookie: cookie, body: (await res.json()) as { token: string } };
}

describe("the API", () => {
  it("reports health and which database it runs on", async () => {
    const res = await app.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: { backend: test.handle.backend, reachable: true },
    });
  });

  it("serves an OpenAPI document generated from the route schemas", async () => {
    const res = await app.request("/api/v1/openapi.json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    // Every route the API answers (the authorization table lists them all, and its own test fails
    // when one is missing) is documented with its method, and no documented route is unlisted.
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(AUTHORIZATION_TABLE.map((entry) => entry.route).sort());
  });

  it("answers an unknown route with a JSON 404", async () => {
    const res = await app.request("/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("answers malformed JSON with a 400 that says so", async () => {
    const res = await app.request("/api/v1/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ email: ",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/json/i);
  });

  it("names the field that is missing", async () => {
    const res = await app.request("/api/v1/sessions", json({ email: "someone@example.test" }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path)).toEqual(["body.password"]);
  });

  it("signs in with a secure, HttpOnly, SameSite session cookie", async () => {
    const { setCookie } = await signInAs("teacher");
    expect(setCookie).toMatch(/^pathwise_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it("answers a wrong password with 401 and the same message as an unknown email", async () => {
    const wrong = await app.request(
      "/api/v1/sessions",
      json({ email: demo.signIns[0]!.email, password: "wrong" }),
    );
    const unknown = await app.request(
      "/api/v1/sessions",
      json({ email: "nobody@cedargrove.example", password: "wrong" }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(
      ((await unknown.json()) as { error: { message: string } }).error.message,
    );
  });

  it("shows a teacher their classes, and refuses anonymous callers with 401", async () => {
    const { cookie } = await signInAs("teacher");
    const res = await app.request("/api/v1/classes", { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { classes: { learners: unknown[] }[] };
    expect(body.classes).toHaveLength(1);
    expect(body.classes[0]!.learners).toHaveLength(20);
    expect((await app.request("/api/v1/classes")).status).toBe(401);
  });

  it("accepts the session token as a Bearer credential", async () => {
    const { body } = await signInAs("learner");
    const res = await app.request("/api/v1/me/competencies", {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(res.status).toBe(200);
    const data = (await res.json()) as { classes: { competencies: unknown[] }[] };
    expect(data.classes[0]!.competencies.length).toBeGreaterThan(40);
  });

  it("remembers a person's language and rejects a language it does not ship", async () => {
    const { cookie } = await signInAs("guardian");
    const put = (locale: string) =>
      app.request("/api/v1/me/locale", {
        method: "PUT",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ locale }),
      });
    expect((await put("es")).status).toBe(200);
    expect(
      ((await (await app.request("/api/v1/me", { headers: { cookie } })).json()) as { locale: string })
        .locale,
    ).toBe("es");
    const bad = await put("klingon");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe(
      "body.locale",
    );
  });

  it("refuses a cookie-authenticated form post from another site (CSRF)", async () => {
    const { cookie } = await signInAs("teacher");
    const res = await app.request("/api/v1/sessions/current", {
      method: "DELETE",
      headers: {
        cookie,
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringMatching(/another site/) },
    });
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(200);
  });

  it("signs out: the cookie stops working", async () => {
    const { cookie } = await signInAs("admin");
    const res = await app.request("/api/v1/sessions/current", {
      method: "DELETE",
      headers: { cookie, origin: "http://localhost" },
    });
    expect(res.status).toBe(204);
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(401);
  });

  it("signs out a script that uses the Bearer token, without needing an Origin", async () => {
    const { body } = await signInAs("admin");
    const authorization = `Bearer ${body.token}`;
    expect(
      (await app.request("/api/v1/sessions/current", { method: "DELETE", headers: { authorization } }))
        .status,
    ).toBe(204);
    expect((await app.request("/api/v1/me", { headers: { authorization } })).status).toBe(401);
  });
});
