/**
 * Pinned output: the boards (options, decisions and their reasons in English and Spanish) for a fixed
 * classroom, recorded in `__snapshots__/pinned-boards.jsonl`. Any change to what a learner is offered,
 * or to what a decision says it is based on, shows up here line by line — speed work on the board
 * builder must leave this file untouched.
 */
import { describe, expect, it } from "vitest";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { syntheticActivities, syntheticLearner } from "../evaluation/synthetic-classroom.js";
import { buildChoiceBoard, prepareChoiceBoards, type ChoiceBoardInput } from "./choice-board.js";
import { REASON_LOCALES, renderReason } from "./reasons.js";
import { seededRandom } from "./seeded-random.js";

const now = new Date("2026-03-02T09:00:00Z");

/** A layered random DAG of `n` competencies (up to three prerequisites each). */
function layeredGraph(n: number, seed: number): CompetencyGraph {
  const random = seededRandom(seed);
  const prerequisites = [];
  for (let i = 1; i < n; i++) {
    const count = Math.floor(random() * 4);
    for (let k = 0; k < count; k++)
      prerequisites.push({ prerequisiteId: `c${Math.floor(random() * i)}`, dependentId: `c${i}` });
  }
  return CompetencyGraph.build({
    competencies: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, title: `Competency ${i}` })),
    prerequisites,
  });
}

describe("choice boards (pinned output)", () => {
  it("offers exactly the recorded boards, decisions and reasons for a fixed classroom", async () => {
    const graph = layeredGraph(90, 11);
    const catalog = prepareChoiceBoards(graph, syntheticActivities(graph, 20, seededRandom(12)));
    const random = seededRandom(13);
    const lines: string[] = [];
    for (let i = 0; i < 48; i++) {
      const learner = syntheticLearner(graph, `learner-${i}`, now, random);
      const input: ChoiceBoardInput = {
        ...learner,
        now,
        seed: 5,
        masteryModel: { name: "bkt", version: "1.0.0" },
      };
      // A few profiles the catalogue serves badly: a need nobody offers, a language nobody speaks.
      if (i % 16 === 7) input.profile = { ...learner.profile, accommodations: ["sign-language"] };
      if (i % 16 === 9) input.profile = { ...learner.profile, languages: ["fr"] };
      if (i % 16 === 11)
        input.profile = { ...learner.profile, languages: ["fr", "es"], preferredModalities: [] };
      const board = buildChoiceBoard(catalog, input);
      lines.push(
        JSON.stringify({
          ...board,
          reasons: board.options.map((o) =>
            REASON_LOCALES.map((locale) => renderReason(o.decision.reason, locale)),
          ),
        }),
      );
    }
    await expect(lines.join("\n") + "\n").toMatchFileSnapshot("__snapshots__/pinned-boards.jsonl");
  });
});
