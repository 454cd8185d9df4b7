import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { MasteryReport } from "../mastery.js";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { isMastered } from "../graph/frontier.js";
import { REASON_LOCALES, renderReason } from "../recommendation/reasons.js";
import { planToward, type PlanEdit, type PlanInput } from "./plan.js";

const now = new Date("2026-03-02T00:00:00Z");
const teacher = { kind: "teacher" as const, userId: "t1", name: "Ms. Rivera" };
const learner = { kind: "learner" as const, userId: "l1" };

function report(
  competencyId: string,
  status: MasteryReport["status"],
  probability = status === "mastered" ? 0.95 : 0.3,
): MasteryReport {
  return {
    competencyId,
    probability,
    status,
    confidence: { lower: probability - 0.1, upper: probability + 0.05, evidenceCount: 3 },
  };
}

/** count → add → multiply → divide, add → fractions, and a loose "geometry". */
function arithmetic(): CompetencyGraph {
  return CompetencyGraph.build({
    competencies: ["count", "add", "multiply", "divide", "fractions", "geometry"].map((id) => ({ id })),
    prerequisites: [
      { prerequisiteId: "count", dependentId: "add" },
      { prerequisiteId: "add", dependentId: "multiply" },
      { prerequisiteId: "multiply", dependentId: "divide" },
      { prerequisiteId: "add", dependentId: "fractions" },
    ],
  });
}

const arbitraryPlanInput = fc
  .integer({ min: 2, max: 25 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }),
      statuses: fc.array(
        fc.constantFrom<MasteryReport["status"]>("mastered", "developing", "not-started", "needs-review"),
        { minLength: n, maxLength: n },
      ),
      goals: fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 4 }),
      edits: fc.array(fc.record({ at: fc.nat(n - 1), pin: fc.boolean() }), { maxLength: 3 }),
      committed: fc.uniqueArray(fc.nat(n - 1), { maxLength: 3 }),
      minutesPerWeek: fc.integer({ min: 30, max: 600 }),
    }),
  )
  .map(({ n, edges, statuses, goals, edits, committed, minutesPerWeek }): PlanInput => {
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const graph = CompetencyGraph.build({
      competencies: ids.map((id) => ({ id })),
      prerequisites: edges
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => ({ prerequisiteId: ids[Math.min(a, b)]!, dependentId: ids[Math.max(a, b)]! })),
    });
    return {
      graph,
      learnerId: "l1",
      goal: {
        competencyIds: goals.map((g) => ids[g]!),
        targetDate: new Date("2026-05-01T00:00:00Z"),
        minutesPerWeek,
      },
      mastery: new Map(ids.map((id, i) => [id, report(id, statuses[i]!)])),
      now,
      edits: edits.map(({ at, pin }): PlanEdit => ({
        competencyId: ids[at]!,
        action: pin ? "pin" : "skip",
        by: pin ? learner : teacher,
        note: "because",
      })),
      committedThisWeek: committed.map((c) => ids[c]!),
    };
  });

describe("planToward", () => {
  it("orders every planned competency after its planned prerequisites, never plans a skip, covers the goals", () => {
    fc.assert(
      fc.property(arbitraryPlanInput, (input) => {
        const plan = planToward(input);
        const position = new Map(plan.items.map((item) => [item.competencyId, item.position]));
        const lastEdit = new Map((input.edits ?? []).map((e) => [e.competencyId, e.action]));
        for (const item of plan.items) {
          for (const a of input.graph.ancestorsOf(item.competencyId)) {
            if (position.has(a)) expect(position.get(a)!).toBeLessThan(item.position);
          }
          expect(lastEdit.get(item.competencyId)).not.toBe("skip");
          if (isMastered(input.mastery.get(item.competencyId)))
            expect(lastEdit.get(item.competencyId)).toBe("pin");
        }
        for (const goal of input.goal.competencyIds) {
          const covered =
            position.has(goal) || isMastered(input.mastery.get(goal)) || lastEdit.get(goal) === "skip";
          expect(covered).toBe(true);
        }
        for (const [id, action] of lastEdit) if (action === "pin") expect(position.has(id)).toBe(true);
        expect(plan.expectedCompletion.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(plan.minutesRemaining).toBe(plan.items.reduce((s, i) => s + i.minutes, 0));
        plan.items.forEach((item, k) => expect(item.position).toBe(k + 1));
      }),
    );
  });

  it("re-planning after new evidence keeps this week's commitments in their order", () => {
    fc.assert(
      fc.property(arbitraryPlanInput, fc.array(fc.nat(24), { maxLength: 5 }), (input, newlyMastered) => {
        const first = planToward(input);
        const committed = first.items.slice(0, 3).map((i) => i.competencyId);
        const mastery = new Map(input.mastery);
        for (const k of newlyMastered) {
          const id = input.graph.ids[k % input.graph.size]!;
          if (!committed.includes(id)) mastery.set(id, report(id, "mastered"));
        }
        const second = planToward({ ...input, mastery, committedThisWeek: committed });
        const stillOpen = committed.filter((id) => second.items.some((i) => i.competencyId === id));
        expect(second.items.slice(0, stillOpen.length).map((i) => i.competencyId)).toEqual(stillOpen);
      }),
    );
  });

  it("every decision in a plan is based on evidence that exists, for the competency it is about", () => {
    fc.assert(
      fc.property(
        arbitraryPlanInput,
        fc.array(fc.array(fc.nat(99), { maxLength: 4 }), { minLength: 25, maxLength: 25 }),
        (input, evidenceCodes) => {
          // Some competencies have evidence rows behind their estimate; the ids are unique per competency.
          const evidence = new Map(
            input.graph.ids
              .map((id, i): [string, string[]] => [
                id,
                [...new Set(evidenceCodes[i]!)].map((e) => `${id}:ev${e}`),
              ])
              .filter(([, ids]) => ids.length > 0),
          );
          const plan = planToward({ ...input, evidence });
          const all = new Set([...evidence.values()].flat());
          const planned = new Set(plan.items.map((i) => i.competencyId));
          for (const item of plan.items) {
            const own = new Set(evidence.get(item.competencyId) ?? []);
            for (const basis of item.decision.basedOn) {
              expect(basis.kind).toBe("performance");
              for (const reference of basis.references) expect(own.has(reference)).toBe(true);
              // The numbers cited are the learner's own estimate.
              const report = input.mastery.get(item.competencyId);
              if (report) expect(basis.values.pMastery).toBe(Math.round(report.probability * 100) / 100);
              expect(basis.values.minutes).toBe(item.minutes);
            }
          }
          for (const basis of plan.pacing.decision.basedOn)
            for (const reference of basis.references) {
              expect(all.has(reference)).toBe(true);
              expect(planned.has(reference.slice(0, reference.indexOf(":")))).toBe(true);
            }
          for (const skipped of plan.skipped)
            for (const basis of skipped.decision.basedOn) expect(basis.references).toEqual([]);
          for (const decision of [
            ...plan.items.map((i) => i.decision),
            plan.pacing.decision,
            ...plan.skipped.map((s) => s.decision),
          ])
            for (const locale of REASON_LOCALES)
              expect(renderReason(decision.reason, locale)).not.toMatch(/[{}]/);
        },
      ),
    );
  });

  it("puts goals in the order given with their prerequisites, and reports pacing", () => {
    const graph = arithmetic();
    const plan = planToward({
      graph,
      learnerId: "l1",
      goal: {
        competencyIds: ["divide", "fractions"],
        targetDate: new Date("2026-03-09T00:00:00Z"),
        minutesPerWeek: 70,
      },
      mastery: new Map([
        ["count", report("count", "mastered")],
        ["add", report("add", "developing", 0.4)],
      ]),
      now,
      minutesPerCompetency: new Map([["multiply", 60]]),
      evidence: new Map([["add", ["ev-1", "ev-2"]]]),
    });
    expect(plan.items.map((i) => i.competencyId)).toEqual(["add", "multiply", "divide", "fractions"]);
    expect(plan.items.map((i) => i.minutes)).toEqual([36, 60, 45, 45]); // add: 45 · (1 − 0.5 · 0.4)
    // 186 minutes at 10 a day: 19 days, due in 7: twelve days behind.
    expect(plan.expectedCompletion.toISOString().slice(0, 10)).toBe("2026-03-21");
    expect(plan.pacing).toMatchObject({ status: "behind", days: 12 });
    expect(plan.items[0]!.decision.basedOn[0]!.references).toEqual(["ev-1", "ev-2"]);
    const relaxed = planToward({
      graph,
      learnerId: "l1",
      goal: {
        competencyIds: ["fractions"],
        targetDate: new Date("2026-04-30T00:00:00Z"),
        minutesPerWeek: 300,
      },
      mastery: new Map([["count", report("count", "mastered")]]),
      now,
    });
    expect(relaxed.pacing.status).toBe("ahead");
  });

  it("respects pins and skips by learner and teacher, and reports a skipped prerequisite instead of undoing it", () => {
    const graph = arithmetic();
    const plan = planToward({
      graph,
      learnerId: "l1",
      goal: {
        competencyIds: ["multiply"],
        targetDate: new Date("2026-04-01T00:00:00Z"),
        minutesPerWeek: 120,
      },
      mastery: new Map([["count", report("count", "mastered")]]),
      now,
      edits: [
        { competencyId: "geometry", action: "pin", by: learner, note: "I like shapes" },
        { competencyId: "add", action: "skip", by: teacher, note: "Covered in class last term" },
      ],
    });
    expect(plan.items.map((i) => i.competencyId)).toEqual(["geometry", "multiply"]);
    expect(plan.items[0]!.decision.who).toEqual(learner);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ competencyId: "add", decision: expect.objectContaining({ who: teacher }) }),
    ]);
    expect(plan.warnings).toEqual([
      { code: "skipped-prerequisite", competencyId: "add", neededBy: ["multiply"] },
    ]);
  });
});
