/**
 * Splits responses by learner — every response of a learner lands on the same side — with a
 * seeded shuffle, so the same seed always gives the same split.
 */
import { createKtRandom } from "../models/random.js";
import type { KtResponse } from "../models/types.js";

export interface KtSplit {
  train: KtResponse[];
  test: KtResponse[];
}

/** Holds out round(fraction × learners) learners for testing (at least one on each side when possible). */
export function splitKtByLearner(
  responses: readonly KtResponse[],
  holdoutFraction: number,
  seed: number,
): KtSplit {
  if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
    throw new RangeError(`the held-out fraction must be strictly between 0 and 1, got ${holdoutFraction}`);
  }
  const learners = [...new Set(responses.map((r) => r.learnerId))];
  const random = createKtRandom(seed);
  for (let i = learners.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [learners[i], learners[j]] = [learners[j]!, learners[i]!];
  }
  const wanted = Math.round(holdoutFraction * learners.length);
  const count = learners.length < 2 ? wanted : Math.min(learners.length - 1, Math.max(1, wanted));
  const held = new Set(learners.slice(0, count));
  const train: KtResponse[] = [];
  const test: KtResponse[] = [];
  for (const r of responses) (held.has(r.learnerId) ? test : train).push(r);
  return { train, test };
}
