/**
 * Organization settings over HTTP: read with an ETag, replaced with If-Match; a stale or missing
 * stale version is 412, a missing one 428, and a bad value a 400 naming it; none changes anything.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ORGANIZATION_SETTINGS, loadConfig, type Runtime } from "@pathwise/core";
import { createTestDatabase, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "./app.js";
import { buildWorld, type ActorKind, type World } from "./testing/world.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;

beforeAll(async () => {
  test = await createTestDatabase();
  const runtime: Runtime = { config: loadConfig({}), database: test.handle, now: () => new Date() };
  app = createApp(runtime);
  world = await buildWorld(test.handle.db);
});
afterAll(async () => test.close());

async function call(actor: ActorKind, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  const token = await world.tokenFor(actor);
  if (token) headers.set("cookie", `pathwise_session=${token}`);
  headers.set("origin", "http://localhost");
  if (init.body) headers.set("content-type", "application/json");
  return app.request(`/api/v1${path}`, { ...init, headers });
}

const put = (body: unknown, ifMatch?: string) =>
  call("admin", "/organization/settings", {
    method: "PUT",
    body: JSON.stringify(body),
    headers: ifMatch ? { "if-match": ifMatch } : {},
  });

describe("PUT /organization/settings", () => {
  it("replaces the settings with If-Match, refusing a stale version and a bad value", async () => {
    const first = await call("admin", "/organization/settings");
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"v0"');

    const wanted = { ...DEFAULT_ORGANIZATION_SETTINGS, languages: ["es"] };
    expect((await put(wanted)).status).toBe(428);
    const saved = await put(wanted, '"v0"');
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"v1"');
    expect(((await saved.json()) as { languages: string[] }).languages).toEqual(["es"]);

    const stale = await put(DEFAULT_ORGANIZATION_SETTINGS, '"v0"');
    expect(stale.status).toBe(412);
    const bad = await put({ ...wanted, languages: ["fr"] }, '"v1"');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { error: { details: { path: string }[] } };
    expect(problem.error.details[0]?.path).toBe("body.languages.0");

    const now = await call("admin", "/organization/settings");
    expect(now.headers.get("etag")).toBe('"v1"');
    expect(((await now.json()) as { languages: string[] }).languages).toEqual(["es"]);
    // Another organization's admin reads their own organization's, untouched.
    const other = await call("otherAdmin", "/organization/settings");
    expect(((await other.json()) as { languages: string[] }).languages).toEqual(["en", "es"]);
  });
});
