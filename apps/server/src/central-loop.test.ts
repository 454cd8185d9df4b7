import { and, asc, eq, notExists, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, seedDemoSchoolIfEmpty, type DemoSeedResult, type Runtime } from "@pathwise/core";
import {
  competencies,
  competencyEdges,
  createTestDatabase,
  itemCompetencies,
  items,
  resourceCompetencies,
  resources,
  users,
  type TestDatabase,
} from "@pathwise/core/testing";
import { createApp } from "./app.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let demo: DemoSeedResult;
let skills: { id: string; humanCodingScheme: string | null }[];
const now = () => new Date("2026-10-05T14:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  const config = loadConfig({});
  demo = (await seedDemoSchoolIfEmpty(test.handle.db, config.demoFrameworkFile, now))!;
  app = createApp({ config, database: test.handle, now } satisfies Runtime);
  const db = test.handle.db;
  // Grade 5 skills a newcomer is ready for: no prerequisite in the framework.
  skills = await db
    .select({ id: competencies.id, humanCodingScheme: competencies.humanCodingScheme })
    .from(competencies)
    .where(
      and(
        eq(competencies.itemType, "Measured Skill"),
        sql`'05' = any(${competencies.educationLevels})`,
        notExists(
          db
            .select()
            .from(competencyEdges)
            .where(and(eq(competencyEdges.toId, competencies.id), eq(competencyEdges.kind, "prerequisite"))),
        ),
      ),
    )
    .orderBy(asc(competencies.position))
    .limit(5);
  // A little content per competency: a practice item and two resources in different modalities.
  for (const skill of skills) {
    const [item] = await db
      .insert(items)
      .values({
        organizationId: demo.organizationId,
        kind: "numeric",
        stem: `Practice for ${skill.humanCodingScheme}`,
        body: { kind: "numeric", answer: 42, tolerance: 0 },
      })
      .returning();
    await db
      .insert(itemCompetencies)
      .values({ organizationId: demo.organizationId, itemId: item!.id, competencyId: skill.id });
    for (const modality of ["video", "reading"] as const) {
      const [resource] = await db
        .insert(resources)
        .values({
          organizationId: demo.organizationId,
          title: `${modality} on ${skill.humanCodingScheme}`,
          kind: "link",
          url: "https://example.org/lesson",
          modality,
          expectedMinutes: 10,
          accessibilityFeatures: ["captions", "text-to-speech"],
        })
        .returning();
      await db
        .insert(resourceCompetencies)
        .values({ organizationId: demo.organizationId, resourceId: resource!.id, competencyId: skill.id });
    }
  }
});
afterAll(async () => test.close());

async function cookieOf(role: string) {
  const email = demo.signIns.find((s) => s.role === role)!.email;
  const res = await app.request("/api/v1/sessions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: demo.password }),
  });
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

const post = (cookie: string, body: unknown, extra: Record<string, string> = {}) => ({
  method: "POST",
  headers: { cookie, origin: "http://localhost", "content-type": "application/json", ...extra },
  body: JSON.stringify(body),
});

describe("the central loop over HTTP", () => {
  it("answer → state updated → board with reasons → ledger; contested, overridden, seen in the class matrix", async () => {
    expect(skills.length).toBe(5);
    const learnerCookie = await cookieOf("learner");
    const teacherCookie = await cookieOf("teacher");
    const learnerEmail = demo.signIns.find((s) => s.role === "learner")!.email;
    const [learner] = await test.handle.db.select().from(users).where(eq(users.email, learnerEmail));
    const base = `/api/v1/learners/${learner!.id}`;

    const answer = { kind: "attempt", competencyIds: [skills[0]!.id], correct: true, durationSeconds: 40 };
    const first = await app.request(
      `${base}/evidence`,
      post(learnerCookie, answer, { "idempotency-key": "tablet-7:answer-1" }),
    );
    expect(first.status).toBe(201);
    const recorded = (await first.json()) as {
      replayed: boolean;
      update: { changes: { before: { probability: number }; after: { probability: number } }[] };
    };
    expect(recorded.replayed).toBe(false);
    expect(recorded.update.changes[0]!.after.probability).toBeGreaterThan(
      recorded.update.changes[0]!.before.probability,
    );

    const retry = await app.request(
      `${base}/evidence`,
      post(learnerCookie, answer, { "idempotency-key": "tablet-7:answer-1" }),
    );
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const mastery = (await (
      await app.request(`${base}/mastery`, { headers: { cookie: learnerCookie } })
    ).json()) as { competencies: { evidenceCount: number }[] };
    expect(mastery.competencies).toHaveLength(1);
    expect(mastery.competencies[0]!.evidenceCount).toBe(1);

    const missingKey = await app.request(`${base}/evidence`, post(learnerCookie, answer));
    expect(missingKey.status).toBe(400);

    const boardRes = await app.request(`${base}/choice-board`, {
      method: "POST",
      headers: { cookie: learnerCookie, origin: "http://localhost" },
    });
    expect(boardRes.status).toBe(200);
    const board = (await boardRes.json()) as {
      options: { decisionId: string; kind: string; competencyId: string; why: string }[];
    };
    expect(board.options.length).toBeGreaterThanOrEqual(3);
    expect(board.options.length).toBeLessThanOrEqual(6);
    for (const option of board.options) expect(option.why.length).toBeGreaterThan(10);
    expect(new Set(board.options.map((o) => o.competencyId)).size).toBeGreaterThan(1);

    const ledger = (await (
      await app.request(`${base}/decisions`, { headers: { cookie: teacherCookie } })
    ).json()) as {
      items: {
        id: string;
        who: { kind: string; model: string | null };
        basedOn: { kind: string; references: string[] }[];
      }[];
    };
    const boardDecisions = ledger.items.filter((d) => board.options.some((o) => o.decisionId === d.id));
    expect(boardDecisions).toHaveLength(board.options.length);
    for (const decision of boardDecisions) {
      expect(decision.who).toMatchObject({ kind: "engine", model: "pathwise-choice-board" });
      expect(decision.basedOn.length).toBeGreaterThan(0);
    }

    const target = board.options[0]!.decisionId;
    const contest = await app.request(
      `/api/v1/decisions/${target}/contests`,
      post(learnerCookie, { reason: "I learned this at my old school" }),
    );
    expect(contest.status).toBe(201);
    const { id: contestId } = (await contest.json()) as { id: string };
    const resolved = await app.request(
      `/api/v1/contests/${contestId}/resolution`,
      post(teacherCookie, { outcome: "changed", resolution: "Fair — try the stretch task instead" }),
    );
    expect(resolved.status).toBe(200);
    const { overrideId } = (await resolved.json()) as { overrideId: string };
    const again = await app.request(
      `/api/v1/decisions/${target}/overrides`,
      post(teacherCookie, { reason: "Twice" }),
    );
    expect(again.status).toBe(409);

    const learnerView = (await (
      await app.request(`${base}/decisions`, { headers: { cookie: learnerCookie } })
    ).json()) as {
      items: {
        id: string;
        why: string;
        supersededBy: string | null;
        contests: { status: string }[];
        who: { kind: string };
      }[];
    };
    const overridden = learnerView.items.find((d) => d.id === target)!;
    expect(overridden.supersededBy).toBe(overrideId);
    expect(overridden.contests[0]!.status).toBe("changed");
    expect(learnerView.items.find((d) => d.id === overrideId)).toMatchObject({
      why: "Fair — try the stretch task instead",
      who: { kind: "teacher" },
    });

    const classes = (await (
      await app.request("/api/v1/classes", { headers: { cookie: teacherCookie } })
    ).json()) as { classes: { id: string }[] };
    const matrix = (await (
      await app.request(`/api/v1/classes/${classes.classes[0]!.id}/mastery-matrix`, {
        headers: { cookie: teacherCookie },
      })
    ).json()) as {
      learners: unknown[];
      competencies: { id: string }[];
      cellFields: string[];
      cells: Record<string, ([number, number, number, string] | null)[]>;
    };
    expect(matrix.learners).toHaveLength(20);
    expect(matrix.competencies.length).toBeGreaterThan(40);
    expect(matrix.cellFields).toEqual(["probability", "lower", "upper", "status"]);
    const row = matrix.cells[learner!.id]!;
    expect(row).toHaveLength(matrix.competencies.length);
    const [probability, lower, upper] = row[matrix.competencies.findIndex((k) => k.id === skills[0]!.id)]!;
    expect(probability).toBeGreaterThan(0.25);
    expect(lower).toBeLessThan(probability);
    expect(upper).toBeGreaterThan(probability);
    // Probabilities travel to three decimals: a heat map shows whole percents.
    expect(Number(probability.toFixed(3))).toBe(probability);
    // A competency with no evidence yet is an empty cell.
    expect(row.filter((cell) => cell === null).length).toBeGreaterThan(0);
  });

  it("with ?next=board one request records the answer, updates the state and returns the next board; a retry gets the same answer", async () => {
    const learnerCookie = await cookieOf("learner");
    const learnerEmail = demo.signIns.find((s) => s.role === "learner")!.email;
    const [learner] = await test.handle.db.select().from(users).where(eq(users.email, learnerEmail));
    const base = `/api/v1/learners/${learner!.id}`;
    const answer = { kind: "attempt", competencyIds: [skills[1]!.id], correct: true, durationSeconds: 25 };
    const send = () =>
      app.request(
        `${base}/evidence?next=board`,
        post(learnerCookie, answer, { "idempotency-key": "loop-1" }),
      );

    const res = await send();
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      update: { changes: { competencyId: string; after: { probability: number } }[] };
      board: { options: { decisionId: string; competencyId: string; why: string }[] };
    };
    expect(body.board.options.length).toBeGreaterThanOrEqual(3);
    for (const option of body.board.options) expect(option.why.length).toBeGreaterThan(10);
    // The state the board was built on is the one the answer produced.
    const mastery = (await (
      await app.request(`${base}/mastery`, { headers: { cookie: learnerCookie } })
    ).json()) as {
      competencies: { competencyId: string; probability: number }[];
    };
    expect(mastery.competencies.find((m) => m.competencyId === skills[1]!.id)!.probability).toBeCloseTo(
      body.update.changes[0]!.after.probability,
      5,
    );
    // Every option is in the ledger, and the answered competency's decision cites this answer.
    const ledger = (await (
      await app.request(`${base}/decisions?limit=50`, { headers: { cookie: learnerCookie } })
    ).json()) as { items: { id: string; competencyId: string; basedOn: { references?: string[] }[] }[] };
    const written = ledger.items.filter((d) => body.board.options.some((o) => o.decisionId === d.id));
    expect(written).toHaveLength(body.board.options.length);
    const answered = written.find((d) => d.competencyId === skills[1]!.id);
    if (answered) expect(JSON.stringify(answered.basedOn)).toContain(body.id);

    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const again = (await retry.json()) as typeof body;
    expect(again.board.options.map((o) => o.decisionId)).toEqual(body.board.options.map((o) => o.decisionId));
    const after = (await (
      await app.request(`${base}/mastery`, { headers: { cookie: learnerCookie } })
    ).json()) as {
      competencies: { competencyId: string; evidenceCount: number }[];
    };
    expect(after.competencies.find((m) => m.competencyId === skills[1]!.id)!.evidenceCount).toBe(1);
  });

  it("a content change made anywhere — even straight in the database — shows on the next board", async () => {
    const learnerCookie = await cookieOf("learner");
    const learnerEmail = demo.signIns.find((s) => s.role === "learner")!.email;
    const [learner] = await test.handle.db.select().from(users).where(eq(users.email, learnerEmail));
    const boardOf = async () =>
      (
        (await (
          await app.request(`/api/v1/learners/${learner!.id}/choice-board`, {
            method: "POST",
            headers: { cookie: learnerCookie, origin: "http://localhost" },
          })
        ).json()) as { options: { activityId: string }[] }
      ).options.map((o) => o.activityId);
    const before = await boardOf();
    const offered = before.find((id) => id.startsWith("resource:"))!;
    expect(offered).toBeDefined();
    expect(await boardOf()).toEqual(before); // the same day, the same picture: the same board
    await test.handle.db
      .update(resources)
      .set({ archivedAt: now() })
      .where(eq(resources.id, offered.slice("resource:".length)));
    expect(await boardOf()).not.toContain(offered);
  });

  it("a learner's pick from their board goes to the ledger as their decision, once", async () => {
    const learnerCookie = await cookieOf("learner");
    const teacherCookie = await cookieOf("teacher");
    const learnerEmail = demo.signIns.find((s) => s.role === "learner")!.email;
    const [learner] = await test.handle.db.select().from(users).where(eq(users.email, learnerEmail));
    const base = `/api/v1/learners/${learner!.id}`;
    const board = (await (
      await app.request(`${base}/choice-board`, {
        method: "POST",
        headers: { cookie: learnerCookie, origin: "http://localhost" },
      })
    ).json()) as { options: { decisionId: string; activityId: string }[] };
    const offered = board.options.map((o) => o.decisionId);
    const chosen = board.options[1]!;
    const pick = (cookie: string, decisionId: string, key: string) =>
      app.request(`${base}/decisions/${decisionId}/picks`, {
        method: "POST",
        headers: { cookie, origin: "http://localhost", "idempotency-key": key },
      });

    const res = await pick(learnerCookie, chosen.decisionId, "pick-1");
    expect(res.status).toBe(201);
    const picked = (await res.json()) as {
      id: string;
      options: string[];
      activityId: string;
      replayed: boolean;
    };
    expect(picked).toMatchObject({ activityId: chosen.activityId, replayed: false });
    expect([...picked.options].sort()).toEqual([...offered].sort());

    const ledger = (await (
      await app.request(`${base}/decisions?limit=100`, { headers: { cookie: teacherCookie } })
    ).json()) as {
      items: {
        id: string;
        who: { kind: string; userId: string };
        why: string;
        basedOn: { references: string[] }[];
      }[];
    };
    const entry = ledger.items.find((d) => d.id === picked.id)!;
    expect(entry.who).toMatchObject({ kind: "learner", userId: learner!.id });
    expect(entry.why).toMatch(
      new RegExp(`^You chose .+ from the ${offered.length} options on your board\\.$`),
    );
    expect([...entry.basedOn[0]!.references].sort()).toEqual([...offered].sort());

    // Picking the same option again (another click, another key) records nothing new.
    const again = (await (await pick(learnerCookie, chosen.decisionId, "pick-2")).json()) as typeof picked;
    expect(again).toMatchObject({ id: picked.id, replayed: true });
    // Only the learner picks; and only options of a board can be picked.
    expect((await pick(teacherCookie, board.options[0]!.decisionId, "pick-3")).status).toBe(403);
    expect((await pick(learnerCookie, picked.id, "pick-4")).status).toBe(404);
  });
});
