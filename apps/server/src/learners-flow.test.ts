/** The learners, plans, diagnosis and messaging routes as a client uses them: ETags, 412s, retries. */
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
  app = createApp({ config: loadConfig({}), database: test.handle, now: () => new Date() } satisfies Runtime);
  world = await buildWorld(test.handle.db);
});
afterAll(async () => test.close());

async function call(
  kind: ActorKind,
  path: string,
  init: RequestInit = {},
  headers: Record<string, string> = {},
) {
  const token = await world.tokenFor(kind);
  return app.request(`/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
  });
}

describe("plans over HTTP", () => {
  it("two teachers edit one plan at once with the same ETag: one is saved, the other gets 412", async () => {
    const learner = world.people.learner.id;
    const created = await call(
      "teacher",
      `/learners/${learner}/plans`,
      {
        method: "POST",
        body: JSON.stringify({
          title: "Concurrency",
          goalCompetencyIds: [world.competency.id],
          targetDate: "2026-12-18",
          weeklyMinutes: 90,
        }),
      },
      { "idempotency-key": "plan-concurrency" },
    );
    expect(created.status).toBe(201);
    const etag = created.headers.get("etag")!;
    const plan = (await created.json()) as { id: string };
    const edit = (minutes: number) =>
      call(
        "teacher",
        `/plans/${plan.id}`,
        { method: "PATCH", body: JSON.stringify({ weeklyMinutes: minutes }) },
        {
          "if-match": etag,
        },
      );
    const statuses = (await Promise.all([edit(120), edit(30)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412]);
    const stale = await edit(45);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      "header.if-match",
    );
    const current = await call("learner", `/plans/${plan.id}`);
    expect(current.headers.get("etag")).toBe('"v2"');
    // A retry of the create with the same key answers the first plan, creating nothing new.
    const retry = await call(
      "teacher",
      `/learners/${learner}/plans`,
      {
        method: "POST",
        body: JSON.stringify({
          title: "Concurrency",
          goalCompetencyIds: [world.competency.id],
          targetDate: "2026-12-18",
          weeklyMinutes: 90,
        }),
      },
      { "idempotency-key": "plan-concurrency" },
    );
    expect(((await retry.json()) as { id: string }).id).toBe(plan.id);
    // Every step's why is in the ledger, readable by the learner's family in plain words.
    const ledger = await call("guardian", `/learners/${learner}/decisions`);
    expect(ledger.status).toBe(200);
    const whys = ((await ledger.json()) as { items: { why: string }[] }).items.map((d) => d.why);
    expect(whys.some((why) => /step 1 toward your goal/.test(why))).toBe(true);
    expect(whys.some((why) => /minutes a week you should finish/.test(why))).toBe(true);
  });
});

describe("the profile over HTTP", () => {
  it("needs If-Match, names the field of bad input, and hides unshared fields from guardians", async () => {
    const path = `/learners/${world.people.learner.id}/profile`;
    const noEtag = await call("learner", path, {
      method: "PATCH",
      body: JSON.stringify({ needs: ["quiet"] }),
    });
    expect(noEtag.status).toBe(428);
    const etag = (await call("learner", path)).headers.get("etag")!;
    const bad = await call(
      "learner",
      path,
      { method: "PATCH", body: JSON.stringify({ howILearnBest: "x".repeat(3000) }) },
      {
        "if-match": etag,
      },
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0]?.path).toBe(
      "body.howILearnBest",
    );
    const saved = await call(
      "learner",
      path,
      {
        method: "PATCH",
        body: JSON.stringify({
          needs: ["quiet corner"],
          strengths: ["drawing"],
          sharedWithGuardians: ["strengths"],
        }),
      },
      { "if-match": etag },
    );
    expect(saved.status).toBe(200);
    const seen = (await (await call("guardian", path)).json()) as {
      strengths: string[] | null;
      needs: string[] | null;
    };
    expect(seen).toMatchObject({ strengths: ["drawing"], needs: null });
  });
});

describe("a placement over HTTP", () => {
  it("serves the question without its key and returns the result after the answer", async () => {
    const session = (await (await call("learner", `/diagnosis-sessions/${world.diagnosis.id}`)).json()) as {
      status: string;
      question: { itemId: string; choices: unknown[] } | null;
    };
    expect(session.status).toBe("in_progress");
    expect(JSON.stringify(session.question)).not.toContain("correct");
    const answered = await call("learner", `/diagnosis-sessions/${world.diagnosis.id}/answers`, {
      method: "POST",
      body: JSON.stringify({ itemId: session.question!.itemId, response: "b" }),
    });
    const result = (await answered.json()) as {
      status: string;
      result: { competencies: { probability: number }[] };
    };
    expect(result.status).toBe("finished");
    expect(result.result.competencies[0]!.probability).toBeGreaterThan(0.5);
    const mastery = (await (
      await call("guardian", `/learners/${world.people.learner.id}/mastery`)
    ).json()) as unknown;
    expect(JSON.stringify(mastery)).toContain(world.competency.id);
  });
});

describe("messaging over HTTP", () => {
  it("counts unread messages per person until they mark the conversation read", async () => {
    const unread = async (kind: ActorKind) =>
      ((await (await call(kind, "/me/threads")).json()) as { totalUnread: number }).totalUnread;
    expect(await unread("guardian")).toBe(1);
    const posted = await call(
      "guardian",
      `/threads/${world.thread.id}/messages`,
      { method: "POST", body: JSON.stringify({ body: "We practised at home too." }) },
      { "idempotency-key": "guardian-reply" },
    );
    expect(posted.status).toBe(201);
    expect(await unread("guardian")).toBe(0);
    expect(await unread("teacher")).toBe(1);
    await call("teacher", `/threads/${world.thread.id}/read`, { method: "POST" });
    expect(await unread("teacher")).toBe(0);
    expect((await call("otherGuardian", `/threads/${world.thread.id}/messages`)).status).toBe(404);
  });
});
