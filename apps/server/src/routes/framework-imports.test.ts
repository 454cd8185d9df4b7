import http from "node:http";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Runtime } from "@pathwise/core";
import { casePackage, createTestDatabase, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "../app.js";
import { startFrameworkImportWorker, type FrameworkImportWorker } from "../framework-import-worker.js";
import { buildWorld, type World } from "../testing/world.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;
let worker: FrameworkImportWorker;
let provider: http.Server;
let providerBase = "";
const SMARTER_BALANCED = new URL(
  "../../../../../shared/datasets/case/smarter-balanced-math-content-spec.json",
  import.meta.url,
);

interface Job {
  id: string;
  stage: string;
  finished: boolean;
  done: number;
  total: number;
  summary: {
    frameworkId: string;
    created: boolean;
    competencies: Record<string, number>;
    associations: { type: string; found: number; mapped: number }[];
  } | null;
  failure: { reason: string; problems: { path: string; message: string }[] } | null;
}

async function asTeacher(method: string, path: string, body?: unknown) {
  return app.request(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await world.tokenFor("teacher")}`,
      ...(body === undefined
        ? {}
        : { "content-type": "application/json", "idempotency-key": crypto.randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Starts an import and follows it, as the page does, until the worker has finished it. */
async function importAndFollow(body: unknown): Promise<Job> {
  const started = await asTeacher("POST", "/frameworks/import-jobs", body);
  expect(started.status).toBe(202);
  const { id } = (await started.json()) as Job;
  expect(started.headers.get("location")).toBe(`/api/v1/frameworks/import-jobs/${id}`);
  let job: Job | null = null;
  await expect
    .poll(
      async () => {
        job = (await (await asTeacher("GET", `/frameworks/import-jobs/${id}`)).json()) as Job;
        return job.finished;
      },
      { timeout: 60_000, interval: 100 },
    )
    .toBe(true);
  return job!;
}

beforeAll(async () => {
  test = await createTestDatabase();
  const runtime = { config: loadConfig({}), database: test.handle, now: () => new Date() } satisfies Runtime;
  app = createApp(runtime);
  world = await buildWorld(test.handle.db);
  worker = startFrameworkImportWorker(runtime, { intervalMs: 50 });
  const body = await readFile(SMARTER_BALANCED, "utf8");
  provider = http.createServer((req, res) => {
    if (req.url?.startsWith("/ims/case/v1p0/CFPackages/")) {
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  providerBase = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await worker.stop();
  provider.close();
  await test.close();
});

describe("CASE import jobs over HTTP", () => {
  it("a teacher imports the Smarter Balanced package from a CASE provider and follows it to the summary", async () => {
    const job = await importAndFollow({
      providerUrl: `${providerBase}/ims/case/v1p0/CFPackages/255adad7-2854-47d7-9aa4-c5e1750eb8ca`,
    });
    expect(job).toMatchObject({ stage: "succeeded", done: 585, total: 585, failure: null });
    expect(job.summary?.competencies).toMatchObject({ added: 585, updated: 0, unchanged: 0 });
    expect(job.summary?.associations.map((a) => [a.type, a.found])).toEqual([
      ["isChildOf", 570],
      ["precedes", 423],
      ["isRelatedTo", 1461],
      ["exactMatchOf", 914],
    ]);
    const framework = await asTeacher("GET", `/frameworks/${job.summary!.frameworkId}`);
    expect(((await framework.json()) as { competencies: unknown[] }).competencies).toHaveLength(585);
  });

  it("a package that is not CASE fails with each problem's JSON path, and a provider that is down says so", async () => {
    const broken = casePackage({ items: [{ id: crypto.randomUUID(), code: "B.1", statement: "Broken." }] });
    (broken.CFDocument as Record<string, unknown>).title = 42;
    const failed = await importAndFollow({ package: broken, fileName: "broken.json" });
    expect(failed).toMatchObject({ stage: "failed", summary: null, failure: { reason: "package" } });
    expect(failed.failure?.problems.map((p) => p.path)).toEqual(["CFDocument.title"]);

    const missing = await importAndFollow({ providerUrl: `${providerBase}/elsewhere/CFPackages/nothing` });
    expect(missing.failure).toMatchObject({
      reason: "provider",
      problems: [{ path: "", message: expect.stringContaining("404") }],
    });
  });
});
