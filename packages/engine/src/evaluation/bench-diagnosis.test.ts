import { describe, expect, it } from "vitest";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { runDiagnosisBenchmark } from "./bench-diagnosis.js";

/** Two chains of eight and four competencies with no edge. */
function graph(): CompetencyGraph {
  const ids = [
    ...Array.from({ length: 8 }, (_, i) => `a${i}`),
    ...Array.from({ length: 8 }, (_, i) => `b${i}`),
    ...Array.from({ length: 4 }, (_, i) => `lone${i}`),
  ];
  const prerequisites = [];
  for (let i = 1; i < 8; i++) {
    prerequisites.push({ prerequisiteId: `a${i - 1}`, dependentId: `a${i}` });
    prerequisites.push({ prerequisiteId: `b${i - 1}`, dependentId: `b${i}` });
  }
  return CompetencyGraph.build({ competencies: ids.map((id) => ({ id })), prerequisites });
}

describe("the diagnosis benchmark", () => {
  it("simulates the same learners whatever number of questions the placement asks", () => {
    const options = { learners: 40, seed: 7, diagnosis: { particles: 300 } };
    const short = runDiagnosisBenchmark(graph(), {
      ...options,
      diagnosis: { ...options.diagnosis, maxQuestions: 3 },
    });
    const long = runDiagnosisBenchmark(graph(), {
      ...options,
      diagnosis: { ...options.diagnosis, maxQuestions: 10 },
    });
    expect(long.meanQuestions).toBeGreaterThan(short.meanQuestions);
    // The majority guess asks nothing: it depends only on who was simulated.
    expect(long.majorityAccuracy).toBe(short.majorityAccuracy);
    // More answers from the same learners place them better.
    expect(long.accuracy).toBeGreaterThan(short.accuracy);
  });
});
