import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { isMastered, readyToLearn } from "../graph/frontier.js";
import type { MasteryReport } from "../mastery.js";
import { syntheticActivities, syntheticLearner } from "../evaluation/synthetic-classroom.js";
import { renderReason } from "../recommendation/reasons.js";
import { seededRandom } from "../recommendation/seeded-random.js";
import type { Activity } from "../recommendation/choice-board.js";
import { GroupingParameterError, suggestGroups, type GroupingLearner } from "./small-groups.js";

const now = new Date("2026-03-02T09:00:00Z");

function chain(): CompetencyGraph {
  return CompetencyGraph.build({
    competencies: ["count", "add", "subtract", "multiply"].map((id) => ({ id, title: `Title of ${id}` })),
    prerequisites: [
      { prerequisiteId: "count", dependentId: "add" },
      { prerequisiteId: "add", dependentId: "subtract" },
      { prerequisiteId: "add", dependentId: "multiply" },
    ],
  });
}

function report(competencyId: string, status: MasteryReport["status"], probability: number): MasteryReport {
  return { competencyId, probability, status, confidence: { lower: 0, upper: 1, evidenceCount: 3 } };
}

function learner(id: string, reports: MasteryReport[], languages?: string[]): GroupingLearner {
  return {
    learnerId: id,
    mastery: new Map(reports.map((r) => [r.competencyId, r])),
    evidence: new Map(reports.map((r) => [r.competencyId, [`ev-${id}-${r.competencyId}`]])),
    ...(languages ? { languages } : {}),
  };
}

const activity = (
  id: string,
  competencyId: string,
  languages: string[],
  level: Activity["level"],
): Activity => ({
  id,
  title: `Activity ${id}`,
  competencyId,
  level,
  modality: "hands-on",
  languages,
  topics: [],
  supports: [],
  minutes: 20,
});

describe("suggestGroups", () => {
  it("gathers the learners who share a next step, with an activity every member can use and a reason", () => {
    const graph = chain();
    const ready = ["ana", "ben", "cai", "dee"].map((id) =>
      learner(id, [report("count", "mastered", 0.95)], id === "dee" ? ["es"] : ["en", "es"]),
    );
    const ahead = learner("eve", [report("count", "mastered", 0.97), report("add", "mastered", 0.96)]);
    const activities = new Map([
      ["add", [activity("a-en", "add", ["en"], "at"), activity("a-both", "add", ["en", "es"], "below")]],
    ]);
    const { groups, ungrouped } = suggestGroups(graph, [...ready, ahead], activities, {
      minSize: 2,
      maxSize: 4,
      frontierPerLearner: 1,
      evidencePerLearner: 5,
    });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.competencyId).toBe("add");
    expect(new Set(groups[0]!.learnerIds)).toEqual(new Set(["ana", "ben", "cai", "dee"]));
    expect(groups[0]!.activity?.id).toBe("a-both");
    expect(ungrouped).toEqual(["eve"]);
    expect(renderReason(groups[0]!.decision.reason, "en")).toBe(
      "These learners are all ready to work on Title of add; suggested activity: Activity a-both.",
    );
    expect(groups[0]!.decision.basedOn.flatMap((b) => b.references)).toContain("ev-ana-count");
  });

  it("splits a large set into balanced groups within the teacher's bounds", () => {
    const graph = chain();
    const learners = Array.from({ length: 11 }, (_, i) =>
      learner(`l${i}`, [report("count", "mastered", 0.9)]),
    );
    const { groups, ungrouped } = suggestGroups(graph, learners, new Map(), {
      minSize: 3,
      maxSize: 4,
      frontierPerLearner: 1,
      evidencePerLearner: 5,
    });
    expect(groups.map((g) => g.learnerIds.length)).toEqual([4, 4, 3]);
    expect(ungrouped).toEqual([]);
    expect(renderReason(groups[0]!.decision.reason, "es")).toContain("todavía no hay una actividad");
  });

  it("rejects bounds that make no sense, naming the field", () => {
    const run = (minSize: number, maxSize: number) =>
      suggestGroups(chain(), [], new Map(), {
        minSize,
        maxSize,
        frontierPerLearner: 1,
        evidencePerLearner: 1,
      });
    expect(() => run(4, 3)).toThrow(GroupingParameterError);
    expect(() => run(0, 3)).toThrow(/minSize/);
    expect(() => run(2.5, 3)).toThrow(/minSize/);
  });

  it("never puts a learner in two groups, keeps sizes in bounds, and groups only on a real next step", () => {
    fc.assert(
      fc.property(
        fc.nat(500),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 5, max: 30 }),
        (seed, minSize, extra, classSize) => {
          const graph = CompetencyGraph.build({
            competencies: Array.from({ length: 25 }, (_, i) => ({ id: `c${i}` })),
            prerequisites: Array.from({ length: 24 }, (_, i) => ({
              prerequisiteId: `c${Math.floor(i / 2)}`,
              dependentId: `c${i + 1}`,
            })),
          });
          const random = seededRandom(seed);
          const learners = Array.from({ length: classSize }, (_, i) => {
            const s = syntheticLearner(graph, `l${i}`, now, random);
            return {
              learnerId: `l${i}`,
              mastery: s.mastery,
              evidence: s.evidence,
              languages: s.profile.languages,
            };
          });
          const activities = syntheticActivities(graph, 3, seededRandom(seed + 1));
          const byCompetency = new Map<string, Activity[]>();
          for (const a of activities)
            byCompetency.set(a.competencyId, [...(byCompetency.get(a.competencyId) ?? []), a]);
          const maxSize = minSize + extra;
          const { groups, ungrouped } = suggestGroups(graph, learners, byCompetency, {
            minSize,
            maxSize,
            frontierPerLearner: 2,
            evidencePerLearner: 10,
          });
          const seen = new Set<string>();
          for (const group of groups) {
            expect(group.learnerIds.length).toBeGreaterThanOrEqual(minSize);
            expect(group.learnerIds.length).toBeLessThanOrEqual(maxSize);
            for (const id of group.learnerIds) {
              expect(seen.has(id)).toBe(false);
              seen.add(id);
              const member = learners.find((l) => l.learnerId === id)!;
              const report = member.mastery.get(group.competencyId);
              expect(isMastered(report)).toBe(false);
              const onFrontier = readyToLearn(graph, member.mastery).includes(group.competencyId);
              const working = report?.status === "developing" || report?.status === "approaching";
              expect(onFrontier || working).toBe(true);
            }
            const allEvidence = new Set(
              group.learnerIds.flatMap((id) =>
                [...learners.find((l) => l.learnerId === id)!.evidence.values()].flat(),
              ),
            );
            for (const ref of group.decision.basedOn.flatMap((b) => b.references))
              expect(allEvidence.has(ref)).toBe(true);
            if (group.activity) expect(group.activity.competencyId).toBe(group.competencyId);
          }
          expect(seen.size + ungrouped.length).toBe(learners.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
