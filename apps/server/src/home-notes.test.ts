/**
 * At-home notes over HTTP: read with an ETag, written with If-Match (missing → 428, stale → 412, a
 * bad value → 400 naming it), and the family's "how to help at home" carrying the note.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Runtime } from "@pathwise/core";
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

describe("PUT /schools/{schoolId}/competencies/{competencyId}/home-note", () => {
  it("writes the note with If-Match, and the learner's family reads it with what they work on", async () => {
    const path = `/schools/${world.home.school.id}/competencies/${world.competency.id}/home-note`;
    const put = (body: unknown, ifMatch?: string) =>
      call("teacher", path, {
        method: "PUT",
        body: JSON.stringify(body),
        headers: ifMatch ? { "if-match": ifMatch } : {},
      });
    const first = await call("teacher", path);
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"v0"');
    expect(((await first.json()) as { body: string }).body).toBe("");

    const note = "Share a pizza cut into eighths and a cake cut into quarters: who gets more?";
    expect((await put({ body: note })).status).toBe(428);
    const saved = await put({ body: note, language: "en" }, '"v0"');
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).toBe('"v1"');
    expect(await saved.json()).toMatchObject({ body: note, language: "en", version: 1 });

    expect((await put({ body: "Something else" }, '"v0"')).status).toBe(412);
    const bad = await put({ body: "x".repeat(2001) }, '"v1"');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      "body.body",
    );

    const help = await call("guardian", `/learners/${world.people.learner.id}/help-at-home`);
    expect(help.status).toBe(200);
    const body = (await help.json()) as {
      competencies: { id: string; notes: { body: string; writtenBy: string }[] }[];
    };
    const topic = body.competencies.find((c) => c.id === world.competency.id);
    expect(topic?.notes).toEqual([expect.objectContaining({ body: note, writtenBy: "Tess Teacher" })]);
  });
});
