/**
 * Evidence informs neighbours. The propagation model, in log-odds:
 *
 * - success on competency C raises every prerequisite A of C (transitively, up to `maxDistance`
 *   prerequisite hops) by `successLift · decay^(hops−1)`: whoever can do C very likely can do A;
 * - failure on C lowers every dependent D of C the same way with `failureDrop`: whoever cannot do
 *   C is unlikely to manage what builds on it;
 * - success says nothing about dependents, failure nothing about prerequisites (one can know the
 *   basics and not the advanced, never reliably the other way round), and C itself is left to the
 *   learner model, which sees the evidence directly.
 *
 * So propagation never lowers a prerequisite of the competency the evidence is about. These are
 * priors for neighbours the learner model has little data on; the learner model's own estimate
 * wins wherever it has evidence.
 */
import type { CompetencyGraph } from "./competency-graph.js";

export interface PropagationParameters {
  /** Log-odds added to a direct prerequisite after a success (1.0 multiplies the odds by e ≈ 2.7). */
  successLift: number;
  /** Log-odds removed from a direct dependent after a failure. */
  failureDrop: number;
  /** Each further hop keeps this share of the effect. */
  decay: number;
  /** Hops beyond this are not touched. */
  maxDistance: number;
}

export const DEFAULT_PROPAGATION_PARAMETERS: PropagationParameters = {
  successLift: 1.0,
  failureDrop: 0.7,
  decay: 0.5,
  maxDistance: 3,
};

export interface GraphObservation {
  competencyId: string;
  correct: boolean;
}

/** Probabilities for the neighbours of the observed competency after one observation (others unchanged). */
export function propagateEvidence(
  graph: CompetencyGraph,
  estimates: ReadonlyMap<string, number>,
  observation: GraphObservation,
  parameters: PropagationParameters = DEFAULT_PROPAGATION_PARAMETERS,
): Map<string, number> {
  const result = new Map(estimates);
  const start = graph.indexOf(observation.competencyId);
  const neighbours = observation.correct ? graph.prerequisiteIndexes : graph.dependentIndexes;
  const shift = observation.correct ? parameters.successLift : -parameters.failureDrop;
  const hops = new Map<number, number>([[start, 0]]);
  let layer = [start];
  for (let distance = 1; distance <= parameters.maxDistance && layer.length > 0; distance++) {
    const next: number[] = [];
    for (const v of layer) {
      for (const u of neighbours[v]!) {
        if (hops.has(u)) continue;
        hops.set(u, distance);
        next.push(u);
      }
    }
    layer = next;
  }
  for (const [v, distance] of hops) {
    if (distance === 0) continue;
    const id = graph.ids[v]!;
    const p = estimates.get(id);
    if (p === undefined) continue;
    result.set(id, shiftLogOdds(p, shift * parameters.decay ** (distance - 1)));
  }
  return result;
}

const PROBABILITY_FLOOR = 1e-6;

function shiftLogOdds(p: number, delta: number): number {
  const q = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
  const logit = Math.log(q / (1 - q)) + delta;
  const shifted = 1 / (1 + Math.exp(-logit));
  // Clamping must never move an estimate against the direction of the evidence.
  return delta >= 0 ? Math.max(p, shifted) : Math.min(p, shifted);
}
