/**
 * Every tunable number of the learner models, named and documented in one place. Each default
 * comes from the knowledge-tracing literature or from a plain statistical argument, given beside
 * it; none was searched for on a dataset. Where a choice was checked against measurements,
 * docs/learner-model.md says which alternatives were measured and what they changed.
 */
import type { LearnerModelKind } from "./types.js";

/** How a probability of mastery becomes a status a teacher reads. */
export interface MasteryThresholds {
  /** Fewer responses than this on a competency and the status is "not-enough-data". */
  minEvidence: number;
  /** At or above this probability (and below `mastered`) the status is "approaching". */
  approaching: number;
  /** At or above this probability the status is "mastered". */
  mastered: number;
  /** Normal quantile of the reported interval: 1.645 gives a two-sided 90% interval. */
  intervalZ: number;
}

/**
 * For BKT the probability is P(the skill is known). 0.95 is the mastery criterion of Corbett &
 * Anderson (1995) used by Cognitive Tutors and most BKT deployments; 3 responses is the smallest
 * run a skill-builder accepts as mastery ("three in a row").
 */
export const BKT_MASTERY_THRESHOLDS: Readonly<MasteryThresholds> = {
  minEvidence: 3,
  approaching: 0.7,
  mastered: 0.95,
  intervalZ: 1.645,
};

/**
 * For the logistic family the probability is the predicted chance of answering a typical item of
 * the competency correctly. 85% expected accuracy sits in the 80–90% band that mastery learning
 * (Bloom 1968; Kulik et al. 1990) uses as its criterion.
 */
export const LOGISTIC_MASTERY_THRESHOLDS: Readonly<MasteryThresholds> = {
  minEvidence: 3,
  approaching: 0.65,
  mastered: 0.85,
  intervalZ: 1.645,
};

/** A closed interval [min, max] for one probability parameter. */
export type ProbabilityBounds = readonly [min: number, max: number];

/** Bounds on BKT parameters: what keeps the EM fit from degenerating. */
export interface BktBounds {
  init: ProbabilityBounds;
  learn: ProbabilityBounds;
  forget: ProbabilityBounds;
  guess: ProbabilityBounds;
  slip: ProbabilityBounds;
}

/**
 * A BKT fit is degenerate when its parameters contradict their meaning: Baker, Corbett & Aleven
 * (2008) call a model degenerate when guess > 0.5 or slip > 0.5 (a learner who knows the skill
 * would be more likely to fail than to succeed, or one who does not would mostly succeed).
 * Unbounded EM does this on ASSISTments data (pyBKT reaches guess and slip near 1.0 on some
 * skills), so both are bounded by 0.5. The 0.001 floors keep every likelihood finite.
 */
export const DEFAULT_BKT_BOUNDS: Readonly<BktBounds> = {
  init: [0.001, 0.999],
  learn: [0.001, 0.999],
  forget: [0.001, 0.5],
  guess: [0.001, 0.5],
  slip: [0.001, 0.5],
};

export interface BktFitOptions {
  /** Fit a forgetting probability too (otherwise knowledge is never lost). */
  forgetting: boolean;
  /** EM runs from this many random starting points per skill; the best likelihood wins. */
  restarts: number;
  /** Seed of the starting points. */
  seed: number;
  /** EM iterations every start runs before only the best one continues ("small EM"). */
  screeningIterations: number;
  /** Most EM iterations of the continuing start (screening included). */
  maxIterations: number;
  /** EM stops when the mean log-likelihood per response improves by less than this. */
  tolerance: number;
  bounds: BktBounds;
  mastery: MasteryThresholds;
}

/**
 * Five starts as in pyBKT's default; 10 screening iterations per start (Biernacki et al. use
 * short runs of this order); 1e-5 nats per response is far below any change a teacher would see.
 */
export const DEFAULT_BKT_FIT_OPTIONS: Readonly<BktFitOptions> = {
  forgetting: false,
  restarts: 5,
  seed: 1,
  screeningIterations: 10,
  maxIterations: 100,
  tolerance: 1e-5,
  bounds: DEFAULT_BKT_BOUNDS,
  mastery: BKT_MASTERY_THRESHOLDS,
};

/** Which feature groups a logistic model uses (PFA and Best-LR are two settings of these). */
export interface LogisticFeatureOptions {
  /** One weight per item: its difficulty (unseen items get the average, 0). */
  itemDifficulty: boolean;
  /** One weight per skill: its difficulty. */
  skillDifficulty: boolean;
  /** log(1+prior correct) and log(1+prior incorrect) on the item's skills, with a shared slope. */
  skillCounts: boolean;
  /** The same counts with one slope per skill, as in PFA (shrunk towards the shared slope by L2). */
  skillCountsPerSkill: boolean;
  /** log(1+prior correct) and log(1+prior incorrect) over all skills: the learner's general ability. */
  totalCounts: boolean;
  /** log(1+prior attempts) at this very item. */
  itemAttempts: boolean;
  /**
   * Exponentially decayed correct and incorrect counts on the item's skills, one pair per decay
   * factor (a response k attempts ago weighs decay^k): recent evidence counts more, as in R-PFA
   * (Galyardt & Goldin 2015). Works without timestamps.
   */
  recencyDecays: readonly number[];
  /** The same decayed counts over all the learner's responses, whatever the skill. */
  totalRecency: boolean;
  /** Success rates by Laplace's rule, (correct+1)/(attempts+2), on the item's skills and overall. */
  successRates: boolean;
  /**
   * Ability beyond item difficulty: the mean of (outcome − the item's success rate in training)
   * on the item's skills and overall — an Elo-like ability estimate (Pelánek 2016).
   */
  residualAbility: boolean;
  /**
   * The log-odds of a BKT model's prediction (with forgetting, fitted on the same data) as one
   * feature: BKT's learning-and-slip dynamics summarize the order of a learner's answers in a
   * way counts cannot (a hybrid in the spirit of Khajah, Lindsey & Mozer 2016).
   */
  bktKnowledge: boolean;
  /**
   * Counts of correct and incorrect responses on the item's skills within these time windows
   * (milliseconds), as in Best-LR (Gervet et al. 2020). "auto" uses them only when the training
   * data has timestamps (not all equal).
   */
  timeWindowsMs: readonly number[] | "auto";
}

export interface LogisticFitOptions {
  features: LogisticFeatureOptions;
  /**
   * L2 penalty λ on every weight but the intercept: the log of a Gaussian prior with standard
   * deviation 1/√λ on each log-odds weight, independent of the size of the data. λ = 1 is the
   * standard-normal prior on item difficulties of Bayesian IRT.
   */
  l2: number;
  /** Most L-BFGS iterations. */
  maxIterations: number;
  /** L-BFGS stops when the gradient norm falls below this times max(1, |weights|). */
  gradientTolerance: number;
  /**
   * L-BFGS stops when an iteration improves the objective by less than this fraction of it. On
   * ASSISTments 2009, 1e-6 took 2.3 times the iterations for +0.0004 AUC: not worth the fit time.
   */
  objectiveTolerance: number;
  /** Correction pairs kept by L-BFGS. */
  lbfgsMemory: number;
  mastery: MasteryThresholds;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Best-LR's windows: the last hour, day, week and 30 days. */
export const BEST_LR_TIME_WINDOWS_MS: readonly number[] = [HOUR_MS, DAY_MS, 7 * DAY_MS, 30 * DAY_MS];

/**
 * The default: Best-LR's features (item, skill, skill and total counts, item attempts, time
 * windows when there are timestamps) plus recency, success rates, residual ability and BKT.
 */
export const DEFAULT_LOGISTIC_FEATURES: Readonly<LogisticFeatureOptions> = {
  itemDifficulty: true,
  skillDifficulty: true,
  skillCounts: true,
  skillCountsPerSkill: true,
  totalCounts: true,
  itemAttempts: true,
  recencyDecays: [0.5, 0.8],
  totalRecency: true,
  successRates: true,
  residualAbility: true,
  bktKnowledge: true,
  timeWindowsMs: "auto",
};

/** PFA (Pavlik, Cen & Koedinger 2009): skill difficulty and per-skill success/failure slopes. */
export const PFA_FEATURES: Readonly<LogisticFeatureOptions> = {
  itemDifficulty: false,
  skillDifficulty: true,
  skillCounts: false,
  skillCountsPerSkill: true,
  totalCounts: false,
  itemAttempts: false,
  recencyDecays: [],
  totalRecency: false,
  successRates: false,
  residualAbility: false,
  bktKnowledge: false,
  timeWindowsMs: [],
};

export const DEFAULT_LOGISTIC_FIT_OPTIONS: Readonly<LogisticFitOptions> = {
  features: DEFAULT_LOGISTIC_FEATURES,
  l2: 1,
  maxIterations: 300,
  gradientTolerance: 1e-5,
  objectiveTolerance: 1e-5,
  lbfgsMemory: 10,
  mastery: LOGISTIC_MASTERY_THRESHOLDS,
};

/** Review scheduling of mastered competencies (FSRS through ts-fsrs). */
export interface ReviewSchedulerOptions {
  /** Target probability of recall when a review falls due (FSRS "request retention"). */
  requestRetention: number;
  /** Longest interval between reviews, in days. */
  maximumIntervalDays: number;
  /**
   * A mastered competency whose predicted recall falls below this is reported "needs-review".
   * Equal to `requestRetention` by default: review is needed exactly when it falls due.
   */
  reviewBelowRetrievability: number;
}

/** FSRS's own defaults (90% retention, at most a year between reviews); fuzz is always off. */
export const DEFAULT_REVIEW_SCHEDULER_OPTIONS: Readonly<ReviewSchedulerOptions> = {
  requestRetention: 0.9,
  maximumIntervalDays: 365,
  reviewBelowRetrievability: 0.9,
};

/**
 * The model Pathwise uses unless a course chooses another: the logistic family, which predicted
 * held-out responses best in `npm run bench:kt` (docs/benchmarks.md) and fits in seconds.
 */
export const DEFAULT_LEARNER_MODEL_KIND: LearnerModelKind = "logistic";
