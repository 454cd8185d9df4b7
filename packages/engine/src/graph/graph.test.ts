import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { MasteryReport } from "../mastery.js";
import {
  CompetencyGraph,
  CompetencyGraphError,
  validateCompetencyGraph,
  type CompetencyGraphInput,
} from "./competency-graph.js";
import { masteryLookup, readyToLearn, shakySet } from "./frontier.js";
import { propagateEvidence } from "./propagation.js";

/** Random DAGs: edges only go from an earlier to a later position of a shuffled id list. */
const arbitraryDag = fc
  .integer({ min: 1, max: 30 })
  .chain((n) =>
    fc.record({
      order: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => `c${i}`),
        { minLength: n, maxLength: n },
      ),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
    }),
  )
  .map(({ order, edges }): CompetencyGraphInput => ({
    competencies: order.map((id) => ({ id })),
    prerequisites: edges
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ prerequisiteId: order[Math.min(a, b)]!, dependentId: order[Math.max(a, b)]! })),
  }));

function report(competencyId: string, status: MasteryReport["status"]): MasteryReport {
  const probability = status === "mastered" ? 0.95 : 0.3;
  return {
    competencyId,
    probability,
    status,
    confidence: { lower: probability - 0.1, upper: probability + 0.05, evidenceCount: 4 },
  };
}

describe("CompetencyGraph", () => {
  it("a topological order respects every edge", () => {
    fc.assert(
      fc.property(arbitraryDag, (input) => {
        const graph = CompetencyGraph.build(input);
        const order = graph.topologicalOrder();
        expect(new Set(order).size).toBe(input.competencies.length);
        const position = new Map(order.map((id, i) => [id, i]));
        for (const e of input.prerequisites)
          expect(position.get(e.prerequisiteId)!).toBeLessThan(position.get(e.dependentId)!);
      }),
    );
  });

  it("ancestors and descendants mirror each other and follow the edges", () => {
    fc.assert(
      fc.property(arbitraryDag, (input) => {
        const graph = CompetencyGraph.build(input);
        for (const e of input.prerequisites)
          expect(graph.ancestorsOf(e.dependentId)).toContain(e.prerequisiteId);
        for (const id of graph.ids) {
          for (const a of graph.ancestorsOf(id)) expect(graph.descendantsOf(a)).toContain(id);
          expect(graph.ancestorsOf(id)).not.toContain(id);
        }
      }),
    );
  });

  it("the frontier never contains a competency with an unmastered prerequisite, nor a mastered one", () => {
    fc.assert(
      fc.property(arbitraryDag, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (input, flags) => {
        const graph = CompetencyGraph.build(input);
        const mastery = masteryLookup(
          graph.ids.map((id, i) => report(id, flags[i] ? "mastered" : "developing")),
        );
        const frontier = readyToLearn(graph, mastery);
        for (const id of frontier) {
          expect(mastery.get(id)!.status).not.toBe("mastered");
          for (const p of graph.prerequisitesOf(id)) expect(mastery.get(p)!.status).toBe("mastered");
        }
        // and it is complete: every unmastered competency with mastered prerequisites is in it
        for (const id of graph.ids) {
          const ready =
            mastery.get(id)!.status !== "mastered" &&
            graph.prerequisitesOf(id).every((p) => mastery.get(p)!.status === "mastered");
          expect(frontier.includes(id)).toBe(ready);
        }
      }),
    );
  });

  it("adding evidence never removes a mastered prerequisite from the ancestors", () => {
    const threshold = 0.8;
    fc.assert(
      fc.property(
        arbitraryDag,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(29), fc.boolean()), { maxLength: 10 }),
        (input, probabilities, observations) => {
          const graph = CompetencyGraph.build(input);
          let estimates = new Map(graph.ids.map((id, i) => [id, probabilities[i]!]));
          for (const [k, correct] of observations) {
            const competencyId = graph.ids[k % graph.size]!;
            const before = graph.ancestorsOf(competencyId).filter((a) => estimates.get(a)! >= threshold);
            estimates = propagateEvidence(graph, estimates, { competencyId, correct });
            for (const a of before) expect(estimates.get(a)!).toBeGreaterThanOrEqual(threshold);
          }
        },
      ),
    );
  });

  it("success lifts prerequisites and failure lowers dependents, fading with distance", () => {
    const graph = CompetencyGraph.build({
      competencies: [{ id: "count" }, { id: "add" }, { id: "multiply" }],
      prerequisites: [
        { prerequisiteId: "count", dependentId: "add" },
        { prerequisiteId: "add", dependentId: "multiply" },
      ],
    });
    const even = new Map([
      ["count", 0.5],
      ["add", 0.5],
      ["multiply", 0.5],
    ]);
    const afterSuccess = propagateEvidence(graph, even, { competencyId: "multiply", correct: true });
    expect(afterSuccess.get("add")!).toBeGreaterThan(afterSuccess.get("count")!);
    expect(afterSuccess.get("count")!).toBeGreaterThan(0.5);
    expect(afterSuccess.get("multiply")).toBe(0.5);
    const afterFailure = propagateEvidence(graph, even, { competencyId: "count", correct: false });
    expect(afterFailure.get("add")!).toBeLessThan(afterFailure.get("multiply")!);
    expect(afterFailure.get("multiply")!).toBeLessThan(0.5);
  });

  it("reports a cycle with its path", () => {
    const input: CompetencyGraphInput = {
      competencies: [{ id: "a" }, { id: "b" }, { id: "c" }],
      prerequisites: [
        { prerequisiteId: "a", dependentId: "b" },
        { prerequisiteId: "b", dependentId: "c" },
        { prerequisiteId: "c", dependentId: "a" },
      ],
    };
    expect(() => CompetencyGraph.build(input)).toThrow(CompetencyGraphError);
    const problems = validateCompetencyGraph(input);
    expect(problems).toEqual([
      expect.objectContaining({
        code: "cycle",
        details: { edge: "prerequisite", path: ["a", "b", "c", "a"] },
      }),
    ]);
  });

  it("reports self-loops, unknown ids and duplicate ids as typed problems", () => {
    try {
      CompetencyGraph.build({
        competencies: [{ id: "a" }, { id: "a" }, { id: "b" }],
        prerequisites: [
          { prerequisiteId: "b", dependentId: "b" },
          { prerequisiteId: "a", dependentId: "ghost" },
        ],
        partOf: [{ childId: "a", parentId: "nowhere" }],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CompetencyGraphError);
      const codes = (error as CompetencyGraphError).problems.map((p) => [
        p.code,
        "id" in p.details ? p.details.id : "",
      ]);
      expect(codes).toEqual([
        ["duplicate-id", "a"],
        ["self-loop", "b"],
        ["unknown-id", "ghost"],
        ["unknown-id", "nowhere"],
      ]);
    }
    expect(() =>
      CompetencyGraph.build({ competencies: [{ id: "a" }], prerequisites: [] }).indexOf("zzz"),
    ).toThrow(/unknown competency "zzz"/);
  });

  it("projects prerequisites between parents onto their leaves", () => {
    const graph = CompetencyGraph.build({
      competencies: [{ id: "G3" }, { id: "G3.a" }, { id: "G3.b" }, { id: "G4" }, { id: "G4.a" }],
      prerequisites: [{ prerequisiteId: "G3", dependentId: "G4.a" }],
      partOf: [
        { childId: "G3.a", parentId: "G3" },
        { childId: "G3.b", parentId: "G3" },
        { childId: "G4.a", parentId: "G4" },
      ],
    });
    const leaves = graph.leafGraph();
    expect(leaves.ids).toEqual(["G3.a", "G3.b", "G4.a"]);
    expect(leaves.prerequisitesOf("G4.a")).toEqual(["G3.a", "G3.b"]);
  });

  it("the shaky set holds what is due for review or freshly mastered", () => {
    const graph = CompetencyGraph.build({
      competencies: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }],
      prerequisites: [],
    });
    const now = new Date("2026-03-10T00:00:00Z");
    const mastery = masteryLookup([
      report("a", "mastered"),
      report("b", "mastered"),
      report("c", "needs-review"),
      report("d", "developing"),
    ]);
    const shaky = shakySet(graph, mastery, {
      now,
      masteredAt: new Map([
        ["a", new Date("2026-03-08T00:00:00Z")],
        ["b", new Date("2026-01-01T00:00:00Z")],
      ]),
    });
    expect(shaky).toEqual([
      { competencyId: "a", why: "recently-mastered" },
      { competencyId: "c", why: "due-for-review" },
    ]);
  });
});
