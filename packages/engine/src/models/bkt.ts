/**
 * Bayesian Knowledge Tracing (Corbett & Anderson 1995), standard and with forgetting.
 * Each skill is a two-state hidden Markov model (unknown / known) with five probabilities: initial
 * knowledge, learning per attempt, forgetting per attempt (0 in standard BKT), guess and slip.
 * Fitted per skill by EM (scaled forward–backward) from several seeded random starts, keeping the
 * best likelihood, with every parameter held inside configurable bounds so fits cannot degenerate.
 * An item with several skills is one observation of each of them, in fitting and in updating.
 */
import type { MasteryReport } from "../mastery.js";
import {
  DEFAULT_BKT_FIT_OPTIONS,
  type BktBounds,
  type BktFitOptions,
  type MasteryThresholds,
} from "./defaults.js";
import { LearnerModelError, UnknownCompetencyError } from "./errors.js";
import { encodeKtResponses, type EncodedKtData } from "./kt-data.js";
import { masteryReportOf } from "./mastery-status.js";
import { createKtRandom, type KtRandom } from "./random.js";
import type { KtObservation, KtQuery, KtResponse, LearnerModel, SerializedLearnerModel } from "./types.js";

/** The fitted parameters of one skill. */
export interface BktSkillParameters {
  /** P(known) before the first attempt. */
  init: number;
  /** P(unknown → known) after each attempt. */
  learn: number;
  /** P(known → unknown) after each attempt (0 without forgetting). */
  forget: number;
  /** P(correct | unknown). */
  guess: number;
  /** P(incorrect | known). */
  slip: number;
}

/** A learner's knowledge of one skill. */
export interface BktSkillState {
  /** P(known) at the next attempt. */
  pKnown: number;
  attempts: number;
  masteredBefore: boolean;
}

/** A learner's BKT state: one entry per skill attempted. */
export interface BktLearnerState {
  skills: Readonly<Record<string, BktSkillState>>;
}

export interface SerializedBktModel extends SerializedLearnerModel {
  kind: "bkt";
  version: 1;
  forgetting: boolean;
  mastery: MasteryThresholds;
  skills: Record<string, BktSkillParameters>;
}

/** Diagnostics of one skill's fit. */
export interface BktSkillFit {
  skillId: string;
  parameters: BktSkillParameters;
  logLikelihood: number;
  responses: number;
  /** EM iterations of the winning restart. */
  iterations: number;
}

export class BktModel implements LearnerModel<BktLearnerState> {
  readonly name: string;
  private readonly parameters: Map<string, BktSkillParameters>;

  constructor(
    parameters: Readonly<Record<string, BktSkillParameters>>,
    readonly forgetting: boolean,
    readonly mastery: MasteryThresholds = DEFAULT_BKT_FIT_OPTIONS.mastery,
  ) {
    this.name = forgetting ? "bkt-forgetting" : "bkt";
    this.parameters = new Map(Object.entries(parameters));
  }

  /** The parameters of one skill (throws `UnknownCompetencyError` for an unknown skill). */
  parametersOf(skillId: string): BktSkillParameters {
    const p = this.parameters.get(skillId);
    if (p === undefined) throw new UnknownCompetencyError(skillId);
    return p;
  }

  competencies(): readonly string[] {
    return [...this.parameters.keys()];
  }

  initialState(): BktLearnerState {
    return { skills: {} };
  }

  predict(state: BktLearnerState, query: KtQuery): number {
    let sum = 0;
    for (const skillId of query.skillIds) {
      const p = this.parametersOf(skillId);
      const pKnown = state.skills[skillId]?.pKnown ?? p.init;
      sum += pKnown * (1 - p.slip) + (1 - pKnown) * p.guess;
    }
    // An item with several skills: the mean of its skills' predictions (each skill was fitted on
    // the item's responses as if it were the only one).
    return sum / query.skillIds.length;
  }

  update(state: BktLearnerState, observation: KtObservation): BktLearnerState {
    const skills: Record<string, BktSkillState> = { ...state.skills };
    for (const skillId of observation.skillIds) {
      const p = this.parametersOf(skillId);
      const before = skills[skillId];
      const prior = before?.pKnown ?? p.init;
      const known = observation.correct ? prior * (1 - p.slip) : prior * p.slip;
      const unknown = observation.correct ? (1 - prior) * p.guess : (1 - prior) * (1 - p.guess);
      const posterior = known / (known + unknown);
      const pKnown = posterior * (1 - p.forget) + (1 - posterior) * p.learn;
      const attempts = (before?.attempts ?? 0) + 1;
      skills[skillId] = {
        pKnown,
        attempts,
        masteredBefore:
          (before?.masteredBefore ?? false) ||
          (attempts >= this.mastery.minEvidence && pKnown >= this.mastery.mastered),
      };
    }
    return { skills };
  }

  masteryOf(state: BktLearnerState, competencyId: string): MasteryReport {
    const p = this.parametersOf(competencyId);
    const skill = state.skills[competencyId];
    return masteryReportOf(
      competencyId,
      {
        probability: skill?.pKnown ?? p.init,
        evidenceCount: skill?.attempts ?? 0,
        masteredBefore: skill?.masteredBefore ?? false,
      },
      this.mastery,
    );
  }

  toJSON(): SerializedBktModel {
    return {
      kind: "bkt",
      version: 1,
      forgetting: this.forgetting,
      mastery: { ...this.mastery },
      skills: Object.fromEntries([...this.parameters].map(([id, p]) => [id, { ...p }])),
    };
  }
}

/** Rebuilds a model from `toJSON()` output, checking every probability. */
export function bktModelFromJSON(json: SerializedBktModel): BktModel {
  if (json.kind !== "bkt" || json.version !== 1) {
    throw new LearnerModelError("invalid-parameters", "not a version-1 BKT model");
  }
  for (const [skillId, p] of Object.entries(json.skills)) {
    for (const [name, value] of Object.entries(p)) {
      if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
        throw new LearnerModelError(
          "invalid-parameters",
          `skill "${skillId}": ${name} is not a probability`,
          {
            skillId,
            parameter: name,
          },
        );
      }
    }
  }
  return new BktModel(json.skills, json.forgetting, json.mastery);
}

/** Fits BKT on responses; see `BktFitOptions` for the knobs and their defaults. */
export function fitBkt(responses: readonly KtResponse[], options: Partial<BktFitOptions> = {}): BktModel {
  return fitBktEncoded(encodeKtResponses(responses), options);
}

/** `fitBkt` on already encoded responses. */
export function fitBktEncoded(data: EncodedKtData, options: Partial<BktFitOptions> = {}): BktModel {
  const opts: BktFitOptions = { ...DEFAULT_BKT_FIT_OPTIONS, ...options };
  const fits = fitBktSkills(data, opts);
  return new BktModel(
    Object.fromEntries(fits.map((f) => [f.skillId, f.parameters])),
    opts.forgetting,
    opts.mastery,
  );
}

/**
 * The model's prediction for every encoded response, each from the learner's earlier responses:
 * the same numbers as `predict` then `update` along each learner's history, computed in typed
 * arrays (the logistic model uses them as a feature of its training rows).
 */
export function replayBktPredictions(model: BktModel, data: EncodedKtData): Float64Array {
  const skills = data.skillIds.length;
  const p = data.skillIds.map((id) => model.parametersOf(id));
  const pKnown = new Float64Array(skills);
  const owner = new Int32Array(skills).fill(-1);
  const predictions = new Float64Array(data.size);
  for (let r = 0; r < data.size; r++) {
    const learner = data.learner[r]!;
    const from = data.skillStart[r]!;
    const to = data.skillStart[r + 1]!;
    let sum = 0;
    for (let k = from; k < to; k++) {
      const s = data.skillList[k]!;
      const q = p[s]!;
      if (owner[s] !== learner) {
        owner[s] = learner;
        pKnown[s] = q.init;
      }
      sum += pKnown[s]! * (1 - q.slip) + (1 - pKnown[s]!) * q.guess;
    }
    predictions[r] = sum / (to - from);
    const correct = data.correct[r] === 1;
    for (let k = from; k < to; k++) {
      const s = data.skillList[k]!;
      const q = p[s]!;
      const prior = pKnown[s]!;
      const known = correct ? prior * (1 - q.slip) : prior * q.slip;
      const unknown = correct ? (1 - prior) * q.guess : (1 - prior) * (1 - q.guess);
      const posterior = known / (known + unknown);
      pKnown[s] = posterior * (1 - q.forget) + (1 - posterior) * q.learn;
    }
  }
  return predictions;
}

/** Per-skill sequences: observations of skill s are obs[skillOffset[s] .. skillOffset[s+1]). */
interface SkillSequences {
  obs: Uint8Array;
  skillOffset: Int32Array;
  /** Sequence starts (positions in obs) of skill s are seqStart[seqOffset[s] .. seqOffset[s+1]). */
  seqStart: Int32Array;
  seqOffset: Int32Array;
}

function buildSkillSequences(data: EncodedKtData): SkillSequences {
  const skills = data.skillIds.length;
  const counts = new Int32Array(skills + 1);
  const seqCounts = new Int32Array(skills + 1);
  const lastLearner = new Int32Array(skills).fill(-1);
  for (let r = 0; r < data.size; r++) {
    for (let k = data.skillStart[r]!; k < data.skillStart[r + 1]!; k++) {
      const s = data.skillList[k]!;
      counts[s + 1]!++;
      if (lastLearner[s] !== data.learner[r]) {
        seqCounts[s + 1]!++;
        lastLearner[s] = data.learner[r]!;
      }
    }
  }
  for (let s = 0; s < skills; s++) {
    counts[s + 1]! += counts[s]!;
    seqCounts[s + 1]! += seqCounts[s]!;
  }
  const obs = new Uint8Array(counts[skills]!);
  const seqStart = new Int32Array(seqCounts[skills]!);
  const fill = counts.slice(0, skills);
  const seqFill = seqCounts.slice(0, skills);
  lastLearner.fill(-1);
  for (let r = 0; r < data.size; r++) {
    for (let k = data.skillStart[r]!; k < data.skillStart[r + 1]!; k++) {
      const s = data.skillList[k]!;
      if (lastLearner[s] !== data.learner[r]) {
        seqStart[seqFill[s]!++] = fill[s]!;
        lastLearner[s] = data.learner[r]!;
      }
      obs[fill[s]!++] = data.correct[r]!;
    }
  }
  return { obs, skillOffset: counts, seqStart, seqOffset: seqCounts };
}

/** Fits every skill of encoded data; exported for tests and the benchmark's diagnostics. */
export function fitBktSkills(data: EncodedKtData, options: BktFitOptions): BktSkillFit[] {
  if (options.restarts < 1 || options.maxIterations < 1) {
    throw new LearnerModelError("invalid-parameters", "BKT needs at least one restart and one iteration");
  }
  const sequences = buildSkillSequences(data);
  const random = createKtRandom(options.seed);
  let longest = 0;
  for (let s = 0; s < data.skillIds.length; s++) {
    longest = Math.max(longest, sequences.skillOffset[s + 1]! - sequences.skillOffset[s]!);
  }
  const scratch = { alpha: new Float64Array(longest), scale: new Float64Array(longest) };
  const fits: BktSkillFit[] = [];
  for (let s = 0; s < data.skillIds.length; s++) {
    // "Small EM" (Biernacki, Celeux & Govaert 2003): every start runs a few iterations, then only
    // the start with the best likelihood runs on to convergence.
    let best: EmRun | undefined;
    for (let restart = 0; restart < options.restarts; restart++) {
      const start = randomParameters(random, options.bounds, options.forgetting);
      const fit = runEm(
        sequences,
        s,
        start,
        options,
        Math.min(options.screeningIterations, options.maxIterations),
        scratch,
      );
      if (best === undefined || fit.logLikelihood > best.logLikelihood) best = fit;
    }
    if (!best!.converged && best!.iterations < options.maxIterations) {
      const more = runEm(
        sequences,
        s,
        best!.parameters,
        options,
        options.maxIterations - best!.iterations,
        scratch,
      );
      best = { ...more, iterations: best!.iterations + more.iterations };
    }
    fits.push({
      skillId: data.skillIds[s]!,
      parameters: best!.parameters,
      logLikelihood: best!.logLikelihood,
      responses: sequences.skillOffset[s + 1]! - sequences.skillOffset[s]!,
      iterations: best!.iterations,
    });
  }
  return fits;
}

function randomParameters(random: KtRandom, bounds: BktBounds, forgetting: boolean): BktSkillParameters {
  const draw = ([min, max]: readonly [number, number]) => min + (max - min) * random();
  const forget = draw(bounds.forget);
  return {
    init: draw(bounds.init),
    learn: draw(bounds.learn),
    forget: forgetting ? forget : 0,
    guess: draw(bounds.guess),
    slip: draw(bounds.slip),
  };
}

/** Below this the running likelihood product is moved into the log sum (far above 5e-324). */
const UNDERFLOW_GUARD = 1e-250;

function clamp(x: number, [min, max]: readonly [number, number]): number {
  // A 0/0 ratio (no evidence for a parameter) keeps the lower bound rather than NaN.
  if (!(x >= min)) return min;
  return x > max ? max : x;
}

interface EmRun {
  parameters: BktSkillParameters;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** EM from one starting point: scaled forward–backward over every learner's sequence of skill s. */
function runEm(
  sequences: SkillSequences,
  s: number,
  start: BktSkillParameters,
  options: BktFitOptions,
  maxIterations: number,
  scratch: { alpha: Float64Array; scale: Float64Array },
): EmRun {
  const { obs, seqStart, seqOffset, skillOffset } = sequences;
  const { alpha, scale } = scratch;
  const base = skillOffset[s]!;
  const end = skillOffset[s + 1]!;
  const n = end - base;
  const firstSeq = seqOffset[s]!;
  const lastSeq = seqOffset[s + 1]!;
  const { bounds, forgetting } = options;
  let { init, learn, forget, guess, slip } = start;
  let previous = -Infinity;
  let logLikelihood = -Infinity;
  let iteration = 0;
  let converged = false;
  for (; iteration < maxIterations; iteration++) {
    let initSum = 0;
    let fromUnknown = 0;
    let learned = 0;
    let fromKnown = 0;
    let forgot = 0;
    let unknownTotal = 0;
    let unknownCorrect = 0;
    let knownTotal = 0;
    let knownWrong = 0;
    let ll = 0;
    // Emission probabilities indexed by the observation (0 wrong, 1 right): no branches inside.
    const eK0 = slip;
    const eK1 = 1 - slip;
    const eU0 = 1 - guess;
    const eU1 = guess;
    const stay = 1 - forget;
    for (let q = firstSeq; q < lastSeq; q++) {
      const from = seqStart[q]!;
      const to = q + 1 < lastSeq ? seqStart[q + 1]! : end;
      // Forward: alpha[t] = P(known at t | o_1..t); inverse[t] = 1 / P(o_t | o_1..t-1). The
      // likelihood is a running product, logged only when it nears underflow (a log per step is
      // the costliest operation of the loop).
      let pKnown = init;
      let product = 1;
      for (let t = from; t < to; t++) {
        const o = obs[t]!;
        const aK = pKnown * (o * eK1 + (1 - o) * eK0);
        const c = aK + (1 - pKnown) * (o * eU1 + (1 - o) * eU0);
        const inv = 1 / c;
        const post = aK * inv;
        alpha[t - base] = post;
        scale[t - base] = inv;
        product *= c;
        if (product < UNDERFLOW_GUARD) {
          ll += Math.log(product);
          product = 1;
        }
        pKnown = post * stay + (1 - post) * learn;
      }
      ll += Math.log(product);
      // Backward with the same scaling; accumulate expected counts.
      let bK = 1;
      let bU = 1;
      for (let t = to - 1; t > from; t--) {
        const i = t - base;
        const a = alpha[i]!;
        // With this scaling gK + gU = 1 exactly: no normalization needed.
        const gK = a * bK;
        const gU = (1 - a) * bU;
        const o = obs[t]!;
        knownTotal += gK;
        unknownTotal += gU;
        unknownCorrect += o * gU;
        knownWrong += (1 - o) * gK;
        const prev = alpha[i - 1]!;
        const c = scale[i]!;
        const kK = (o * eK1 + (1 - o) * eK0) * bK * c;
        const uU = (o * eU1 + (1 - o) * eU0) * bU * c;
        const xiUK = (1 - prev) * learn * kK;
        const xiKU = prev * forget * uU;
        fromUnknown += xiUK + (1 - prev) * (1 - learn) * uU;
        learned += xiUK;
        fromKnown += xiKU + prev * stay * kK;
        forgot += xiKU;
        bK = stay * kK + forget * uU;
        bU = learn * kK + (1 - learn) * uU;
      }
      const a = alpha[from - base]!;
      const gK = a * bK;
      const gU = (1 - a) * bU;
      const o = obs[from]!;
      knownTotal += gK;
      unknownTotal += gU;
      unknownCorrect += o * gU;
      knownWrong += (1 - o) * gK;
      initSum += gK;
    }
    logLikelihood = ll;
    if (ll - previous < options.tolerance * n) {
      converged = true;
      break;
    }
    previous = ll;
    init = clamp(initSum / (lastSeq - firstSeq), bounds.init);
    learn = clamp(learned / fromUnknown, bounds.learn);
    if (forgetting) forget = clamp(forgot / fromKnown, bounds.forget);
    guess = clamp(unknownCorrect / unknownTotal, bounds.guess);
    slip = clamp(knownWrong / knownTotal, bounds.slip);
  }
  // Without convergence the parameters are one M-step newer than `logLikelihood`, which EM (and
  // clamping to bounds: each M-step objective is concave in its one parameter) never lowers.
  return {
    parameters: { init, learn, forget, guess, slip },
    logLikelihood,
    iterations: iteration,
    converged,
  };
}
