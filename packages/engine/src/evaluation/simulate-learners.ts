/**
 * Simulated learners for the diagnosis benchmark. A true knowledge state is the result of a learning
 * walk: the learner learns K competencies (K uniform in 0..N), each time picking uniformly among
 * those ready to learn (all prerequisites known) — or, with `violationRate`, any competency not yet
 * known, which is how real learners come to know things out of order. Answers are noisy: a known
 * competency is answered wrong with `slip`, an unknown one right with `guess`.
 *
 * The walk uses the graph only; it shares no parameters with the diagnosis model's progress scale.
 */
import type { CompetencyGraph } from "../graph/competency-graph.js";
import type { RandomSource } from "../recommendation/seeded-random.js";

export interface SimulationParameters {
  violationRate: number;
  slip: number;
  guess: number;
}

export const DEFAULT_SIMULATION_PARAMETERS: SimulationParameters = {
  violationRate: 0.05,
  slip: 0.1,
  guess: 0.2,
};

/** 1 where the simulated learner truly knows the competency at that node index. */
export function simulateKnowledgeState(
  graph: CompetencyGraph,
  random: RandomSource,
  violationRate: number,
): Uint8Array {
  const n = graph.size;
  const known = new Uint8Array(n);
  const missing = Int32Array.from(graph.prerequisiteIndexes, (p) => p.length);
  const ready: number[] = [];
  const readyAt = new Int32Array(n).fill(-1);
  const addReady = (v: number): void => {
    readyAt[v] = ready.length;
    ready.push(v);
  };
  const removeReady = (v: number): void => {
    const at = readyAt[v]!;
    if (at < 0) return;
    const last = ready.pop()!;
    if (last !== v) {
      ready[at] = last;
      readyAt[last] = at;
    }
    readyAt[v] = -1;
  };
  for (let v = 0; v < n; v++) if (missing[v] === 0) addReady(v);
  const unknown = Array.from({ length: n }, (_, v) => v);
  const unknownAt = Int32Array.from(unknown);
  const target = Math.floor(random() * (n + 1));
  for (let learned = 0; learned < target; learned++) {
    let v: number;
    if (ready.length === 0 || random() < violationRate) {
      // out of order: any competency not yet known
      v = unknown[Math.floor(random() * unknown.length)]!;
    } else {
      v = ready[Math.floor(random() * ready.length)]!;
    }
    known[v] = 1;
    removeReady(v);
    const at = unknownAt[v]!;
    const last = unknown.pop()!;
    if (last !== v) {
      unknown[at] = last;
      unknownAt[last] = at;
    }
    for (const d of graph.dependentIndexes[v]!) {
      if (--missing[d]! === 0 && known[d] === 0) addReady(d);
    }
  }
  return known;
}

/** One noisy answer on competency `c` given the true state; `u` is a uniform draw in [0, 1). */
export function simulatedAnswer(
  known: Uint8Array,
  c: number,
  u: number,
  parameters: SimulationParameters,
): boolean {
  return known[c] === 1 ? u >= parameters.slip : u < parameters.guess;
}
