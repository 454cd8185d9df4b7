/**
 * Memory: when is a mastered competency due for review, and how likely is it still retained.
 * Scheduling is FSRS through `ts-fsrs` (not a hand-written scheduler). A competency enters the
 * schedule the moment the learner model first reports it "mastered"; every later response on it
 * is a review — correct as "Good", incorrect as "Again". `withReviewScheduling` wraps any learner
 * model so that its mastery reports say "needs-review" once predicted recall has decayed.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type FSRS } from "ts-fsrs";
import type { MasteryReport } from "../mastery.js";
import { DEFAULT_REVIEW_SCHEDULER_OPTIONS, type ReviewSchedulerOptions } from "./defaults.js";
import { LearnerModelError } from "./errors.js";
import type { KtObservation, KtQuery, LearnerModel, SerializedLearnerModel } from "./types.js";

/** FSRS's memory state of one competency, as plain JSON (times in epoch milliseconds). */
export interface CompetencyMemory {
  dueMs: number;
  lastReviewMs: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs `State`: 0 new, 1 learning, 2 review, 3 relearning. */
  state: number;
}

/** One learner's memory of the competencies on a review schedule. */
export type LearnerMemory = Readonly<Record<string, CompetencyMemory>>;

/** How well a scheduled competency is retained at a given time. */
export interface RecallEstimate {
  /** Predicted probability of recall now (FSRS retrievability). */
  retrievability: number;
  /** When the next review falls due (epoch ms). */
  dueMs: number;
  /** Days for recall to fall to 90% (FSRS stability). */
  stabilityDays: number;
  reviews: number;
  /** Recall has fallen below the review threshold, or the review is due. */
  needsReview: boolean;
}

const MS_PER_DAY = 86_400_000;

function toCard(memory: CompetencyMemory, nowMs: number): Card {
  return {
    due: new Date(memory.dueMs),
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: Math.max(0, Math.floor((nowMs - memory.lastReviewMs) / MS_PER_DAY)),
    scheduled_days: memory.scheduledDays,
    learning_steps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    state: memory.state,
    last_review: new Date(memory.lastReviewMs),
  };
}

function fromCard(card: Card, reviewedMs: number): CompetencyMemory {
  return {
    dueMs: card.due.getTime(),
    lastReviewMs: reviewedMs,
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
  };
}

/** FSRS review scheduling of competencies, deterministic (no fuzz) and clock-free. */
export class ReviewScheduler {
  readonly options: ReviewSchedulerOptions;
  private readonly fsrs: FSRS;

  constructor(options: Partial<ReviewSchedulerOptions> = {}) {
    this.options = { ...DEFAULT_REVIEW_SCHEDULER_OPTIONS, ...options };
    const { requestRetention, maximumIntervalDays, reviewBelowRetrievability } = this.options;
    if (
      !(requestRetention > 0 && requestRetention < 1) ||
      !(reviewBelowRetrievability > 0 && reviewBelowRetrievability < 1)
    ) {
      throw new LearnerModelError("invalid-parameters", "retention targets must be strictly between 0 and 1");
    }
    this.fsrs = fsrs(
      generatorParameters({
        request_retention: requestRetention,
        maximum_interval: maximumIntervalDays,
        enable_fuzz: false,
        // Competencies are reviewed over days, not drilled in minutes: no short-term steps.
        enable_short_term: false,
      }),
    );
  }

  /** The memory after one review of a competency at `timeMs` (a first review starts the schedule). */
  review(memory: LearnerMemory, competencyId: string, correct: boolean, timeMs: number): LearnerMemory {
    const before = memory[competencyId];
    const now = new Date(timeMs);
    const card = before === undefined ? createEmptyCard(now) : toCard(before, timeMs);
    const next = this.fsrs.next(card, now, correct ? Rating.Good : Rating.Again).card;
    return { ...memory, [competencyId]: fromCard(next, timeMs) };
  }

  /** Recall of a scheduled competency at `nowMs`; undefined when it is not on the schedule. */
  recallOf(memory: LearnerMemory, competencyId: string, nowMs: number): RecallEstimate | undefined {
    const m = memory[competencyId];
    if (m === undefined) return undefined;
    const retrievability = this.fsrs.get_retrievability(toCard(m, nowMs), new Date(nowMs), false);
    const r = Number.isFinite(retrievability) ? retrievability : 1;
    return {
      retrievability: r,
      dueMs: m.dueMs,
      stabilityDays: m.stability,
      reviews: m.reps,
      needsReview: r < this.options.reviewBelowRetrievability || nowMs >= m.dueMs,
    };
  }
}

/** A learner model's state together with the review schedule of its mastered competencies. */
export interface MemoryAwareState<State> {
  learner: State;
  memory: LearnerMemory;
  /** Time of the latest response (epoch ms): the default "now" of mastery reports. */
  lastTimeMs: number;
}

/** A mastery report with the review schedule, when the competency is on one. */
export interface MasteryReportWithReview extends MasteryReport {
  review?: RecallEstimate;
}

/** Any learner model plus FSRS review scheduling of the competencies it reports mastered. */
export class MemoryAwareModel<State> implements LearnerModel<MemoryAwareState<State>> {
  readonly name: string;

  constructor(
    readonly base: LearnerModel<State>,
    readonly scheduler: ReviewScheduler = new ReviewScheduler(),
  ) {
    this.name = `${base.name}+fsrs`;
  }

  competencies(): readonly string[] {
    return this.base.competencies();
  }

  initialState(): MemoryAwareState<State> {
    return { learner: this.base.initialState(), memory: {}, lastTimeMs: 0 };
  }

  /** Memory does not change the predicted response: the base model predicts. */
  predict(state: MemoryAwareState<State>, query: KtQuery): number {
    return this.base.predict(state.learner, query);
  }

  update(state: MemoryAwareState<State>, observation: KtObservation): MemoryAwareState<State> {
    const learner = this.base.update(state.learner, observation);
    let memory = state.memory;
    for (const skillId of observation.skillIds) {
      const scheduled = memory[skillId] !== undefined;
      if (scheduled || this.base.masteryOf(learner, skillId).status === "mastered") {
        memory = this.scheduler.review(memory, skillId, observation.correct, observation.timeMs);
      }
    }
    return { learner, memory, lastTimeMs: observation.timeMs };
  }

  /** The base report; a mastered competency whose recall has decayed becomes "needs-review". */
  masteryOf(
    state: MemoryAwareState<State>,
    competencyId: string,
    nowMs = state.lastTimeMs,
  ): MasteryReportWithReview {
    const report = this.base.masteryOf(state.learner, competencyId);
    const review = this.scheduler.recallOf(state.memory, competencyId, nowMs);
    if (review === undefined) return report;
    return {
      ...report,
      status: review.needsReview && report.status === "mastered" ? "needs-review" : report.status,
      review,
    };
  }

  toJSON(): SerializedLearnerModel {
    return this.base.toJSON();
  }
}

/** Wraps a model so its mastery reports follow an FSRS review schedule. */
export function withReviewScheduling<State>(
  model: LearnerModel<State>,
  options: Partial<ReviewSchedulerOptions> = {},
): MemoryAwareModel<State> {
  return new MemoryAwareModel(model, new ReviewScheduler(options));
}
