/**
 * Adaptive placement over a competency graph: ask the question that tells the most about the
 * learner's whole knowledge state, update, stop when confident or at the question cap, and return
 * every competency's estimated state with its confidence.
 *
 * The belief is a population of plausible knowledge states (particles), documented in
 * docs/personalization.md:
 * - prior (a knowledge-space prior): each particle is how far a learner got along a random learning
 *   order that respects the prerequisites — a random number K of steps, each step learning a
 *   competency picked uniformly among those whose prerequisites are all known. So the prior puts
 *   its mass on states that are closed under prerequisites, of every size;
 * - answers are noisy: P(correct | mastered) = 1 − slip, P(correct | not mastered) = guess, per item.
 *   After each answer every particle's weight is multiplied by the answer's likelihood under it;
 *   when the weights concentrate (effective sample size below half) the population is resampled and
 *   rejuvenated by Metropolis–Hastings moves that keep the prior exactly: learn one more ready
 *   competency, forget the last one learned, or re-walk the last steps of the path. A learner who
 *   knows something out of order is explained by the answers' noise, not by the prior;
 * - P(mastered) of a competency is the weighted share of particles that contain it; twins (same
 *   prerequisites, same dependents) that were not asked share their class's mean, since the prior
 *   treats them alike (a Rao–Blackwellised estimate).
 *
 * Question choice: among the most uncertain unasked competencies (one per class of twins), the one
 * whose answer is expected to leave the fewest misclassified competencies (or, as an option, the
 * least total entropy) over the whole graph, evaluated on a subsample of the particles. Stop once the
 * expected share of correctly classified competencies reaches `stopAtExpectedAccuracy`, or at
 * `maxQuestions`.
 *
 * Deterministic: the randomness comes from a seeded generator whose draws depend only on the answers
 * so far, so replaying the same answers gives the same state and the same next question.
 */
import type { CompetencyGraph } from "../graph/competency-graph.js";
import type { MasteryStatus } from "../mastery.js";
import { hashString, seededRandom } from "../recommendation/seeded-random.js";

export interface DiagnosisParameters {
  /** P(wrong answer | mastered), for items without their own value. */
  slip: number;
  /** P(right answer | not mastered): 0.2 for five-option multiple choice. */
  guess: number;
  /** Knowledge states kept in the population. More is steadier and slower. */
  particles: number;
  /** P(a step of learning picks any competency not yet known rather than one whose prerequisites are known). */
  violationRate: number;
  /** Metropolis–Hastings moves that rejuvenate the population after it is resampled. */
  rejuvenationMoves: number;
  /** Resample (and rejuvenate) once the effective sample size falls below this share of the population. */
  resampleBelow: number;
  /** Unasked competencies whose answer is looked ahead each step (the most uncertain ones). */
  candidateShortlist: number;
  /** How candidates are shortlisted: by their own uncertainty, or also by the uncertainty of their relatives. */
  shortlistBy: "uncertainty" | "uncertainty-around";
  /** Particles the look-ahead is evaluated on (a weighted subsample of the population). */
  lookaheadParticles: number;
  /** What the look-ahead minimises: the expected total entropy, or the expected number of misclassified competencies. */
  lookaheadCriterion: "entropy" | "accuracy";
  /** Stop once the expected share of correctly classified competencies reaches this. */
  stopAtExpectedAccuracy: number;
  /** A competency gets a status (mastered / developing) once its confidence reaches this; below, `not-enough-data`. */
  confidentAt: number;
  /** Never ask more than this many questions. */
  maxQuestions: number;
  /** Seed of the population and its moves: the same seed and answers give the same placement. */
  seed: number;
}

export const DEFAULT_DIAGNOSIS_PARAMETERS: DiagnosisParameters = {
  slip: 0.1,
  guess: 0.2,
  particles: 4000,
  violationRate: 0.05,
  rejuvenationMoves: 400,
  resampleBelow: 0.5,
  candidateShortlist: 8,
  shortlistBy: "uncertainty-around",
  lookaheadParticles: 128,
  lookaheadCriterion: "accuracy",
  stopAtExpectedAccuracy: 0.99,
  confidentAt: 0.8,
  maxQuestions: 30,
  seed: 1,
};

/** Per-item noise where the item bank knows it (e.g. a true/false item guesses 0.5). */
export interface DiagnosisItemNoise {
  slip: number;
  guess: number;
}

export interface DiagnosisAnswer {
  competencyId: string;
  correct: boolean;
}

export interface CompetencyEstimate {
  competencyId: string;
  /** P(mastered | answers). */
  probability: number;
  mastered: boolean;
  /** P(the `mastered` call is right) = max(p, 1 − p). */
  confidence: number;
  /** `mastered` / `developing`, or `not-enough-data` when confidence is below `confidentAt`. */
  status: MasteryStatus;
  /** Whether a question was asked on this competency itself. */
  asked: boolean;
}

export type DiagnosisStopReason = "confident" | "question-cap" | "nothing-left-to-ask";

export interface DiagnosisResult {
  questionsAsked: number;
  stoppedBecause: DiagnosisStopReason | undefined;
  /** Mean confidence over all competencies: the model's own estimate of its accuracy. */
  expectedAccuracy: number;
  competencies: CompetencyEstimate[];
}

function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** A population of learning paths: particle i learned order[i·n], order[i·n + 1], … (its first size[i] entries). */
interface Population {
  order: Int32Array;
  size: Int32Array;
}

/** P(the more likely call is wrong). */
function misclassification(p: number): number {
  return p < 0.5 ? p : 1 - p;
}

/**
 * Prior populations, sampled once per graph, size and seed: every placement on a framework starts
 * from the same paths (so it is reproducible), and a class's placements share the sampling work.
 */
const priorCache = new WeakMap<CompetencyGraph, Map<string, Population>>();

function priorPopulation(
  graph: CompetencyGraph,
  particles: number,
  seed: number,
  violationRate: number,
): Population {
  let byKey = priorCache.get(graph);
  if (!byKey) priorCache.set(graph, (byKey = new Map()));
  const key = `${particles}:${seed}:${violationRate}`;
  let population = byKey.get(key);
  if (!population) {
    const random = seededRandom(hashString("placement-prior", seed));
    const n = graph.size;
    const walker = new PathWalker(graph, violationRate);
    population = { order: new Int32Array(particles * n), size: new Int32Array(particles) };
    for (let i = 0; i < particles; i++) {
      // Sizes spread evenly (stratified) over 0…n, so every level of progress is represented.
      const size = Math.min(n, Math.floor(((i + random()) / particles) * (n + 1)));
      population.size[i] = walker.extend(population.order.subarray(i * n, i * n + n), 0, size, random);
    }
    byKey.set(key, population);
  }
  return population;
}

/**
 * Random learning walks: each step learns a competency picked uniformly among those whose
 * prerequisites are all known — or, with probability `violationRate`, any competency not yet known
 * (learners do pick things up out of order).
 */
class PathWalker {
  /** Prerequisites not yet learned; −1 once learned. */
  private readonly missing: Int32Array;
  private readonly ready: Int32Array;
  private readonly readyAt: Int32Array;
  private readyCount = 0;
  private readonly unknown: Int32Array;
  private readonly unknownAt: Int32Array;
  private unknownCount = 0;
  constructor(
    private readonly graph: CompetencyGraph,
    private readonly violationRate: number,
  ) {
    const n = graph.size;
    this.missing = new Int32Array(n);
    this.ready = new Int32Array(n);
    this.readyAt = new Int32Array(n);
    this.unknown = new Int32Array(n);
    this.unknownAt = new Int32Array(n);
  }

  /** Sets up the walk after learning path[0 … keep − 1]. */
  start(path: Int32Array, keep: number): void {
    const { graph, missing, ready, readyAt, unknown, unknownAt } = this;
    const n = graph.size;
    for (let v = 0; v < n; v++) missing[v] = graph.prerequisiteIndexes[v]!.length;
    for (let t = 0; t < keep; t++) {
      const v = path[t]!;
      for (const d of graph.dependentIndexes[v]!) if (missing[d]! > 0) missing[d]!--;
      missing[v] = -1;
    }
    this.readyCount = 0;
    this.unknownCount = 0;
    for (let v = 0; v < n; v++) {
      readyAt[v] = -1;
      unknownAt[v] = -1;
      if (missing[v]! < 0) continue;
      unknownAt[v] = this.unknownCount;
      unknown[this.unknownCount++] = v;
      if (missing[v] === 0) {
        readyAt[v] = this.readyCount;
        ready[this.readyCount++] = v;
      }
    }
  }

  /** Keeps path[0 … keep − 1] and walks on until the path has `size` entries (or nothing is left); returns its length. */
  extend(path: Int32Array, keep: number, size: number, random: () => number): number {
    this.start(path, keep);
    return this.walk(path, keep, size, random);
  }

  /** Walks on from a path of `length` entries set up by `start`. */
  walk(path: Int32Array, length: number, size: number, random: () => number): number {
    const { graph, missing, ready, readyAt, unknown, unknownAt } = this;
    while (length < size && this.unknownCount > 0) {
      const outOfOrder = this.readyCount === 0 || random() < this.violationRate;
      const v = outOfOrder
        ? unknown[Math.floor(random() * this.unknownCount)]!
        : ready[Math.floor(random() * this.readyCount)]!;
      const at = readyAt[v]!;
      if (at >= 0) {
        const last = ready[--this.readyCount]!;
        ready[at] = last;
        readyAt[last] = at;
        readyAt[v] = -1;
      }
      const u = unknownAt[v]!;
      const lastUnknown = unknown[--this.unknownCount]!;
      unknown[u] = lastUnknown;
      unknownAt[lastUnknown] = u;
      unknownAt[v] = -1;
      missing[v] = -1;
      path[length++] = v;
      for (const d of graph.dependentIndexes[v]!)
        if (missing[d]! > 0 && --missing[d]! === 0) {
          readyAt[d] = this.readyCount;
          ready[this.readyCount++] = d;
        }
    }
    return length;
  }
}

/** A placement in progress. Deterministic: the same answers give the same questions. */
export class PlacementDiagnosis {
  readonly parameters: DiagnosisParameters;
  private readonly n: number;
  private readonly p: number;
  /** Particle i's state is state[i·n … i·n + n − 1], 1 where it knows the competency. */
  private state: Uint8Array;
  private spare: Uint8Array;
  /** Particle i's learning path: order[i·n …], of length size[i]; `state` is the set of its entries. */
  private order: Int32Array;
  private spareOrder: Int32Array;
  private size: Int32Array;
  private spareSize: Int32Array;
  /** Scratch for a proposed path. */
  private readonly proposal: Int32Array;
  /** Answered competencies, for the likelihood of a proposed state. */
  private readonly answered: number[] = [];
  private readonly weight: Float64Array;
  /** P(mastered) per competency as published: `raw`, averaged over each class of twins. */
  private readonly marginal: Float64Array;
  /** Weighted share of the particles that know each competency. */
  private readonly raw: Float64Array;
  /** Scratch: per competency, the weight of one side of the particles that know it. */
  private readonly sideSum: Float64Array;
  /** Per competency, the log-likelihood of its answers so far if mastered (1) and if not (0). */
  private readonly logLik1: Float64Array;
  private readonly logLik0: Float64Array;
  private readonly asked: Uint8Array;
  private readonly askable: Uint8Array;
  private readonly askableCount: number;
  private readonly answers: DiagnosisAnswer[] = [];
  private next: { after: number; question: number | undefined } | undefined;
  /** Prerequisites of v: prerequisiteList[prerequisiteStart[v] … prerequisiteStart[v + 1] − 1]. */
  private readonly prerequisiteStart: Int32Array;
  private readonly prerequisiteList: Int32Array;
  /** Scratch for the exact fallback of `drawNext`. */
  private readonly candidates: Int32Array;
  /**
   * Twins: competencies with the same prerequisites and the same dependents (e.g. the skills under
   * one CASE target, or the competencies with no edge at all). The prior treats twins alike and only
   * asked ones have evidence, so given how many of a class's unasked members a particle knows, which
   * ones is uniform: each gets the class's mean (Rao–Blackwellised). `twinClass[c]` is c's class
   * while c is unasked and has an unasked twin, otherwise −1.
   */
  private readonly twinClass: Int32Array;
  private readonly twinCount: Int32Array;
  private readonly twinSum: Float64Array;
  constructor(
    readonly graph: CompetencyGraph,
    parameters: Partial<DiagnosisParameters> = {},
    private readonly itemNoise: ReadonlyMap<string, DiagnosisItemNoise> = new Map(),
    /** Competencies that have a question to ask (all when omitted); the others are only inferred. */
    askable?: ReadonlySet<string>,
  ) {
    this.parameters = { ...DEFAULT_DIAGNOSIS_PARAMETERS, ...parameters };
    const n = graph.size;
    const p = Math.max(1, Math.floor(this.parameters.particles));
    this.n = n;
    this.p = p;
    const prior = priorPopulation(graph, p, this.parameters.seed, this.parameters.violationRate);
    this.order = prior.order.slice();
    this.size = prior.size.slice();
    this.spareOrder = new Int32Array(p * n);
    this.spareSize = new Int32Array(p);
    this.state = new Uint8Array(p * n);
    for (let i = 0; i < p; i++)
      for (let t = 0; t < this.size[i]!; t++) this.state[i * n + this.order[i * n + t]!] = 1;
    this.spare = new Uint8Array(p * n);
    this.proposal = new Int32Array(n);
    this.weight = new Float64Array(p).fill(1 / p);
    this.marginal = new Float64Array(n);
    this.raw = new Float64Array(n);
    this.sideSum = new Float64Array(n);
    this.logLik1 = new Float64Array(n);
    this.logLik0 = new Float64Array(n);
    this.asked = new Uint8Array(n);
    this.askable = new Uint8Array(n).fill(askable ? 0 : 1);
    if (askable) for (const id of askable) if (graph.has(id)) this.askable[graph.indexOf(id)] = 1;
    this.askableCount = this.askable.reduce((sum, x) => sum + x, 0);
    this.prerequisiteStart = new Int32Array(n + 1);
    for (let v = 0; v < n; v++)
      this.prerequisiteStart[v + 1] = this.prerequisiteStart[v]! + graph.prerequisiteIndexes[v]!.length;
    this.prerequisiteList = Int32Array.from(graph.prerequisiteIndexes.flat());
    this.candidates = new Int32Array(n);
    this.twinClass = new Int32Array(n).fill(-1);
    const classes = new Map<string, number[]>();
    for (let v = 0; v < n; v++) {
      const key = `${[...graph.prerequisiteIndexes[v]!].sort((a, b) => a - b).join(",")}|${[...graph.dependentIndexes[v]!].sort((a, b) => a - b).join(",")}`;
      const members = classes.get(key);
      if (members) members.push(v);
      else classes.set(key, [v]);
    }
    let twinClasses = 0;
    const counts: number[] = [];
    for (const members of classes.values()) {
      if (members.length < 2) continue;
      for (const v of members) this.twinClass[v] = twinClasses;
      counts.push(members.length);
      twinClasses++;
    }
    this.twinCount = Int32Array.from(counts);
    this.twinSum = new Float64Array(twinClasses);
    this.refreshMarginals();
  }

  get questionsAsked(): number {
    return this.answers.length;
  }

  /** The model's expected share of competencies it classifies correctly right now. */
  expectedAccuracy(): number {
    let sum = 0;
    for (let c = 0; c < this.n; c++) sum += Math.max(this.marginal[c]!, 1 - this.marginal[c]!);
    return sum / Math.max(1, this.n);
  }

  /** Why the placement should stop now, or undefined while it should go on. */
  stopReason(): DiagnosisStopReason | undefined {
    if (this.answers.length >= this.parameters.maxQuestions) return "question-cap";
    if (this.answers.length >= this.askableCount) return "nothing-left-to-ask";
    if (this.expectedAccuracy() >= this.parameters.stopAtExpectedAccuracy) return "confident";
    return undefined;
  }

  /** The most informative next question, or undefined when the stop rule says enough. */
  nextQuestion(): string | undefined {
    if (this.stopReason() !== undefined) return undefined;
    if (this.next?.after !== this.answers.length)
      this.next = { after: this.answers.length, question: this.bestCandidate(this.shortlist()) };
    const best = this.next.question;
    return best === undefined ? undefined : this.graph.ids[best];
  }

  /** The answer the learner gave on an item of `competencyId`. */
  recordAnswer(answer: DiagnosisAnswer): void {
    const k = this.graph.indexOf(answer.competencyId);
    const { l1, l0 } = this.likelihoods(k, answer.correct);
    const { n, p, state, weight, raw } = this;
    let total = 0;
    let knowK = 0;
    for (let i = 0; i < p; i++) {
      const knows = state[i * n + k]!;
      knowK += knows;
      weight[i]! *= knows === 1 ? l1 : l0;
      total += weight[i]!;
    }
    let sumSquares = 0;
    for (let i = 0; i < p; i++) {
      weight[i]! /= total;
      sumSquares += weight[i]! * weight[i]!;
    }
    if (this.logLik1[k] === 0 && this.logLik0[k] === 0) this.answered.push(k);
    this.logLik1[k]! += Math.log(l1);
    this.logLik0[k]! += Math.log(l0);
    this.asked[k] = 1;
    this.leaveTwins(k);
    this.answers.push({ ...answer });
    if (1 / sumSquares < p * this.parameters.resampleBelow) {
      // The randomness of this step depends only on the answers so far: replays reproduce it.
      const random = seededRandom(
        hashString(
          `${this.answers.length}:${answer.competencyId}:${answer.correct ? 1 : 0}`,
          this.parameters.seed,
        ),
      );
      this.resample(random);
      this.rejuvenate(random);
    } else if (l1 > 0 && l0 > 0) {
      // Only the weights changed, by l1 where k is known and l0 elsewhere: update the marginals
      // from the smaller side alone (with the new weights w'; Z = total):
      //   new = (l0 / Z)·old + (1 − l0 / l1)·Σ_{knows k} w'·state, or the same with the sides swapped.
      const side = knowK <= p - knowK ? 1 : 0;
      const [mine, other] = side === 1 ? [l1, l0] : [l0, l1];
      const sum = this.sideSum;
      sum.fill(0);
      for (let i = 0; i < p; i++) {
        if (state[i * n + k] !== side) continue;
        const w = weight[i]!;
        const row = i * n;
        const end = row + this.size[i]!;
        for (let t = row; t < end; t++) sum[this.order[t]!]! += w;
      }
      const keep = other / total;
      const factor = 1 - other / mine;
      for (let c = 0; c < n; c++) raw[c] = keep * raw[c]! + factor * sum[c]!;
    } else {
      this.refreshMarginals();
      return;
    }
    this.publishMarginals();
  }

  /** The current estimate for every competency, in graph order. */
  result(): DiagnosisResult {
    const stop = this.parameters.confidentAt;
    return {
      questionsAsked: this.answers.length,
      stoppedBecause: this.stopReason(),
      expectedAccuracy: this.expectedAccuracy(),
      competencies: this.graph.ids.map((competencyId, c) => {
        const probability = this.marginal[c]!;
        const mastered = probability >= 0.5;
        const confidence = Math.max(probability, 1 - probability);
        return {
          competencyId,
          probability,
          mastered,
          confidence,
          status: confidence < stop ? "not-enough-data" : mastered ? "mastered" : "developing",
          asked: this.asked[c] === 1,
        };
      }),
    };
  }

  /** P(mastered) by node index, for callers that work with indexes. */
  probabilities(): Float64Array {
    return this.marginal.slice();
  }

  private likelihoods(k: number, correct: boolean): { l1: number; l0: number } {
    const noise = this.itemNoise.get(this.graph.ids[k]!) ?? this.parameters;
    return correct ? { l1: 1 - noise.slip, l0: noise.guess } : { l1: noise.slip, l0: 1 - noise.guess };
  }

  /** Recomputes the weighted marginals from scratch. */
  private refreshMarginals(): void {
    const { n, p, order, size, weight, raw } = this;
    raw.fill(0);
    // Walk each particle's path (what it knows) rather than all n flags: about half the work.
    for (let i = 0; i < p; i++) {
      const w = weight[i]!;
      const row = i * n;
      const end = row + size[i]!;
      for (let t = row; t < end; t++) raw[order[t]!]! += w;
    }
    this.publishMarginals();
  }

  /** An asked competency is known from its own answer: it leaves its class of twins. */
  private leaveTwins(k: number): void {
    const twins = this.twinClass[k]!;
    if (twins < 0) return;
    this.twinClass[k] = -1;
    if (--this.twinCount[twins]! > 1) return;
    this.twinCount[twins] = 0;
    for (let c = 0; c < this.n; c++) if (this.twinClass[c] === twins) this.twinClass[c] = -1;
  }

  /** P(mastered) per competency: the weighted share of particles that know it, averaged over twins. */
  private publishMarginals(): void {
    const { n, raw, twinClass, twinSum, twinCount, marginal } = this;
    twinSum.fill(0);
    for (let c = 0; c < n; c++) if (twinClass[c]! >= 0) twinSum[twinClass[c]!]! += raw[c]!;
    for (let c = 0; c < n; c++) {
      const twins = twinClass[c]!;
      const p = twins >= 0 ? twinSum[twins]! / twinCount[twins]! : raw[c]!;
      marginal[c] = Math.min(1, Math.max(0, p));
    }
  }

  /**
   * Systematic resampling: particles are copied in proportion to their weights, which become equal.
   * The marginals are rebuilt from the copies, each source once with its number of copies.
   */
  private resample(random: () => number): void {
    const { n, p, state, spare, order, spareOrder, size, spareSize, weight, raw } = this;
    const step = 1 / p;
    raw.fill(0);
    const addCopies = (source: number, copies: number): void => {
      const row = source * n;
      const end = row + size[source]!;
      const w = copies * step;
      for (let t = row; t < end; t++) raw[order[t]!]! += w;
    };
    let u = random() * step;
    let cumulative = weight[0]!;
    let i = 0;
    let copiesOfI = 0;
    for (let j = 0; j < p; j++) {
      while (u > cumulative && i < p - 1) {
        if (copiesOfI > 0) addCopies(i, copiesOfI);
        copiesOfI = 0;
        cumulative += weight[++i]!;
      }
      spare.set(state.subarray(i * n, i * n + n), j * n);
      spareOrder.set(order.subarray(i * n, i * n + size[i]!), j * n);
      spareSize[j] = size[i]!;
      copiesOfI++;
      u += step;
    }
    if (copiesOfI > 0) addCopies(i, copiesOfI);
    this.spare = state;
    this.state = spare;
    this.spareOrder = order;
    this.order = spareOrder;
    this.spareSize = size;
    this.size = spareSize;
    weight.fill(step);
  }

  /** Log-likelihood of the answers so far for a state given as flags. */
  private logLikelihood(flags: Uint8Array, offset: number): number {
    let sum = 0;
    for (const c of this.answered) sum += flags[offset + c] === 1 ? this.logLik1[c]! : this.logLik0[c]!;
    return sum;
  }

  /**
   * The next competency a learning walk learns from the state `flags[offset … offset + n − 1]`
   * (`known` of them set), drawn exactly as the prior walks: with `violationRate` (or when nothing is
   * ready) any unknown competency, otherwise one whose prerequisites are all known, uniformly. Drawn
   * by rejection (uniform among those accepted), falling back to listing them; −1 when all are known.
   */
  private drawNext(flags: Uint8Array, offset: number, known: number, random: () => number): number {
    const { n, prerequisiteStart, prerequisiteList, candidates } = this;
    if (known >= n) return -1;
    if (random() >= this.parameters.violationRate) {
      for (let attempt = 0; attempt < 16; attempt++) {
        const v = Math.floor(random() * n);
        if (flags[offset + v] === 1) continue;
        let ready = true;
        for (let e = prerequisiteStart[v]!; e < prerequisiteStart[v + 1]!; e++)
          if (flags[offset + prerequisiteList[e]!] === 0) {
            ready = false;
            break;
          }
        if (ready) return v;
      }
      let count = 0;
      for (let v = 0; v < n; v++) {
        if (flags[offset + v] === 1) continue;
        let ready = true;
        for (let e = prerequisiteStart[v]!; e < prerequisiteStart[v + 1]!; e++)
          if (flags[offset + prerequisiteList[e]!] === 0) {
            ready = false;
            break;
          }
        if (ready) candidates[count++] = v;
      }
      if (count > 0) return candidates[Math.floor(random() * count)]!;
    }
    for (let attempt = 0; attempt < 16; attempt++) {
      const v = Math.floor(random() * n);
      if (flags[offset + v] === 0) return v;
    }
    let count = 0;
    for (let v = 0; v < n; v++) if (flags[offset + v] === 0) candidates[count++] = v;
    return candidates[Math.floor(random() * count)]!;
  }

  /**
   * Metropolis–Hastings moves on randomly picked particles, exact for the learning-path prior: learn
   * one more competency, forget the last one learned, or re-walk the path's last steps at the same
   * length. Each proposal is drawn from the prior itself, so it is accepted with the ratio of the
   * answers' likelihoods.
   */
  private rejuvenate(random: () => number): void {
    const { n, p, proposal } = this;
    const flags = this.spare; // free between resamplings: scratch for one proposed state
    const share = 1 / p; // every particle's weight right after resampling
    for (let move = 0; move < this.parameters.rejuvenationMoves; move++) {
      const i = Math.floor(random() * p);
      const row = i * n;
      const length = this.size[i]!;
      const kind = Math.floor(random() * 3);
      if (kind === 0 || kind === 1) {
        // Learn one more (kind 0) or forget the last learned (kind 1): one competency toggles.
        let c: number;
        if (kind === 0) {
          c = this.drawNext(this.state, row, length, random);
          if (c < 0) continue;
        } else {
          if (length === 0) continue;
          c = this.order[row + length - 1]!;
        }
        const delta = kind === 0 ? this.logLik1[c]! - this.logLik0[c]! : this.logLik0[c]! - this.logLik1[c]!;
        if (delta >= 0 || random() < Math.exp(delta)) {
          if (kind === 0) this.order[row + length] = c;
          this.size[i] = kind === 0 ? length + 1 : length - 1;
          this.state[row + c] = kind === 0 ? 1 : 0;
          this.raw[c]! += kind === 0 ? share : -share;
        }
        continue;
      }
      // Re-walk from a step t picked uniformly in [max(0, length − window), length] back up to `length`.
      const window = Math.min(length, 40);
      const t = length - Math.floor(random() * (window + 1));
      if (t === length) continue;
      flags.set(this.state.subarray(row, row + n));
      for (let s = t; s < length; s++) flags[this.order[row + s]!] = 0;
      for (let s = t; s < length; s++) {
        const v = this.drawNext(flags, 0, s, random);
        flags[v] = 1;
        proposal[s] = v;
      }
      const delta = this.logLikelihood(flags, 0) - this.logLikelihood(this.state, row);
      if (delta >= 0 || random() < Math.exp(delta)) {
        for (let s = row + t; s < row + length; s++) {
          const c = this.order[s]!;
          this.raw[c]! -= share;
        }
        for (let s = t; s < length; s++) {
          const c = proposal[s]!;
          this.raw[c]! += share;
        }
        this.order.set(proposal.subarray(t, length), row + t);
        this.state.set(flags.subarray(0, n), row);
      }
    }
  }

  /**
   * Unasked askable competencies, the most uncertain first (ties: graph order), one per class of
   * twins: asking any of them tells the same.
   */
  private shortlist(): number[] {
    const around = this.parameters.shortlistBy === "uncertainty-around";
    const uncertainty = around ? Float64Array.from(this.marginal, (m) => m * (1 - m)) : undefined;
    const scored: { c: number; score: number }[] = [];
    const represented = new Uint8Array(this.twinCount.length);
    for (let c = 0; c < this.n; c++) {
      if (this.asked[c] === 1 || this.askable[c] === 0) continue;
      const twins = this.twinClass[c]!;
      if (twins >= 0) {
        if (represented[twins] === 1) continue;
        represented[twins] = 1;
      }
      const m = this.marginal[c]!;
      let score = m * (1 - m);
      if (uncertainty) {
        // Weighted by how much is uncertain among what it builds on and what builds on it.
        let sum = 0;
        for (const j of this.graph.ancestorIndexes(c)) sum += uncertainty[j]!;
        for (const j of this.graph.descendantIndexes(c)) sum += uncertainty[j]!;
        score *= 1 + sum;
      }
      scored.push({ c, score });
    }
    scored.sort((x, y) => y.score - x.score || x.c - y.c);
    return scored.slice(0, this.parameters.candidateShortlist).map((s) => s.c);
  }

  /**
   * The candidate whose answer leaves the least expected total loss (entropy or misclassification)
   * over all competencies, computed on a weighted subsample of the population (ties: first in graph
   * order). As in the estimate, twins count at their class's mean, and a particle knows a twin with
   * the share of its class it knows.
   */
  private bestCandidate(candidates: readonly number[]): number | undefined {
    if (candidates.length <= 1) return candidates[0];
    const { n, p, state, weight, twinClass, twinCount } = this;
    const m = Math.min(p, Math.max(1, Math.floor(this.parameters.lookaheadParticles)));
    // Systematic subsample by weight; its members then count equally.
    const random = seededRandom(hashString(`lookahead:${this.answers.length}`, this.parameters.seed));
    const members = new Int32Array(m);
    let u = (random() * 1) / m;
    let cumulative = weight[0]!;
    let i = 0;
    for (let j = 0; j < m; j++) {
      while (u > cumulative && i < p - 1) cumulative += weight[++i]!;
      members[j] = i;
      u += 1 / m;
    }
    const total = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const row = members[j]! * n;
      for (let c = 0; c < n; c++) total[c]! += state[row + c]!;
    }
    const loss = this.parameters.lookaheadCriterion === "accuracy" ? misclassification : binaryEntropy;
    const known = new Float64Array(n);
    const r = new Float64Array(m);
    const classSum = new Float64Array(twinCount.length);
    let best: number | undefined;
    let bestScore = Infinity;
    for (const q of candidates) {
      // r[j]: P(member j knows q) — its flag, or for a twin the share of q's class it knows.
      // known[c] = Σ_j r[j]·state[j, c]; for a flag, summed over the fewer side only.
      const twinsOfQ = twinClass[q]!;
      let knowQ = 0;
      for (let j = 0; j < m; j++) {
        const row = members[j]! * n;
        if (twinsOfQ < 0) r[j] = state[row + q]!;
        else {
          let k = 0;
          for (let c = 0; c < n; c++) if (twinClass[c] === twinsOfQ) k += state[row + c]!;
          r[j] = k / twinCount[twinsOfQ]!;
        }
        knowQ += r[j]!;
      }
      const fewerKnow = knowQ <= m - knowQ;
      known.fill(0);
      for (let j = 0; j < m; j++) {
        const weightOf = twinsOfQ >= 0 ? r[j]! : (r[j] === 1) === fewerKnow ? 1 : 0;
        if (weightOf === 0) continue;
        const row = members[j]! * n;
        for (let c = 0; c < n; c++) known[c]! += weightOf * state[row + c]!;
      }
      const sideIsKnowers = twinsOfQ >= 0 || fewerKnow;
      const right = this.likelihoods(q, true);
      const wrong = this.likelihoods(q, false);
      let expected = 0;
      for (const outcome of [right, wrong]) {
        const mass = outcome.l1 * knowQ + outcome.l0 * (m - knowQ);
        if (mass <= 0) continue;
        let sum = 0;
        classSum.fill(0);
        for (let c = 0; c < n; c++) {
          const a1 = sideIsKnowers ? known[c]! : total[c]! - known[c]!;
          const posterior = (outcome.l1 * a1 + outcome.l0 * (total[c]! - a1)) / mass;
          const twins = c === q ? -1 : twinClass[c]!;
          if (twins >= 0) classSum[twins]! += posterior;
          else sum += loss(c === q && twinsOfQ >= 0 ? (outcome.l1 * knowQ) / mass : posterior);
        }
        for (let t = 0; t < classSum.length; t++) {
          const size = twinCount[t]! - (t === twinsOfQ ? 1 : 0);
          if (size > 0) sum += size * loss(classSum[t]! / size);
        }
        expected += (mass / m) * sum;
      }
      if (
        expected < bestScore - 1e-12 ||
        (Math.abs(expected - bestScore) <= 1e-12 && best !== undefined && q < best)
      ) {
        bestScore = expected;
        best = q;
      }
    }
    return best;
  }
}
