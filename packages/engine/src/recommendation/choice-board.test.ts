import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { isMastered, readyToLearn } from "../graph/frontier.js";
import { syntheticActivities, syntheticLearner } from "../evaluation/synthetic-classroom.js";
import {
  buildChoiceBoard,
  prepareChoiceBoards,
  type ChoiceBoardInput,
  type LearnerProfile,
} from "./choice-board.js";
import { REASON_LOCALES, REASON_MESSAGES, renderReason } from "./reasons.js";
import { seededRandom } from "./seeded-random.js";

const now = new Date("2026-03-02T09:00:00Z");

/** A layered random DAG of `n` competencies. */
function layeredGraph(n: number, seed: number): CompetencyGraph {
  const random = seededRandom(seed);
  const prerequisites = [];
  for (let i = 1; i < n; i++) {
    const count = Math.floor(random() * 3);
    for (let k = 0; k < count; k++)
      prerequisites.push({ prerequisiteId: `c${Math.floor(random() * i)}`, dependentId: `c${i}` });
  }
  return CompetencyGraph.build({
    competencies: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, title: `Competency ${i}` })),
    prerequisites,
  });
}

function scenario(
  graphSeed: number,
  learnerSeed: number,
): { graph: CompetencyGraph; input: ChoiceBoardInput; activities: ReturnType<typeof syntheticActivities> } {
  const graph = layeredGraph(40, graphSeed);
  const activities = syntheticActivities(graph, 12, seededRandom(graphSeed + 1));
  const learner = syntheticLearner(graph, `learner-${learnerSeed}`, now, seededRandom(learnerSeed));
  return {
    graph,
    activities,
    input: { ...learner, now, seed: 7, masteryModel: { name: "bkt", version: "1.0.0" } },
  };
}

const PROFILE_FIELDS: readonly (keyof LearnerProfile)[] = [
  "languages",
  "interests",
  "accommodations",
  "preferredModalities",
];

describe("buildChoiceBoard", () => {
  it("every option's decision is based on evidence that exists, and its kind matches the learner's state", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (graphSeed, learnerSeed) => {
        const { graph, input, activities } = scenario(graphSeed, learnerSeed);
        const board = buildChoiceBoard(prepareChoiceBoards(graph, activities), input);
        const evidenceIds = new Set([...input.evidence.values()].flat());
        const frontier = new Set(readyToLearn(graph, input.mastery));
        expect(board.options.length).toBeLessThanOrEqual(6);
        if (board.options.length < 3) expect(board.shortBecause).toBe("not-enough-matching-activities");
        expect(new Set(board.options.map((o) => o.competencyId)).size).toBe(board.options.length);
        for (const option of board.options) {
          for (const basis of option.decision.basedOn) {
            for (const reference of basis.references) {
              if (basis.kind === "profile") expect(PROFILE_FIELDS).toContain(reference);
              else expect(evidenceIds.has(reference)).toBe(true);
            }
          }
          expect(option.decision.who).toEqual({
            kind: "engine",
            model: "pathwise-choice-board",
            version: "1.0.0",
          });
          const mastered = isMastered(input.mastery.get(option.competencyId));
          if (option.kind === "review") expect(mastered).toBe(true);
          else expect(frontier.has(option.competencyId)).toBe(true);
          const activity = activities.find((a) => a.id === option.activityId)!;
          expect(activity.competencyId).toBe(option.competencyId);
          expect(input.profile.languages).toContain(option.language);
          for (const need of input.profile.accommodations) expect(activity.supports).toContain(need);
          for (const locale of REASON_LOCALES)
            expect(renderReason(option.decision.reason, locale)).not.toMatch(/[{}]/);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("is deterministic for a seed and varies with it", () => {
    const { graph, input, activities } = scenario(3, 4);
    const catalog = prepareChoiceBoards(graph, activities);
    expect(buildChoiceBoard(catalog, input)).toEqual(buildChoiceBoard(catalog, input));
    const boards = new Set(
      Array.from({ length: 8 }, (_, seed) =>
        JSON.stringify(buildChoiceBoard(catalog, { ...input, seed }).options.map((o) => o.activityId)),
      ),
    );
    expect(boards.size).toBeGreaterThan(1);
  });

  it("mixes new, practice and review, spreads modalities and honours interests", () => {
    const graph = CompetencyGraph.build({
      competencies: ["add", "subtract", "multiply", "divide", "fractions", "decimals"].map((id) => ({ id })),
      prerequisites: [
        { prerequisiteId: "add", dependentId: "multiply" },
        { prerequisiteId: "subtract", dependentId: "divide" },
      ],
    });
    const activities = graph.ids.flatMap((competencyId) =>
      ["video", "game", "reading"].map((modality) => ({
        id: `${competencyId}-${modality}`,
        title: `${competencyId} ${modality}`,
        competencyId,
        level: "at" as const,
        modality,
        languages: ["en", "es"],
        topics: modality === "game" ? ["sports"] : ["art"],
        supports: ["captions"],
        minutes: 10,
      })),
    );
    const report = (
      competencyId: string,
      status: "mastered" | "developing" | "needs-review",
      probability: number,
    ) => ({
      competencyId,
      probability,
      status,
      confidence: { lower: probability - 0.1, upper: probability + 0.1, evidenceCount: 4 },
    });
    const mastery = new Map([
      ["add", report("add", "mastered", 0.95)],
      ["subtract", report("subtract", "needs-review", 0.9)],
      ["fractions", report("fractions", "developing", 0.35)],
    ]);
    const board = buildChoiceBoard(prepareChoiceBoards(graph, activities), {
      profile: { learnerId: "ana", languages: ["es"], interests: ["sports"], accommodations: ["captions"] },
      mastery,
      evidence: new Map([
        ["add", ["e1", "e2"]],
        ["subtract", ["e3"]],
        ["fractions", ["e4", "e5"]],
      ]),
      now,
      seed: 1,
    });
    const kinds = new Set(board.options.map((o) => o.kind));
    expect(kinds).toEqual(new Set(["learn-new", "practice", "review"]));
    expect(board.options.length).toBeGreaterThanOrEqual(3);
    const modalities = board.options.map((o) => o.modality);
    expect(new Set(modalities).size).toBeGreaterThanOrEqual(Math.min(3, modalities.length));
    expect(board.options[0]!.modality).toBe("game"); // the sports activity wins when nothing is used yet
    const practice = board.options.find((o) => o.kind === "practice")!;
    expect(practice.level).toBe("at");
    expect(practice.decision.basedOn[0]).toEqual({
      kind: "performance",
      references: ["e4", "e5"],
      values: { competency: "fractions", pMastery: 0.35, evidenceCount: 4, status: "developing" },
    });
    expect(renderReason(practice.decision.reason, "es")).toContain("35 %");
  });

  it("fills the board from the competencies that have activities, however many ready ones have none", () => {
    // A framework of 60 ready competencies where only four have something to do: the board must not
    // come back short because its shortlist was spent on empty competencies.
    const ids = Array.from({ length: 60 }, (_, i) => `k${i}`);
    const graph = CompetencyGraph.build({ competencies: ids.map((id) => ({ id })), prerequisites: [] });
    const withActivities = ["k7", "k23", "k41", "k58"];
    const activities = withActivities.map((competencyId) => ({
      id: `${competencyId}-a`,
      title: competencyId,
      competencyId,
      level: "at" as const,
      modality: "reading",
      languages: ["en"],
      topics: [],
      supports: [],
      minutes: 10,
    }));
    const catalog = prepareChoiceBoards(graph, activities);
    for (let seed = 0; seed < 10; seed++) {
      const board = buildChoiceBoard(catalog, {
        profile: { learnerId: "sam", languages: ["en"], interests: [], accommodations: [] },
        mastery: new Map(),
        evidence: new Map(),
        now,
        seed,
      });
      expect(board.shortBecause).toBeUndefined();
      expect(board.options.length).toBeGreaterThanOrEqual(3);
      for (const option of board.options) expect(withActivities).toContain(option.competencyId);
    }
  });
});

describe("reasons", () => {
  it("every message id exists in English and Spanish and both parse", () => {
    const [en, es] = [REASON_MESSAGES.en, REASON_MESSAGES.es];
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it("renders a reason in both languages", () => {
    const reason = {
      messageId: "board.learn-new",
      values: { competency: "Fractions", prerequisiteCount: 2, interest: "music" },
    };
    expect(renderReason(reason, "en")).toBe(
      "You are ready for Fractions: you have mastered all 2 prerequisites. This one is about music.",
    );
    expect(renderReason(reason, "es")).toBe(
      "Estás listo para Fractions: ya dominas sus 2 requisitos previos. Esta actividad trata de music.",
    );
    expect(() => renderReason({ messageId: "nope", values: {} }, "en")).toThrow(/no "en" message/);
  });
});
