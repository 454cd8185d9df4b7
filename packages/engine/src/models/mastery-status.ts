/**
 * How every learner model turns a probability and the evidence behind it into the shared
 * `MasteryReport`: one rule for all models, so a teacher reads the same words the same way.
 */
import type { MasteryConfidence, MasteryReport, MasteryStatus } from "../mastery.js";
import type { MasteryThresholds } from "./defaults.js";

/** What a model knows about one learner and one competency. */
export interface MasteryEvidence {
  probability: number;
  /** Responses (possibly fractional) on the competency. */
  evidenceCount: number;
  /** The learner was "mastered" on this competency at some earlier point. */
  masteredBefore: boolean;
}

/**
 * The status, in this order of precedence:
 * no evidence → not-started; mastered before but now below the mastery threshold → needs-review;
 * fewer than `minEvidence` responses → not-enough-data; then mastered / approaching / developing
 * by the probability thresholds.
 */
export function masteryStatusOf(evidence: MasteryEvidence, thresholds: MasteryThresholds): MasteryStatus {
  if (evidence.evidenceCount <= 0) return "not-started";
  if (evidence.masteredBefore && evidence.probability < thresholds.mastered) return "needs-review";
  if (evidence.evidenceCount < thresholds.minEvidence) return "not-enough-data";
  if (evidence.probability >= thresholds.mastered) return "mastered";
  if (evidence.probability >= thresholds.approaching) return "approaching";
  return "developing";
}

/**
 * An approximate interval on the probability: the Wilson score interval as if the estimate rested
 * on `evidenceCount` independent observations. With no evidence it is the whole [0, 1].
 */
export function masteryInterval(probability: number, evidenceCount: number, z: number): MasteryConfidence {
  if (evidenceCount <= 0) return { lower: 0, upper: 1, evidenceCount: 0 };
  const n = evidenceCount;
  const z2 = z * z;
  const center = (probability + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((probability * (1 - probability)) / n + z2 / (4 * n * n));
  return {
    lower: clampUnit(Math.min(probability, center - half)),
    upper: clampUnit(Math.max(probability, center + half)),
    evidenceCount: n,
  };
}

/** The full report for one competency. */
export function masteryReportOf(
  competencyId: string,
  evidence: MasteryEvidence,
  thresholds: MasteryThresholds,
): MasteryReport {
  const probability = clampUnit(evidence.probability);
  return {
    competencyId,
    probability,
    confidence: masteryInterval(probability, evidence.evidenceCount, thresholds.intervalZ),
    status: masteryStatusOf({ ...evidence, probability }, thresholds),
  };
}

function clampUnit(x: number): number {
  if (!(x > 0)) return 0;
  return x > 1 ? 1 : x;
}
