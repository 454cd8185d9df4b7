import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, MAX_RESOURCE_FILE_BYTES, type Runtime } from "@pathwise/core";
import { createTestDatabase, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "./app.js";
import { isOversizedForm, RESOURCE_FORM_LIMIT_BYTES } from "./serve.js";
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

describe("content over HTTP", () => {
  it("gives a resource an ETag and answers a stale edit with 412", async () => {
    const created = await call("teacher", "/resources", {
      method: "POST",
      headers: { "idempotency-key": "res-1" },
      body: JSON.stringify({
        title: "Common denominators, step by step",
        kind: "text",
        body: "To add 1/4 and 1/6, find a common multiple of 4 and 6…",
        competencyIds: [world.competency.id],
        modality: "reading",
        expectedMinutes: 5,
        language: "en",
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"v1"');
    const { id } = (await created.json()) as { id: string };
    const edit = (ifMatch: string, title: string) =>
      call("teacher", `/resources/${id}`, {
        method: "PATCH",
        headers: { "if-match": ifMatch },
        body: JSON.stringify({ title }),
      });
    const first = await edit('"v1"', "Common denominators");
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"v2"');
    const stale = await edit('"v1"', "Something else");
    expect(stale.status).toBe(412);
    const error = (await stale.json()) as { error: { code: string; details: { path: string }[] } };
    expect(error.error.code).toBe("precondition_failed");
    expect(error.error.details[0]!.path).toBe("header.if-match");
    const read = (await (await call("learner", `/resources/${id}`)).json()) as { title: string };
    expect(read.title).toBe("Common denominators");
  });

  it("never serves the answer key to a learner, and counts an answer retried with its key once", async () => {
    const served = await call("learner", `/items/${world.item.id}/delivery`);
    expect(served.status).toBe(200);
    const text = await served.text();
    expect(text).not.toContain('"correct"');
    expect(JSON.parse(text)).toMatchObject({ stem: "What is 1/2 + 1/3?", body: { kind: "single_choice" } });
    expect((await call("learner", `/items/${world.item.id}`)).status).toBe(403);

    const answer = () =>
      call("learner", `/items/${world.item.id}/attempts`, {
        method: "POST",
        headers: { "idempotency-key": "answer-1" },
        body: JSON.stringify({ response: { choiceId: "a" } }),
      });
    const first = await answer();
    expect(first.status).toBe(201);
    const body = (await first.json()) as { correct: boolean; evidenceId: string; feedbackKey: string };
    expect(body).toMatchObject({ correct: true, feedbackKey: "feedback.attempt.correct" });
    const again = await answer();
    expect(again.status).toBe(201);
    expect(((await again.json()) as { evidenceId: string }).evidenceId).toBe(body.evidenceId);
    const mastery = (await (
      await call("learner", `/learners/${world.people.learner.id}/mastery`)
    ).json()) as {
      competencies: { competencyId: string; evidenceCount: number }[];
    };
    expect(mastery.competencies.find((m) => m.competencyId === world.competency.id)?.evidenceCount).toBe(1);
  });

  it("names the field of a bad answer", async () => {
    const res = await call("classmate", `/items/${world.item.id}/attempts`, {
      method: "POST",
      headers: { "idempotency-key": "answer-bad" },
      body: JSON.stringify({ response: { choiceId: "zz" } }),
    });
    expect(res.status).toBe(400);
    const error = (await res.json()) as { error: { details: { path: string }[] } };
    expect(error.error.details[0]!.path).toBe("body.response.choiceId");
  });

  it("serves an uploaded file with its media type", async () => {
    const res = await call("classmate", `/resources/${world.fileResource.id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("1/2 1");
  });

  it("refuses an uploaded page or script, naming the accepted kinds, and keeps a PDF", async () => {
    const upload = (name: string, contentType: string, key: string) =>
      call("teacher", "/resources", {
        method: "POST",
        headers: { "idempotency-key": key },
        body: JSON.stringify({
          title: `Upload ${name}`,
          kind: "file",
          file: { name, contentType, base64: Buffer.from("<script>alert(1)</script>").toString("base64") },
          competencyIds: [world.competency.id],
          modality: "reading",
          expectedMinutes: 5,
        }),
      });
    const page = await upload("page.html", "text/html", "upload-html");
    expect(page.status).toBe(400);
    const error = (await page.json()) as { error: { details: { path: string; message: string }[] } };
    expect(error.error.details[0]).toMatchObject({ path: "body.file.contentType" });
    expect(error.error.details[0]!.message).toContain("pdf");
    const pdf = await upload("strips.pdf", "application/pdf", "upload-pdf");
    expect(pdf.status).toBe(201);
    const { id } = (await pdf.json()) as { id: string };
    const served = await call("classmate", `/resources/${id}/file`);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("lets a resource form carry a file over the resource limit (to say it is too large), other forms 2 MB", () => {
    const post = (url: string, bytes: number) =>
      isOversizedForm({ method: "POST", url, headers: { "content-length": String(bytes) } });
    const file = MAX_RESOURCE_FILE_BYTES + 1024 * 1024;
    expect(post("/teacher/authoring/resources/new", file)).toBe(false);
    expect(post("/teacher/authoring/resources/new", RESOURCE_FORM_LIMIT_BYTES + 1)).toBe(true);
    expect(post("/teacher/authoring/items/new", file)).toBe(true);
    expect(post("/learner/about", 3 * 1024 * 1024)).toBe(true);
    expect(isOversizedForm({ method: "GET", url: "/teacher/authoring/resources/new", headers: {} })).toBe(
      false,
    );
  });

  it("edits an item with If-Match: 428 without it, 412 when stale, the new ETag when it lands", async () => {
    const path = `/items/${world.item.id}`;
    const read = await call("teacher", path);
    const etag = read.headers.get("etag")!;
    const before = (await read.json()) as { level: string; revision: number };
    const missing = await call("teacher", path, {
      method: "PATCH",
      body: JSON.stringify({ level: "below" }),
    });
    expect(missing.status).toBe(428);
    const bad = await call("teacher", path, {
      method: "PATCH",
      headers: { "if-match": etag },
      body: JSON.stringify({ level: "sideways" }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe(
      "body.level",
    );
    const ok = await call("teacher", path, {
      method: "PATCH",
      headers: { "if-match": etag },
      body: JSON.stringify({ level: before.level === "below" ? "above" : "below" }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).not.toBe(etag);
    const stale = await call("otherTeacher", path, {
      method: "PATCH",
      headers: { "if-match": etag },
      body: JSON.stringify({ level: "at" }),
    });
    expect(stale.status).toBe(412);
  });
});
