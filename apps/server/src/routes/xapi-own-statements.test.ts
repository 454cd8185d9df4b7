import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Runtime } from "@pathwise/core";
import { createTestDatabase, evidence, type TestDatabase } from "@pathwise/core/testing";
import { createApp } from "../app.js";
import { buildWorld, type World } from "../testing/world.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;
let clock = new Date("2026-10-05T14:00:00.000Z");
const tick = () => (clock = new Date(clock.getTime() + 1000));

const PROFILE = "https://pathwise.example/xapi/profile";
interface Credentials {
  key: string;
  secret: string;
}
interface Statement {
  id: string;
  actor: { account?: { homePage: string; name: string } };
  verb: { id: string };
  object: { id: string };
  result?: { success?: boolean; score?: { scaled: number } };
  context?: { contextActivities?: { category?: { id: string }[] }; extensions?: Record<string, unknown> };
}
let reader: Credentials;
let writer: Credentials;
let awayReader: Credentials;

async function issue(kind: "admin" | "otherAdmin", scopes: string[]): Promise<Credentials> {
  const res = await app.request("/api/v1/xapi/clients", {
    method: "POST",
    headers: { authorization: `Bearer ${await world.tokenFor(kind)}`, "content-type": "application/json" },
    body: JSON.stringify({ name: `${kind} ${scopes.join("+")}`, scopes }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Credentials;
}

function lrs(path: string, credentials: Credentials, init: { method?: string; body?: unknown } = {}) {
  return app.request(`/xapi${path}`, {
    method: init.method ?? "GET",
    headers: {
      "X-Experience-API-Version": "2.0.0",
      authorization: `Basic ${Buffer.from(`${credentials.key}:${credentials.secret}`).toString("base64")}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const agentOf = (userId: string) =>
  encodeURIComponent(
    JSON.stringify({ account: { homePage: "https://pathwise.example/learners", name: userId } }),
  );

async function statementsOf(credentials: Credentials, userId: string, verb: string): Promise<Statement[]> {
  const res = await lrs(`/statements?agent=${agentOf(userId)}&verb=${encodeURIComponent(verb)}`, credentials);
  expect(res.status).toBe(200);
  return ((await res.json()) as { statements: Statement[] }).statements;
}

async function api(kind: "learner" | "admin", method: string, path: string, body: unknown, key?: string) {
  return app.request(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await world.tokenFor(kind)}`,
      "content-type": "application/json",
      ...(key ? { "idempotency-key": key } : {}),
    },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  test = await createTestDatabase();
  app = createApp({ config: loadConfig({}), database: test.handle, now: () => tick() } satisfies Runtime);
  world = await buildWorld(test.handle.db);
  reader = await issue("admin", ["read"]);
  writer = await issue("admin", ["read", "write"]);
  awayReader = await issue("otherAdmin", ["read"]);
});
afterAll(async () => test.close());

describe("Pathwise's own statements", () => {
  const answered = "http://adlnet.gov/expapi/verbs/answered";

  it("tell the organization's LRS readers that a learner answered an item, once however often the answer is retried", async () => {
    const learnerId = world.people.learner.id;
    const itemId = world.diagnosisItem.id;
    const before = await statementsOf(reader, learnerId, answered);
    for (let i = 0; i < 2; i++) {
      const res = await api(
        "learner",
        "POST",
        `/items/${itemId}/attempts`,
        { response: { choiceId: "b" } },
        "tab-1:a1",
      );
      expect(res.status).toBeLessThan(300);
    }
    const after = await statementsOf(reader, learnerId, answered);
    expect(after).toHaveLength(before.length + 1);
    const told = after.find((s) => !before.some((b) => b.id === s.id))!;
    expect(told.object.id).toBe(`https://pathwise.example/xapi/items/${itemId}`);
    expect(told.result).toMatchObject({ success: true, score: { scaled: 1 } });
    expect(told.context?.contextActivities?.category?.map((c) => c.id)).toEqual([PROFILE]);
    // Another organization's credentials see none of it.
    expect(await statementsOf(awayReader, learnerId, answered)).toHaveLength(0);
  });

  it("tell a goal set and a reflection written on it", async () => {
    const learnerId = world.people.learner.id;
    const goal = await api(
      "learner",
      "POST",
      `/learners/${learnerId}/goals`,
      {
        title: "Subtract fractions",
        competencyIds: [world.competency.id],
      },
      "tab-1:g1",
    );
    expect(goal.status).toBe(201);
    const { id: goalId } = (await goal.json()) as { id: string };
    const set = await statementsOf(reader, learnerId, "https://pathwise.example/xapi/verbs/set-goal");
    expect(set.map((s) => s.object.id)).toContain(`https://pathwise.example/xapi/goals/${goalId}`);

    const checkIn = await api(
      "learner",
      "POST",
      `/goals/${goalId}/check-ins`,
      {
        note: "Halves are easy, thirds not yet.",
        progress: 40,
      },
      "tab-1:c1",
    );
    expect(checkIn.status).toBe(201);
    const reflected = await statementsOf(reader, learnerId, "https://pathwise.example/xapi/verbs/reflected");
    expect(reflected).toHaveLength(1);
    expect(reflected[0]).toMatchObject({
      object: { id: `https://pathwise.example/xapi/goals/${goalId}` },
      result: { score: { scaled: 0.4 } },
    });
    // The learner's words stay in Pathwise: the statement says that they reflected, not what.
    expect(JSON.stringify(reflected[0])).not.toContain("thirds");
  });

  it("never become evidence again, even when sent back through /xapi for a mapped activity", async () => {
    const learner = world.people.learner;
    const itemActivity = `https://pathwise.example/xapi/items/${world.diagnosisItem.id}`;
    const map = await api("admin", "PUT", "/xapi/activity-mappings", {
      activityId: itemActivity,
      competencyIds: [world.competency.id],
    });
    expect(map.status).toBe(200);
    const xapiEvidence = () =>
      test.handle.db
        .select()
        .from(evidence)
        .where(and(eq(evidence.learnerId, learner.id), eq(evidence.source, "xapi")));
    const [own] = await statementsOf(reader, learner.id, answered);
    const echoed = { ...own!, id: randomUUID() } as Record<string, unknown>;
    delete echoed.stored;
    delete echoed.authority;
    delete echoed.version;
    expect((await lrs("/statements", writer, { method: "POST", body: echoed })).status).toBe(200);
    expect(await xapiEvidence()).toHaveLength(0);

    // The same statement without Pathwise's profile is another client's, and counts.
    const context = { ...(echoed.context as object), contextActivities: {} };
    const foreign = { ...echoed, id: randomUUID(), context };
    expect((await lrs("/statements", writer, { method: "POST", body: foreign })).status).toBe(200);
    expect(await xapiEvidence()).toHaveLength(1);
  });
});
