import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Runtime } from "@pathwise/core";
import { createTestDatabase, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "./app.js";
import { AUTHORIZATION_TABLE } from "./authorization-table.js";
import { ACTOR_KINDS, buildWorld, type World } from "./testing/world.js";

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

const DENIED = [401, 403, 404];

describe("the authorization table", () => {
  it("lists every route of the API", async () => {
    const doc = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(AUTHORIZATION_TABLE.map((r) => r.route).sort()).toEqual(routes.sort());
  });

  for (const entry of AUTHORIZATION_TABLE) {
    it(`${entry.route}: allows ${entry.allowed.join(", ") || "nobody"}, denies the rest`, async () => {
      const outcomes: string[] = [];
      for (const actor of ACTOR_KINDS) {
        const { path, init = {} } = entry.request(world);
        const token = await world.tokenFor(actor);
        const headers = new Headers(init.headers);
        if (token) headers.set("cookie", `pathwise_session=${token}`);
        headers.set("origin", "http://localhost");
        const res = await app.request(`/api/v1${path}`, { ...init, headers });
        const allowed = entry.allowed.includes(actor);
        const denied = DENIED.includes(res.status);
        if (allowed === denied)
          outcomes.push(`${actor}: expected ${allowed ? "allowed" : "denied"}, got ${res.status}`);
      }
      expect(outcomes).toEqual([]);
    });
  }
});
