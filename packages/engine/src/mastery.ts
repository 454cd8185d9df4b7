/**
 * The shared vocabulary for "what does this learner know": the mastery report every learner model
 * produces and every decision (plans, boards, groups, alerts) consumes. An estimate always travels
 * with its confidence, and "not enough data" is an answer, not a number we do not have.
 */

/** Where a learner stands on one competency, in words a teacher uses. */
export type MasteryStatus =
  "not-started" | "not-enough-data" | "developing" | "approaching" | "mastered" | "needs-review";

export const MASTERY_STATUSES: readonly MasteryStatus[] = [
  "not-started",
  "not-enough-data",
  "developing",
  "approaching",
  "mastered",
  "needs-review",
];

/** How sure the model is: a credible interval on the probability and the evidence behind it. */
export interface MasteryConfidence {
  /** Lower bound of the interval on `probability` (0..1). */
  lower: number;
  /** Upper bound of the interval on `probability` (0..1). */
  upper: number;
  /** Effective number of observations behind the estimate (may be fractional after decay). */
  evidenceCount: number;
}

export interface MasteryReport {
  competencyId: string;
  /** Estimated probability that the learner has mastered the competency (0..1). */
  probability: number;
  confidence: MasteryConfidence;
  status: MasteryStatus;
}
