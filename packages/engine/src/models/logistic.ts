/**
 * The logistic family (PFA, Best-LR and the default): P(correct) = σ(w · x) where x holds sparse
 * features of the item and of the learner's history — item and skill difficulty, log-counts of
 * earlier correct and incorrect responses per skill and overall, attempts at the same item,
 * exponentially decayed recent counts, success rates, ability beyond item difficulty, the
 * prediction of an embedded BKT model and, when timestamps exist, counts within time windows.
 * Trained by L-BFGS on the L2-penalized log-likelihood. Which groups are used is an option
 * (`LogisticFeatureOptions`); PFA and Best-LR are settings of it.
 */
import type { MasteryReport } from "../mastery.js";
import {
  BEST_LR_TIME_WINDOWS_MS,
  DEFAULT_LOGISTIC_FIT_OPTIONS,
  type LogisticFeatureOptions,
  type LogisticFitOptions,
  type MasteryThresholds,
} from "./defaults.js";
import {
  BktModel,
  bktModelFromJSON,
  fitBktEncoded,
  replayBktPredictions,
  type BktLearnerState,
  type SerializedBktModel,
} from "./bkt.js";
import { LearnerModelError, UnknownCompetencyError } from "./errors.js";
import { encodeKtResponses } from "./kt-data.js";
import { minimizeLbfgs } from "./lbfgs.js";
import { masteryReportOf } from "./mastery-status.js";
import type { KtObservation, KtQuery, KtResponse, LearnerModel, SerializedLearnerModel } from "./types.js";

/** The feature groups with time windows resolved to a list. */
export interface ResolvedLogisticFeatures extends Omit<LogisticFeatureOptions, "timeWindowsMs"> {
  timeWindowsMs: readonly number[];
}

/** What the model remembers of a learner on one skill. */
export interface LogisticSkillState {
  correct: number;
  incorrect: number;
  /** One entry per recency decay factor. */
  decayedCorrect: number[];
  decayedIncorrect: number[];
  /** [timeMs, 1 if correct] of responses inside the longest time window, oldest first. */
  recent: Array<[number, number]>;
  /** Attempts per item on this skill. */
  items: Record<string, number>;
  /** Σ (outcome − the item's success rate in training): ability beyond the items' difficulty. */
  residual: number;
  masteredBefore: boolean;
}

/** Counts over all of a learner's responses, whatever the skill. */
export interface LogisticTotals {
  correct: number;
  incorrect: number;
  /** One entry per recency decay factor. */
  decayedCorrect: number[];
  decayedIncorrect: number[];
  /** Σ (outcome − the item's success rate in training). */
  residual: number;
}

export interface LogisticLearnerState extends LogisticTotals {
  lastTimeMs: number;
  /** The embedded BKT model's state (when the `bktKnowledge` feature is used). */
  bkt?: BktLearnerState;
  skills: Readonly<Record<string, LogisticSkillState>>;
}

/** The fitted weights of one skill. */
export interface LogisticSkillWeights {
  /** Skill easiness (log-odds; higher is easier). */
  easiness: number;
  /** Slope on log(1 + earlier correct on this skill), in addition to the shared slope. */
  correctSlope: number;
  /** Slope on log(1 + earlier incorrect on this skill), in addition to the shared slope. */
  incorrectSlope: number;
  /** Slope on the mean residual on this skill, in addition to the shared slope. */
  residualSlope: number;
  /** Response-weighted mean easiness of the skill's items: the "typical item" of mastery reports. */
  typicalItem: number;
  /** Success rate on the skill in training (Laplace): the expected outcome of unseen items. */
  successRate: number;
}

/** The fitted values of one item. */
export interface LogisticItemWeights {
  /** Item easiness (log-odds; higher is easier), relative to its skill. */
  easiness: number;
  /** Success rate on the item in training (Laplace). */
  successRate: number;
}

export interface SerializedLogisticModel extends SerializedLearnerModel {
  kind: "logistic";
  version: 1;
  name: string;
  features: ResolvedLogisticFeatures;
  mastery: MasteryThresholds;
  intercept: number;
  shared: {
    skillCorrect: number;
    skillIncorrect: number;
    totalCorrect: number;
    totalIncorrect: number;
    itemAttempts: number;
    recency: Array<{ decay: number; correct: number; incorrect: number }>;
    totalRecency: Array<{ decay: number; correct: number; incorrect: number }>;
    skillSuccessRate: number;
    totalSuccessRate: number;
    /** Weight of the log-odds of the embedded BKT model's prediction. */
    bktLogOdds: number;
    skillResidual: number;
    totalResidual: number;
    windows: Array<{ windowMs: number; correct: number; incorrect: number }>;
  };
  skills: Record<string, LogisticSkillWeights>;
  /** The embedded BKT model (with forgetting) when the `bktKnowledge` feature is used. */
  bkt?: SerializedBktModel;
  /** Items by id; items absent here count as typical (easiness 0, the skill's success rate). */
  items: Record<string, LogisticItemWeights>;
}

/** Weights per skill in the per-skill block: correct slope, incorrect slope, residual slope. */
const PER_SKILL = 3;

/** The fitted numbers of a logistic model, indexed like `skillIds` and `itemIds`. */
export interface LogisticParameters {
  skillIds: readonly string[];
  itemIds: readonly string[];
  /** The weight vector, laid out by feature group (see `layoutOf`). */
  weights: Float64Array;
  /** Per skill: response-weighted mean easiness of its items. */
  typicalItem: Float64Array;
  /** Per item: success rate in training (Laplace). */
  itemRate: Float64Array;
  /** Per skill: success rate in training (Laplace). */
  skillRate: Float64Array;
  /** The embedded BKT model when the `bktKnowledge` feature is used. */
  bkt: BktModel | undefined;
}

/** Where each feature group's weights live in the weight vector (-1: group not used). */
interface Layout {
  items: number;
  skills: number;
  item: number;
  skill: number;
  perSkill: number;
  skillCounts: number;
  totalCounts: number;
  itemAttempts: number;
  recency: number;
  totalRecency: number;
  successRates: number;
  residual: number;
  bkt: number;
  windows: number;
  size: number;
}

function layoutOf(features: ResolvedLogisticFeatures, items: number, skills: number): Layout {
  let next = 1; // weight 0 is the intercept
  const take = (enabled: boolean, count: number) => {
    if (!enabled) return -1;
    const at = next;
    next += count;
    return at;
  };
  const layout = {
    items,
    skills,
    item: take(features.itemDifficulty, items),
    skill: take(features.skillDifficulty, skills),
    perSkill: take(features.skillCountsPerSkill, PER_SKILL * skills),
    skillCounts: take(features.skillCounts, 2),
    totalCounts: take(features.totalCounts, 2),
    itemAttempts: take(features.itemAttempts, 1),
    recency: take(features.recencyDecays.length > 0, 2 * features.recencyDecays.length),
    totalRecency: take(
      features.totalRecency && features.recencyDecays.length > 0,
      2 * features.recencyDecays.length,
    ),
    successRates: take(features.successRates, 2),
    residual: take(features.residualAbility, 2),
    bkt: take(features.bktKnowledge, 1),
    windows: take(features.timeWindowsMs.length > 0, 2 * features.timeWindowsMs.length),
    size: 0,
  };
  layout.size = next;
  return layout;
}

/** A growable list of (weight index, value) pairs. */
class FeatureSink {
  cols: Int32Array;
  vals: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.cols = new Int32Array(capacity);
    this.vals = new Float64Array(capacity);
  }
  push(col: number, val: number): void {
    if (this.length === this.cols.length) {
      const cols = new Int32Array(this.cols.length * 2);
      const vals = new Float64Array(this.vals.length * 2);
      cols.set(this.cols);
      vals.set(this.vals);
      this.cols = cols;
      this.vals = vals;
    }
    this.cols[this.length] = col;
    this.vals[this.length++] = val;
  }
}

function emptySkillState(decays: number): LogisticSkillState {
  return {
    correct: 0,
    incorrect: 0,
    decayedCorrect: new Array<number>(decays).fill(0),
    decayedIncorrect: new Array<number>(decays).fill(0),
    recent: [],
    items: {},
    residual: 0,
    masteredBefore: false,
  };
}

/**
 * The features of one attempt given the learner's history — the single definition shared by
 * training and prediction, so both see exactly the same numbers.
 */
function appendFeatures(
  sink: FeatureSink,
  layout: Layout,
  features: ResolvedLogisticFeatures,
  item: number,
  skills: ArrayLike<number>,
  states: ReadonlyArray<LogisticSkillState | undefined>,
  totals: LogisticTotals,
  itemAttempts: number,
  timeMs: number,
  bktLogOdds: number,
): void {
  sink.push(0, 1);
  if (layout.bkt >= 0) sink.push(layout.bkt, bktLogOdds);
  if (layout.item >= 0 && item >= 0) sink.push(layout.item + item, 1);
  let sharedCorrect = 0;
  let sharedIncorrect = 0;
  let sharedRate = 0;
  let sharedResidual = 0;
  const decays = features.recencyDecays.length;
  const windows = features.timeWindowsMs;
  for (let k = 0; k < skills.length; k++) {
    const s = skills[k]!;
    const state = states[k];
    const logCorrect = Math.log1p(state?.correct ?? 0);
    const logIncorrect = Math.log1p(state?.incorrect ?? 0);
    if (layout.skill >= 0) sink.push(layout.skill + s, 1);
    if (layout.perSkill >= 0) {
      if (logCorrect > 0) sink.push(layout.perSkill + PER_SKILL * s, logCorrect);
      if (logIncorrect > 0) sink.push(layout.perSkill + PER_SKILL * s + 1, logIncorrect);
      if (state !== undefined && layout.residual >= 0 && state.residual !== 0) {
        sink.push(
          layout.perSkill + PER_SKILL * s + 2,
          state.residual / (state.correct + state.incorrect + 1),
        );
      }
    }
    sharedCorrect += logCorrect;
    sharedIncorrect += logIncorrect;
    if (state === undefined) continue;
    sharedRate += laplaceRate(state.correct, state.incorrect);
    sharedResidual += state.residual / (state.correct + state.incorrect + 1);
    for (let d = 0; d < decays && layout.recency >= 0; d++) {
      const c = state.decayedCorrect[d]!;
      const i = state.decayedIncorrect[d]!;
      if (c > 0) sink.push(layout.recency + 2 * d, c);
      if (i > 0) sink.push(layout.recency + 2 * d + 1, i);
    }
    for (let w = 0; w < windows.length; w++) {
      let c = 0;
      let i = 0;
      for (let e = state.recent.length - 1; e >= 0; e--) {
        const [at, ok] = state.recent[e]!;
        if (timeMs - at >= windows[w]!) break;
        if (ok === 1) c++;
        else i++;
      }
      if (c > 0) sink.push(layout.windows + 2 * w, Math.log1p(c));
      if (i > 0) sink.push(layout.windows + 2 * w + 1, Math.log1p(i));
    }
  }
  if (layout.skillCounts >= 0) {
    if (sharedCorrect > 0) sink.push(layout.skillCounts, sharedCorrect);
    if (sharedIncorrect > 0) sink.push(layout.skillCounts + 1, sharedIncorrect);
  }
  if (layout.totalCounts >= 0) {
    if (totals.correct > 0) sink.push(layout.totalCounts, Math.log1p(totals.correct));
    if (totals.incorrect > 0) sink.push(layout.totalCounts + 1, Math.log1p(totals.incorrect));
  }
  if (layout.successRates >= 0) {
    if (sharedRate !== 0) sink.push(layout.successRates, sharedRate);
    const total = laplaceRate(totals.correct, totals.incorrect);
    if (total !== 0) sink.push(layout.successRates + 1, total);
  }
  if (layout.residual >= 0) {
    if (sharedResidual !== 0) sink.push(layout.residual, sharedResidual);
    const total = totals.residual / (totals.correct + totals.incorrect + 1);
    if (total !== 0) sink.push(layout.residual + 1, total);
  }
  for (let d = 0; d < decays && layout.totalRecency >= 0; d++) {
    const c = totals.decayedCorrect[d]!;
    const i = totals.decayedIncorrect[d]!;
    if (c > 0) sink.push(layout.totalRecency + 2 * d, c);
    if (i > 0) sink.push(layout.totalRecency + 2 * d + 1, i);
  }
  if (layout.itemAttempts >= 0 && itemAttempts > 0) sink.push(layout.itemAttempts, Math.log1p(itemAttempts));
}

/**
 * Laplace's rule of succession, (correct + 1) / (attempts + 2), minus its no-evidence value ½:
 * a success rate that is 0 before any evidence and never jumps to 0 or 1 after one response.
 */
function laplaceRate(correct: number, incorrect: number): number {
  return (correct + 1) / (correct + incorrect + 2) - 0.5;
}

function emptyTotals(decays: number): LogisticTotals {
  return {
    correct: 0,
    incorrect: 0,
    decayedCorrect: new Array<number>(decays).fill(0),
    decayedIncorrect: new Array<number>(decays).fill(0),
    residual: 0,
  };
}

/** Records one response in the totals (mutates them: callers pass their own copy). */
function recordInTotals(
  totals: LogisticTotals,
  decays: readonly number[],
  correct: boolean,
  expected: number,
): void {
  totals.residual += (correct ? 1 : 0) - expected;
  if (correct) totals.correct++;
  else totals.incorrect++;
  for (let d = 0; d < decays.length; d++) {
    totals.decayedCorrect[d] = totals.decayedCorrect[d]! * decays[d]! + (correct ? 1 : 0);
    totals.decayedIncorrect[d] = totals.decayedIncorrect[d]! * decays[d]! + (correct ? 0 : 1);
  }
}

/** Records one response in a skill state (mutates it: callers pass their own copy). */
function recordInSkill(
  state: LogisticSkillState,
  features: ResolvedLogisticFeatures,
  itemId: string,
  correct: boolean,
  timeMs: number,
  expected: number,
): void {
  state.residual += (correct ? 1 : 0) - expected;
  if (correct) state.correct++;
  else state.incorrect++;
  const decays = features.recencyDecays;
  for (let d = 0; d < decays.length; d++) {
    state.decayedCorrect[d] = state.decayedCorrect[d]! * decays[d]! + (correct ? 1 : 0);
    state.decayedIncorrect[d] = state.decayedIncorrect[d]! * decays[d]! + (correct ? 0 : 1);
  }
  state.items[itemId] = (state.items[itemId] ?? 0) + 1;
  const windows = features.timeWindowsMs;
  if (windows.length > 0) {
    state.recent.push([timeMs, correct ? 1 : 0]);
    const longest = Math.max(...windows);
    let drop = 0;
    while (drop < state.recent.length && timeMs - state.recent[drop]![0] >= longest) drop++;
    if (drop > 0) state.recent.splice(0, drop);
  }
}

/** Predictions are kept this far from 0 and 1 before taking log-odds. */
const LOG_ODDS_EPSILON = 1e-6;

function logOdds(p: number): number {
  const q = Math.min(1 - LOG_ODDS_EPSILON, Math.max(LOG_ODDS_EPSILON, p));
  return Math.log(q / (1 - q));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export class LogisticModel implements LearnerModel<LogisticLearnerState> {
  private readonly layout: Layout;
  private readonly skillIndex: Map<string, number>;
  private readonly itemIndex: Map<string, number>;
  private readonly sink = new FeatureSink(64);

  private readonly skillIds: readonly string[];
  private readonly itemIds: readonly string[];
  private readonly weights: Float64Array;
  private readonly typicalItem: Float64Array;
  private readonly itemRate: Float64Array;
  private readonly skillRate: Float64Array;
  private readonly bkt: BktModel | undefined;

  constructor(
    readonly name: string,
    readonly features: ResolvedLogisticFeatures,
    readonly mastery: MasteryThresholds,
    parameters: LogisticParameters,
  ) {
    this.skillIds = parameters.skillIds;
    this.itemIds = parameters.itemIds;
    this.weights = parameters.weights;
    this.typicalItem = parameters.typicalItem;
    this.itemRate = parameters.itemRate;
    this.skillRate = parameters.skillRate;
    this.bkt = parameters.bkt;
    const { skillIds, itemIds, weights, typicalItem, itemRate, skillRate } = parameters;
    this.layout = layoutOf(features, itemIds.length, skillIds.length);
    if (
      weights.length !== this.layout.size ||
      typicalItem.length !== skillIds.length ||
      skillRate.length !== skillIds.length ||
      itemRate.length !== itemIds.length
    ) {
      throw new LearnerModelError("invalid-parameters", "weights do not match the feature layout");
    }
    this.skillIndex = new Map(skillIds.map((id, i) => [id, i]));
    this.itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  }

  competencies(): readonly string[] {
    return this.skillIds;
  }

  initialState(): LogisticLearnerState {
    const state: LogisticLearnerState = {
      ...emptyTotals(this.features.recencyDecays.length),
      lastTimeMs: 0,
      skills: {},
    };
    if (this.bkt !== undefined) state.bkt = this.bkt.initialState();
    return state;
  }

  private skillIndexOf(skillId: string): number {
    const s = this.skillIndex.get(skillId);
    if (s === undefined) throw new UnknownCompetencyError(skillId);
    return s;
  }

  private score(): number {
    let z = 0;
    const { cols, vals, length } = this.sink;
    for (let k = 0; k < length; k++) z += this.weights[cols[k]!]! * vals[k]!;
    return z;
  }

  predict(state: LogisticLearnerState, query: KtQuery): number {
    const skills = query.skillIds.map((id) => this.skillIndexOf(id));
    const states = query.skillIds.map((id) => state.skills[id]);
    const first = states[0];
    this.sink.length = 0;
    appendFeatures(
      this.sink,
      this.layout,
      this.features,
      this.itemIndex.get(query.itemId) ?? -1,
      skills,
      states,
      state,
      first?.items[query.itemId] ?? 0,
      query.timeMs,
      this.bkt === undefined ? 0 : logOdds(this.bkt.predict(state.bkt ?? this.bkt.initialState(), query)),
    );
    return sigmoid(this.score());
  }

  update(state: LogisticLearnerState, observation: KtObservation): LogisticLearnerState {
    const skills: Record<string, LogisticSkillState> = { ...state.skills };
    const next: LogisticLearnerState = {
      correct: state.correct,
      incorrect: state.incorrect,
      decayedCorrect: [...state.decayedCorrect],
      decayedIncorrect: [...state.decayedIncorrect],
      residual: state.residual,
      lastTimeMs: observation.timeMs,
      skills,
    };
    if (this.bkt !== undefined) next.bkt = this.bkt.update(state.bkt ?? this.bkt.initialState(), observation);
    const expected = this.expectedOutcome(observation);
    recordInTotals(next, this.features.recencyDecays, observation.correct, expected);
    for (const skillId of observation.skillIds) {
      this.skillIndexOf(skillId);
      const before = skills[skillId];
      const copy: LogisticSkillState =
        before === undefined
          ? emptySkillState(this.features.recencyDecays.length)
          : {
              ...before,
              decayedCorrect: [...before.decayedCorrect],
              decayedIncorrect: [...before.decayedIncorrect],
              recent: [...before.recent],
              items: { ...before.items },
            };
      recordInSkill(
        copy,
        this.features,
        observation.itemId,
        observation.correct,
        observation.timeMs,
        expected,
      );
      skills[skillId] = copy;
    }
    for (const skillId of observation.skillIds) {
      const skill = skills[skillId]!;
      if (skill.masteredBefore || skill.correct + skill.incorrect < this.mastery.minEvidence) continue;
      if (this.masteryProbability(next, skillId) >= this.mastery.mastered) skill.masteredBefore = true;
    }
    return next;
  }

  /** The item's success rate in training, or its skills' mean rate for an unseen item. */
  private expectedOutcome(query: KtQuery): number {
    const item = this.itemIndex.get(query.itemId);
    if (item !== undefined) return this.itemRate[item]!;
    let sum = 0;
    for (const skillId of query.skillIds) sum += this.skillRate[this.skillIndexOf(skillId)]!;
    return sum / query.skillIds.length;
  }

  /** P(correct) on a typical item of the skill, not attempted before, at the learner's last time. */
  private masteryProbability(state: LogisticLearnerState, competencyId: string): number {
    const s = this.skillIndexOf(competencyId);
    this.sink.length = 0;
    appendFeatures(
      this.sink,
      this.layout,
      this.features,
      -1,
      [s],
      [state.skills[competencyId]],
      state,
      0,
      state.lastTimeMs,
      this.bkt === undefined
        ? 0
        : logOdds(
            this.bkt.predict(state.bkt ?? this.bkt.initialState(), {
              itemId: "",
              skillIds: [competencyId],
              timeMs: 0,
            }),
          ),
    );
    return sigmoid(this.score() + (this.layout.item >= 0 ? this.typicalItem[s]! : 0));
  }

  masteryOf(state: LogisticLearnerState, competencyId: string): MasteryReport {
    const skill = state.skills[competencyId];
    return masteryReportOf(
      competencyId,
      {
        probability: this.masteryProbability(state, competencyId),
        evidenceCount: skill === undefined ? 0 : skill.correct + skill.incorrect,
        masteredBefore: skill?.masteredBefore ?? false,
      },
      this.mastery,
    );
  }

  toJSON(): SerializedLogisticModel {
    const w = this.weights;
    const l = this.layout;
    const at = (base: number, offset: number) => (base >= 0 ? w[base + offset]! : 0);
    return {
      kind: "logistic",
      version: 1,
      name: this.name,
      features: {
        ...this.features,
        recencyDecays: [...this.features.recencyDecays],
        timeWindowsMs: [...this.features.timeWindowsMs],
      },
      mastery: { ...this.mastery },
      intercept: w[0]!,
      shared: {
        skillCorrect: at(l.skillCounts, 0),
        skillIncorrect: at(l.skillCounts, 1),
        totalCorrect: at(l.totalCounts, 0),
        totalIncorrect: at(l.totalCounts, 1),
        itemAttempts: at(l.itemAttempts, 0),
        recency: this.features.recencyDecays.map((decay, d) => ({
          decay,
          correct: at(l.recency, 2 * d),
          incorrect: at(l.recency, 2 * d + 1),
        })),
        totalRecency: this.features.recencyDecays.map((decay, d) => ({
          decay,
          correct: at(l.totalRecency, 2 * d),
          incorrect: at(l.totalRecency, 2 * d + 1),
        })),
        bktLogOdds: at(l.bkt, 0),
        skillResidual: at(l.residual, 0),
        totalResidual: at(l.residual, 1),
        skillSuccessRate: at(l.successRates, 0),
        totalSuccessRate: at(l.successRates, 1),
        windows: this.features.timeWindowsMs.map((windowMs, k) => ({
          windowMs,
          correct: at(l.windows, 2 * k),
          incorrect: at(l.windows, 2 * k + 1),
        })),
      },
      skills: Object.fromEntries(
        this.skillIds.map((id, s) => [
          id,
          {
            easiness: at(l.skill, s),
            correctSlope: at(l.perSkill, PER_SKILL * s),
            incorrectSlope: at(l.perSkill, PER_SKILL * s + 1),
            residualSlope: at(l.perSkill, PER_SKILL * s + 2),
            typicalItem: this.typicalItem[s]!,
            successRate: this.skillRate[s]!,
          },
        ]),
      ),
      ...(this.bkt === undefined ? {} : { bkt: this.bkt.toJSON() }),
      items: Object.fromEntries(
        this.itemIds.map((id, i) => [id, { easiness: at(l.item, i), successRate: this.itemRate[i]! }]),
      ),
    };
  }
}

/** Rebuilds a model from `toJSON()` output. */
export function logisticModelFromJSON(json: SerializedLogisticModel): LogisticModel {
  if (json.kind !== "logistic" || json.version !== 1) {
    throw new LearnerModelError("invalid-parameters", "not a version-1 logistic model");
  }
  const skillIds = Object.keys(json.skills);
  const itemIds = Object.keys(json.items);
  const features = json.features;
  const layout = layoutOf(features, itemIds.length, skillIds.length);
  const w = new Float64Array(layout.size);
  const typicalItem = new Float64Array(skillIds.length);
  const skillRate = new Float64Array(skillIds.length);
  const itemRate = new Float64Array(itemIds.length);
  const set = (base: number, offset: number, value: number) => {
    if (!Number.isFinite(value))
      throw new LearnerModelError("invalid-parameters", "a weight is not a finite number");
    if (base >= 0) w[base + offset] = value;
  };
  set(0, 0, json.intercept);
  itemIds.forEach((id, i) => {
    set(layout.item, i, json.items[id]!.easiness);
    itemRate[i] = json.items[id]!.successRate;
  });
  skillIds.forEach((id, s) => {
    const skill = json.skills[id]!;
    set(layout.skill, s, skill.easiness);
    set(layout.perSkill, PER_SKILL * s, skill.correctSlope);
    set(layout.perSkill, PER_SKILL * s + 1, skill.incorrectSlope);
    set(layout.perSkill, PER_SKILL * s + 2, skill.residualSlope);
    typicalItem[s] = skill.typicalItem;
    skillRate[s] = skill.successRate;
  });
  set(layout.skillCounts, 0, json.shared.skillCorrect);
  set(layout.skillCounts, 1, json.shared.skillIncorrect);
  set(layout.totalCounts, 0, json.shared.totalCorrect);
  set(layout.totalCounts, 1, json.shared.totalIncorrect);
  set(layout.itemAttempts, 0, json.shared.itemAttempts);
  json.shared.recency.forEach((r, d) => {
    set(layout.recency, 2 * d, r.correct);
    set(layout.recency, 2 * d + 1, r.incorrect);
  });
  json.shared.totalRecency.forEach((r, d) => {
    set(layout.totalRecency, 2 * d, r.correct);
    set(layout.totalRecency, 2 * d + 1, r.incorrect);
  });
  set(layout.bkt, 0, json.shared.bktLogOdds);
  set(layout.residual, 0, json.shared.skillResidual);
  set(layout.residual, 1, json.shared.totalResidual);
  set(layout.successRates, 0, json.shared.skillSuccessRate);
  set(layout.successRates, 1, json.shared.totalSuccessRate);
  json.shared.windows.forEach((r, k) => {
    set(layout.windows, 2 * k, r.correct);
    set(layout.windows, 2 * k + 1, r.incorrect);
  });
  if (features.bktKnowledge && json.bkt === undefined) {
    throw new LearnerModelError(
      "invalid-parameters",
      "the model uses BKT knowledge but has no BKT parameters",
    );
  }
  const bkt = features.bktKnowledge && json.bkt !== undefined ? bktModelFromJSON(json.bkt) : undefined;
  return new LogisticModel(json.name, features, json.mastery, {
    skillIds,
    itemIds,
    weights: w,
    typicalItem,
    itemRate,
    skillRate,
    bkt,
  });
}

/** Diagnostics of the last fit, for the benchmark and for tests. */
export interface LogisticFitReport {
  iterations: number;
  /** Objective and gradient evaluations (each one pass over the data). */
  evaluations: number;
  stop: string;
  objective: number;
  weights: number;
}

/** Fits a logistic model; `name` labels it in tables and ledgers (e.g. "pfa"). */
export function fitLogistic(
  responses: readonly KtResponse[],
  options: Partial<LogisticFitOptions> = {},
  name = "logistic",
  report?: (fit: LogisticFitReport) => void,
): LogisticModel {
  const opts: LogisticFitOptions = { ...DEFAULT_LOGISTIC_FIT_OPTIONS, ...options };
  if (!(opts.l2 >= 0) || opts.features.recencyDecays.some((d) => !(d > 0 && d < 1))) {
    throw new LearnerModelError("invalid-parameters", "l2 must be ≥ 0 and every recency decay in (0, 1)");
  }
  const data = encodeKtResponses(responses);
  const bkt = opts.features.bktKnowledge ? fitBktEncoded(data, { forgetting: true }) : undefined;
  const bktPredictions = bkt === undefined ? undefined : replayBktPredictions(bkt, data);
  const features: ResolvedLogisticFeatures = {
    ...opts.features,
    timeWindowsMs:
      opts.features.timeWindowsMs === "auto"
        ? data.hasTimestamps
          ? BEST_LR_TIME_WINDOWS_MS
          : []
        : opts.features.timeWindowsMs,
  };
  const layout = layoutOf(features, data.itemIds.length, data.skillIds.length);

  // Success rates in training (Laplace); a training response's own outcome is left out of its
  // item's rate, so the residual features see no more than they will at prediction time.
  const itemCorrect = new Float64Array(data.itemIds.length);
  const itemResponses = new Float64Array(data.itemIds.length);
  const skillCorrect = new Float64Array(data.skillIds.length);
  const skillTotal = new Float64Array(data.skillIds.length);
  for (let r = 0; r < data.size; r++) {
    itemCorrect[data.item[r]!]! += data.correct[r]!;
    itemResponses[data.item[r]!]!++;
    for (let k = data.skillStart[r]!; k < data.skillStart[r + 1]!; k++) {
      skillCorrect[data.skillList[k]!]! += data.correct[r]!;
      skillTotal[data.skillList[k]!]!++;
    }
  }
  const itemRate = itemCorrect.map((c, i) => (c + 1) / (itemResponses[i]! + 2));
  const skillRate = skillCorrect.map((c, s) => (c + 1) / (skillTotal[s]! + 2));

  // Replay every learner's history to build the sparse design matrix (CSR).
  const rowStart = new Int32Array(data.size + 1);
  const sink = new FeatureSink(data.size * 16);
  let learnerSkills = new Map<number, LogisticSkillState>();
  let totals = emptyTotals(features.recencyDecays.length);
  const rowSkills: number[] = [];
  const rowStates: Array<LogisticSkillState | undefined> = [];
  for (let r = 0; r < data.size; r++) {
    if (r === 0 || data.learner[r] !== data.learner[r - 1]) {
      learnerSkills = new Map();
      totals = emptyTotals(features.recencyDecays.length);
    }
    rowSkills.length = 0;
    rowStates.length = 0;
    for (let k = data.skillStart[r]!; k < data.skillStart[r + 1]!; k++) {
      rowSkills.push(data.skillList[k]!);
      rowStates.push(learnerSkills.get(data.skillList[k]!));
    }
    const itemId = data.itemIds[data.item[r]!]!;
    const bktLogOdds = bktPredictions === undefined ? 0 : logOdds(bktPredictions[r]!);
    rowStart[r] = sink.length;
    appendFeatures(
      sink,
      layout,
      features,
      data.item[r]!,
      rowSkills,
      rowStates,
      totals,
      rowStates[0]?.items[itemId] ?? 0,
      data.timeMs[r]!,
      bktLogOdds,
    );
    const correct = data.correct[r] === 1;
    const i = data.item[r]!;
    const expected = (itemCorrect[i]! - data.correct[r]! + 1) / (itemResponses[i]! - 1 + 2);
    recordInTotals(totals, features.recencyDecays, correct, expected);
    for (const s of rowSkills) {
      let state = learnerSkills.get(s);
      if (state === undefined) {
        state = emptySkillState(features.recencyDecays.length);
        learnerSkills.set(s, state);
      }
      recordInSkill(state, features, itemId, correct, data.timeMs[r]!, expected);
    }
  }
  rowStart[data.size] = sink.length;
  const { cols, vals } = sink;
  const labels = data.correct;
  const n = data.size;

  const objective = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const from = rowStart[r]!;
      const to = rowStart[r + 1]!;
      let z = 0;
      for (let k = from; k < to; k++) z += w[cols[k]!]! * vals[k]!;
      const y = labels[r]!;
      // log(1 + e^z) - y z and σ(z) from one exponential, without overflow.
      const e = Math.exp(-Math.abs(z));
      loss += (z > 0 ? z : 0) + Math.log1p(e) - y * z;
      const residual = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
      for (let k = from; k < to; k++) g[cols[k]!]! += residual * vals[k]!;
    }
    let penalty = 0;
    for (let j = 1; j < w.length; j++) {
      penalty += w[j]! * w[j]!;
      g[j] = g[j]! / n + (opts.l2 * w[j]!) / n;
    }
    g[0] = g[0]! / n;
    return (loss + 0.5 * opts.l2 * penalty) / n;
  };

  // Diagonal preconditioning: an item seen 3 times and the intercept seen 220k times have
  // curvatures 10⁵ apart, which stalls L-BFGS. Optimizing u = w·√h, with h the objective's
  // curvature along each weight at p = ½ (¼·Σx² + λ, over n), makes every direction alike.
  const root = new Float64Array(layout.size);
  for (let k = 0; k < cols.length && k < rowStart[n]!; k++) root[cols[k]!]! += 0.25 * vals[k]! * vals[k]!;
  for (let j = 0; j < root.length; j++) root[j] = Math.sqrt((root[j]! + (j === 0 ? 0 : opts.l2)) / n) || 1;
  const w = new Float64Array(layout.size);
  const gw = new Float64Array(layout.size);
  let evaluations = 0;
  const scaled = (u: Float64Array, gu: Float64Array): number => {
    evaluations++;
    for (let j = 0; j < u.length; j++) w[j] = u[j]! / root[j]!;
    const f = objective(w, gw);
    for (let j = 0; j < u.length; j++) gu[j] = gw[j]! / root[j]!;
    return f;
  };

  const start = new Float64Array(layout.size);
  let positives = 0;
  for (let r = 0; r < n; r++) positives += labels[r]!;
  const base = Math.min(n - 0.5, Math.max(0.5, positives)) / n;
  start[0] = Math.log(base / (1 - base)) * root[0]!;
  const result = minimizeLbfgs(scaled, start, {
    memory: opts.lbfgsMemory,
    maxIterations: opts.maxIterations,
    gradientTolerance: opts.gradientTolerance,
    objectiveTolerance: opts.objectiveTolerance,
  });
  report?.({
    iterations: result.iterations,
    evaluations,
    stop: result.stop,
    objective: result.value,
    weights: layout.size,
  });
  const weights = new Float64Array(layout.size);
  for (let j = 0; j < weights.length; j++) weights[j] = result.x[j]! / root[j]!;

  // The typical item of a skill: response-weighted mean easiness of its items.
  const typicalItem = new Float64Array(data.skillIds.length);
  const skillResponses = new Float64Array(data.skillIds.length);
  if (layout.item >= 0) {
    for (let r = 0; r < n; r++) {
      for (let k = data.skillStart[r]!; k < data.skillStart[r + 1]!; k++) {
        const s = data.skillList[k]!;
        typicalItem[s]! += weights[layout.item + data.item[r]!]!;
        skillResponses[s]!++;
      }
    }
    for (let s = 0; s < typicalItem.length; s++) typicalItem[s] = typicalItem[s]! / skillResponses[s]!;
  }
  return new LogisticModel(name, features, opts.mastery, {
    skillIds: data.skillIds,
    itemIds: data.itemIds,
    weights,
    typicalItem,
    itemRate,
    skillRate,
    bkt,
  });
}
