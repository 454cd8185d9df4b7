import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forwardDueStatements, loadConfig, type Runtime } from "@pathwise/core";
import { createTestDatabase, xapiForwardOutbox, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "../app.js";
import { buildWorld, type World } from "../testing/world.js";
import { startXapiForwarder } from "../xapi-forwarder.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;
let clock = new Date("2026-10-05T14:00:00.000Z");
const now = () => clock;
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

/** A fake external LRS: answers as `mode` says, and keeps every statement it accepted (by id). */
let mode: "down" | "up" | "refuse-goals" = "down";
const arrived = new Map<string, number>();
const seen: { authorization?: string; version?: string; statements: Record<string, unknown>[] }[] = [];
let external: http.Server;
let endpoint = "";

function startExternalLrs(): Promise<void> {
  external = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const statements = JSON.parse(body) as Record<string, unknown>[];
      seen.push({
        authorization: req.headers.authorization,
        version: req.headers["x-experience-api-version"] as string | undefined,
        statements,
      });
      const isGoal = (s: Record<string, unknown>) =>
        (s.verb as { id: string }).id === "https://pathwise.example/xapi/verbs/set-goal";
      if (mode === "down") {
        res.writeHead(503).end("maintenance");
      } else if (mode === "refuse-goals" && statements.some(isGoal)) {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"verb not allowed here"}');
      } else {
        for (const s of statements) arrived.set(s.id as string, (arrived.get(s.id as string) ?? 0) + 1);
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(statements.map((s) => s.id)));
      }
    });
  });
  return new Promise((resolve) =>
    external.listen(0, "127.0.0.1", () => {
      endpoint = `http://127.0.0.1:${(external.address() as AddressInfo).port}/xapi/`;
      resolve();
    }),
  );
}

async function admin(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.request(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await world.tokenFor("admin")}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let answers = 0;
async function answer() {
  const res = await app.request(`/api/v1/items/${world.diagnosisItem.id}/attempts`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await world.tokenFor("learner")}`,
      "content-type": "application/json",
      "idempotency-key": `fwd-${++answers}`,
    },
    body: JSON.stringify({ response: { choiceId: answers % 2 ? "b" : "a" } }),
  });
  expect(res.status).toBe(201);
}
async function setGoal(title: string) {
  const res = await app.request(`/api/v1/learners/${world.people.learner.id}/goals`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await world.tokenFor("learner")}`,
      "content-type": "application/json",
      "idempotency-key": `goal-${title}`,
    },
    body: JSON.stringify({ title, competencyIds: [world.competency.id] }),
  });
  expect(res.status).toBe(201);
}

interface Forwarding {
  target: { paused: boolean; sentCount: number; lastError: string | null } | null;
  pending: number;
  failedCount: number;
  failed: { statementId: string; lastError: string | null }[];
}
const forwarding = async () => (await (await admin("GET", "/xapi/forwarding")).json()) as Forwarding;
const queued = async () => (await test.handle.db.select().from(xapiForwardOutbox)).map((r) => r.statementId);
/** The worker's loop, run by hand: send what is due until nothing more is. */
const drain = () => forwardDueStatements(test.handle.db, now, { batchSize: 3, baseDelayMs: 1000 });

beforeAll(async () => {
  test = await createTestDatabase();
  app = createApp({ config: loadConfig({}), database: test.handle, now } satisfies Runtime);
  world = await buildWorld(test.handle.db);
  await startExternalLrs();
});
afterAll(async () => {
  external.close();
  await test.close();
});

describe("forwarding Pathwise's statements to an external LRS", () => {
  it("delivers every statement exactly once through an outage, with the admin's credentials and version", async () => {
    const set = await admin("PUT", "/xapi/forwarding", {
      endpoint,
      username: "pathwise-key",
      password: "s3cret",
      xapiVersion: "2.0.0",
    });
    expect(set.status).toBe(200);
    expect(set.headers.get("etag")).toBe('"v1"');
    expect(JSON.stringify(await set.json())).not.toContain("s3cret");

    for (let i = 0; i < 4; i++) await answer();
    await setGoal("Thirds");
    const toSend = await queued();
    expect(toSend.length).toBeGreaterThanOrEqual(5);
    expect((await forwarding()).pending).toBe(toSend.length);

    // The external LRS is down: everything stays queued, retried later, not sooner.
    mode = "down";
    const first = await drain();
    expect(first.sent).toBe(0);
    expect(first.retrying).toBe(toSend.length);
    expect((await forwarding()).target?.lastError).toContain("HTTP 503");
    expect((await drain()).retrying).toBe(0); // nothing due before the backoff ends
    advance(1500);
    expect((await drain()).retrying).toBe(toSend.length); // second failure: the delay doubles
    advance(1500);
    expect((await drain()).retrying).toBe(0);

    mode = "up";
    advance(1000);
    const sent = await drain();
    expect(sent.sent).toBe(toSend.length);
    expect([...arrived.keys()].sort()).toEqual([...toSend].sort());
    expect([...arrived.values()].every((n) => n === 1)).toBe(true);
    expect(await queued()).toEqual([]);
    const after = await forwarding();
    expect(after).toMatchObject({
      pending: 0,
      failedCount: 0,
      target: { sentCount: toSend.length, lastError: null },
    });

    const last = seen.at(-1)!;
    expect(last.authorization).toBe(`Basic ${Buffer.from("pathwise-key:s3cret").toString("base64")}`);
    expect(last.version).toBe("2.0.0");
    // The external LRS assigns what an LRS assigns.
    expect(last.statements[0]).not.toHaveProperty("stored");
    expect(last.statements[0]).not.toHaveProperty("authority");
    // Nothing more to send, nothing sent twice.
    advance(60_000);
    expect((await drain()).sent).toBe(0);
  });

  it("sends nothing while paused, and what was queued meanwhile once resumed", async () => {
    expect((await admin("POST", "/xapi/forwarding/pause")).status).toBe(200);
    await answer();
    advance(1000);
    expect((await drain()).sent).toBe(0);
    const waiting = await forwarding();
    expect(waiting.target?.paused).toBe(true);
    expect(waiting.pending).toBeGreaterThan(0);

    expect((await admin("POST", "/xapi/forwarding/resume")).status).toBe(200);
    expect((await drain()).sent).toBe(waiting.pending);
    expect([...arrived.values()].every((n) => n === 1)).toBe(true);
  });

  it("parks a statement the external LRS refuses, shows why, and sends it when the admin retries", async () => {
    mode = "refuse-goals";
    const before = arrived.size;
    await setGoal("Sixths");
    await answer();
    advance(1000);
    const report = await drain();
    expect(report.failed).toBe(1);
    expect(report.sent).toBeGreaterThanOrEqual(1); // the answer's statements went through
    const parked = await forwarding();
    expect(parked.failedCount).toBe(1);
    expect(parked.failed[0]!.lastError).toContain("HTTP 400");
    expect(parked.failed[0]!.lastError).toContain("verb not allowed here");
    // Parked is parked: time alone does not resend it.
    advance(3_600_000);
    expect((await drain()).sent).toBe(0);

    mode = "up";
    const retry = await admin("POST", "/xapi/forwarding/retry", {});
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { requeued: number }).requeued).toBe(1);
    expect((await drain()).sent).toBe(1);
    expect(arrived.has(parked.failed[0]!.statementId)).toBe(true);
    expect(arrived.size).toBe(before + report.sent + 1);
    expect([...arrived.values()].every((n) => n === 1)).toBe(true);
    expect(await forwarding()).toMatchObject({ pending: 0, failedCount: 0 });
  });

  it("edits the settings only from the version the admin saw", async () => {
    const body = { endpoint, username: "other", xapiVersion: "1.0.3" };
    expect((await admin("PUT", "/xapi/forwarding", body, { "if-match": '"v1"' })).status).toBe(412);
    const current = await admin("GET", "/xapi/forwarding");
    const etag = current.headers.get("etag")!;
    const edited = await admin("PUT", "/xapi/forwarding", body, { "if-match": etag });
    expect(edited.status).toBe(200);
    const bad = await admin(
      "PUT",
      "/xapi/forwarding",
      { ...body, endpoint: "ftp://lrs" },
      {
        "if-match": edited.headers.get("etag")!,
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("body.endpoint");

    // The kept password is used with the new user name and version.
    await answer();
    advance(1000);
    expect((await drain()).sent).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({
      authorization: `Basic ${Buffer.from("other:s3cret").toString("base64")}`,
      version: "1.0.3",
    });
    expect(seen.at(-1)!.statements[0]).toMatchObject({ version: "1.0.3" });
  });

  it("is sent by the server's own worker, without anyone asking", async () => {
    const before = arrived.size;
    await answer();
    const worker = startXapiForwarder(
      { config: loadConfig({}), database: test.handle, now },
      { intervalMs: 20 },
    );
    try {
      for (let i = 0; i < 250 && arrived.size === before; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await worker.stop();
    }
    expect(arrived.size).toBeGreaterThan(before);
    expect(await queued()).toEqual([]);
  });
});
