import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CompetencyGraph, CompetencyGraphError } from "../graph/competency-graph.js";
import { PlacementDiagnosis } from "./placement.js";

/** Two chains of ten (a0 → a1 → … and b0 → b1 → …) and a few loose competencies. */
function twoChains(): CompetencyGraph {
  const ids = [
    ...Array.from({ length: 10 }, (_, i) => `a${i}`),
    ...Array.from({ length: 10 }, (_, i) => `b${i}`),
    "x",
    "y",
  ];
  const prerequisites = [];
  for (let i = 1; i < 10; i++) {
    prerequisites.push({ prerequisiteId: `a${i - 1}`, dependentId: `a${i}` });
    prerequisites.push({ prerequisiteId: `b${i - 1}`, dependentId: `b${i}` });
  }
  return CompetencyGraph.build({ competencies: ids.map((id) => ({ id })), prerequisites });
}

function run(graph: CompetencyGraph, knows: (id: string) => boolean, maxQuestions = 12): PlacementDiagnosis {
  const diagnosis = new PlacementDiagnosis(graph, { maxQuestions });
  for (let next = diagnosis.nextQuestion(); next !== undefined; next = diagnosis.nextQuestion()) {
    diagnosis.recordAnswer({ competencyId: next, correct: knows(next) });
  }
  return diagnosis;
}

describe("PlacementDiagnosis", () => {
  it("places a consistent learner correctly on most of the graph with few questions", () => {
    const graph = twoChains();
    const truth = (id: string): boolean =>
      id.startsWith("a") ? Number(id.slice(1)) < 6 : id.startsWith("b") ? Number(id.slice(1)) < 3 : true;
    const diagnosis = run(graph, truth, 10);
    const result = diagnosis.result();
    const right = result.competencies.filter((c) => c.mastered === truth(c.competencyId)).length;
    expect(result.questionsAsked).toBeLessThanOrEqual(10);
    expect(right / graph.size).toBeGreaterThanOrEqual(0.85);
  });

  it("a success raises every prerequisite and a failure lowers every dependent", () => {
    const graph = twoChains();
    const before = new PlacementDiagnosis(graph).probabilities();
    const success = new PlacementDiagnosis(graph);
    success.recordAnswer({ competencyId: "a7", correct: true });
    const afterSuccess = success.probabilities();
    for (const id of graph.ancestorsOf("a7"))
      expect(afterSuccess[graph.indexOf(id)]!).toBeGreaterThan(before[graph.indexOf(id)]!);
    const failure = new PlacementDiagnosis(graph);
    failure.recordAnswer({ competencyId: "b2", correct: false });
    const afterFailure = failure.probabilities();
    for (const id of graph.descendantsOf("b2"))
      expect(afterFailure[graph.indexOf(id)]!).toBeLessThan(before[graph.indexOf(id)]!);
  });

  it("is deterministic, never asks twice, and stops at the question cap", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 22, maxLength: 22 }), (flags) => {
        const graph = twoChains();
        const knows = (id: string): boolean => flags[graph.indexOf(id)]!;
        const asked = (d: PlacementDiagnosis): string[] =>
          d
            .result()
            .competencies.filter((c) => c.asked)
            .map((c) => c.competencyId);
        const first = run(graph, knows, 6);
        const second = run(graph, knows, 6);
        expect(asked(first)).toEqual(asked(second));
        expect(first.questionsAsked).toBe(6);
        expect(new Set(asked(first)).size).toBe(6);
        expect(first.result().stoppedBecause).toBe("question-cap");
        for (const c of first.result().competencies) {
          expect(c.probability).toBeGreaterThanOrEqual(0);
          expect(c.probability).toBeLessThanOrEqual(1);
          expect(c.confidence).toBeCloseTo(Math.max(c.probability, 1 - c.probability));
        }
      }),
      { numRuns: 20 },
    );
  });

  it("replaying the same answers gives the same state and the same next question (as a resumed session does)", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 22, maxLength: 22 }), (flags) => {
        const graph = twoChains();
        const live = new PlacementDiagnosis(graph, { maxQuestions: 8 });
        const answers: { competencyId: string; correct: boolean }[] = [];
        for (let next = live.nextQuestion(); next !== undefined; next = live.nextQuestion()) {
          const answer = { competencyId: next, correct: flags[graph.indexOf(next)]! };
          answers.push(answer);
          live.recordAnswer(answer);
          // A session resumed after this answer rebuilds the placement from the answers alone.
          const replayed = new PlacementDiagnosis(graph, { maxQuestions: 8 });
          for (const a of answers) replayed.recordAnswer(a);
          expect(Array.from(replayed.probabilities())).toEqual(Array.from(live.probabilities()));
          expect(replayed.nextQuestion()).toBe(live.nextQuestion());
        }
      }),
      { numRuns: 10 },
    );
  });

  it("stops early once confident", () => {
    const graph = CompetencyGraph.build({
      competencies: [{ id: "a" }, { id: "b" }],
      prerequisites: [{ prerequisiteId: "a", dependentId: "b" }],
    });
    const diagnosis = new PlacementDiagnosis(graph, { stopAtExpectedAccuracy: 0.6, maxQuestions: 30 });
    diagnosis.recordAnswer({ competencyId: "b", correct: true });
    expect(diagnosis.result().stoppedBecause).toBe("confident");
    expect(diagnosis.nextQuestion()).toBeUndefined();
  });

  it("rejects an answer about a competency the graph does not have", () => {
    const diagnosis = new PlacementDiagnosis(twoChains());
    expect(() => diagnosis.recordAnswer({ competencyId: "nope", correct: true })).toThrow(
      CompetencyGraphError,
    );
  });

  it("asks only about competencies that have questions, and still infers the others", () => {
    const graph = twoChains();
    const askable = new Set(["a0", "a3", "a6", "a9", "b0", "b3", "b6", "b9"]);
    const diagnosis = new PlacementDiagnosis(graph, { maxQuestions: 30 }, new Map(), askable);
    const asked: string[] = [];
    for (let next = diagnosis.nextQuestion(); next !== undefined; next = diagnosis.nextQuestion()) {
      asked.push(next);
      diagnosis.recordAnswer({ competencyId: next, correct: Number(next.slice(1)) < 5 });
    }
    for (const id of asked) expect(askable.has(id)).toBe(true);
    expect(asked.length).toBeLessThanOrEqual(askable.size);
    const result = diagnosis.result();
    const estimate = (id: string) => result.competencies.find((c) => c.competencyId === id)!;
    // Never asked, inferred from the chain: a1 lies below a mastered a3, a8 above a failed a6.
    expect(estimate("a1")).toMatchObject({ asked: false, mastered: true });
    expect(estimate("a8")).toMatchObject({ asked: false, mastered: false });
  });

  it("gives competencies with the same prerequisites and dependents the same estimate until one is asked", () => {
    // s1, s2, s3 sit under one target: each needs a0 and is needed by c; x and y have no edge at all.
    const graph = CompetencyGraph.build({
      competencies: ["a0", "s1", "s2", "s3", "c", "x", "y"].map((id) => ({ id })),
      prerequisites: [
        ...["s1", "s2", "s3"].map((id) => ({ prerequisiteId: "a0", dependentId: id })),
        ...["s1", "s2", "s3"].map((id) => ({ prerequisiteId: id, dependentId: "c" })),
      ],
    });
    const diagnosis = new PlacementDiagnosis(graph, { particles: 500 });
    const estimate = (id: string): number => diagnosis.probabilities()[graph.indexOf(id)]!;
    diagnosis.recordAnswer({ competencyId: "a0", correct: true });
    expect(estimate("s1")).toBe(estimate("s2"));
    expect(estimate("s2")).toBe(estimate("s3"));
    expect(estimate("x")).toBe(estimate("y"));
    diagnosis.recordAnswer({ competencyId: "s1", correct: false });
    diagnosis.recordAnswer({ competencyId: "s1", correct: false });
    // s1's own answers set it apart; its unasked twins still share one estimate, above s1's.
    expect(estimate("s2")).toBe(estimate("s3"));
    expect(estimate("s1")).toBeLessThan(estimate("s2"));
  });
});
