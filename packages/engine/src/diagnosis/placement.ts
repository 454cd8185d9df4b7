/**
 * Adaptive placement over a competency graph: ask the question that tells the most about the
 * learner's whole knowledge state, update, stop when confident or at the question cap, and return
 * every competency's estimated state with its confidence.
 *
 * The belief (documented in docs/personalization.md):
 * - a learner has a latent *progress* λ in [0, 1] — how far through the framework they are — with a
 *   uniform prior on a grid. Each competency has a *position* in [0, 1]: the rank of how many
 *   prerequisites it has in total (what must come before it), read from the graph alone. Given λ,
 *   competency c is mastered with P = σ((λ − position_c) / progressSpread), kept inside
 *   [violationRate, 1 − violationRate];
 * - on top of that, prerequisites bind pairs: given λ, a competency whose (transitive) prerequisite
 *   is not mastered is mastered only with `violationRate`, and the pair's joint distribution keeps
 *   both marginals. So a success on C raises every prerequisite of C, a failure lowers everything
 *   that builds on C, and every answer moves λ, which carries information to unrelated competencies;
 * - answers are noisy: P(correct | mastered) = 1 − slip, P(correct | not mastered) = guess, per item.
 * Inference is exact for λ and pairwise for competencies (each answer is treated as independent
 * evidence about a competency given λ) — cheap enough to look ahead over many candidate questions.
 *
 * Question choice: among a shortlist of candidates (most uncertain, with the most uncertain
 * relatives), the one that minimises the expected sum of the per-competency entropies after the
 * answer — information about the whole state, not about one competency.
 */
import type { CompetencyGraph } from "../graph/competency-graph.js";
import type { MasteryStatus } from "../mastery.js";

export interface DiagnosisParameters {
  /** P(wrong answer | mastered), for items without their own value. */
  slip: number;
  /** P(right answer | not mastered): 0.2 for five-option multiple choice. */
  guess: number;
  /** P(mastered | a prerequisite is not): how often learners know something out of order. */
  violationRate: number;
  /** Width of the transition from "not yet" to "mastered" around a learner's progress (position units). */
  progressSpread: number;
  /** Points on the progress grid. More is smoother and slower. */
  progressGridSize: number;
  /** Stop once the expected share of correctly classified competencies reaches this. */
  stopAtExpectedAccuracy: number;
  /** Never ask more than this many questions. */
  maxQuestions: number;
  /** How many candidate questions get the full look-ahead each step. */
  candidateShortlist: number;
}

export const DEFAULT_DIAGNOSIS_PARAMETERS: DiagnosisParameters = {
  slip: 0.1,
  guess: 0.2,
  violationRate: 0.05,
  progressSpread: 0.08,
  progressGridSize: 41,
  stopAtExpectedAccuracy: 0.95,
  maxQuestions: 30,
  candidateShortlist: 40,
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
  /** `mastered` / `developing`, or `not-enough-data` when confidence is below the stop rule. */
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

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** A placement in progress. Deterministic: the same answers give the same questions. */
export class PlacementDiagnosis {
  readonly parameters: DiagnosisParameters;
  private readonly n: number;
  private readonly g: number;
  /** p[c * g + k]: P(mastered c | progress grid point k). */
  private readonly prior: Float64Array;
  /** Posterior weight of each progress grid point. */
  private readonly weight: Float64Array;
  /** Per competency and grid point: P(x=1|λ)·Π evidence ratios given x=1, and the same for x=0. */
  private readonly b1: Float64Array;
  private readonly b0: Float64Array;
  private readonly asked: Uint8Array;
  private readonly askable: Uint8Array;
  private readonly askableCount: number;
  private readonly marginal: Float64Array;
  private readonly answers: DiagnosisAnswer[] = [];
  private readonly ancestors: Int32Array[];
  private readonly descendants: Int32Array[];
  // Scratch buffers reused by the look-ahead.
  private readonly scratchW: Float64Array;
  private readonly scratchLookahead: Float64Array;
  private readonly scratchR1: Float64Array;
  private readonly scratchR0: Float64Array;
  /** Σ_i w_i · b1 and Σ_i w_i · b0 per competency: the joint mass of x = 1 and x = 0. */
  private readonly mass1: Float64Array;
  private readonly mass0: Float64Array;
  private readonly relation: Int8Array;

  constructor(
    readonly graph: CompetencyGraph,
    parameters: Partial<DiagnosisParameters> = {},
    private readonly itemNoise: ReadonlyMap<string, DiagnosisItemNoise> = new Map(),
    /** Competencies that have a question to ask (all when omitted); the others are only inferred. */
    askable?: ReadonlySet<string>,
  ) {
    this.parameters = { ...DEFAULT_DIAGNOSIS_PARAMETERS, ...parameters };
    const { progressGridSize: g, progressSpread, violationRate } = this.parameters;
    const n = graph.size;
    this.n = n;
    this.g = g;
    this.ancestors = Array.from({ length: n }, (_, c) => graph.ancestorIndexes(c));
    this.descendants = Array.from({ length: n }, (_, c) => graph.descendantIndexes(c));
    const position = competencyPositions(this.ancestors);
    // The grid reaches two spreads beyond the ends so "knows nothing" and "knows everything" exist.
    const margin = 2 * progressSpread;
    this.prior = new Float64Array(n * g);
    for (let c = 0; c < n; c++) {
      for (let k = 0; k < g; k++) {
        const lambda = -margin + ((1 + 2 * margin) * k) / (g - 1);
        const p = sigmoid((lambda - position[c]!) / progressSpread);
        this.prior[c * g + k] = Math.min(1 - violationRate, Math.max(violationRate, p));
      }
    }
    this.weight = new Float64Array(g).fill(1 / g);
    this.b1 = new Float64Array(n * g);
    this.b0 = new Float64Array(n * g);
    for (let i = 0; i < n * g; i++) {
      this.b1[i] = this.prior[i]!;
      this.b0[i] = 1 - this.prior[i]!;
    }
    this.asked = new Uint8Array(n);
    this.askable = new Uint8Array(n).fill(askable ? 0 : 1);
    if (askable) for (const id of askable) if (graph.has(id)) this.askable[graph.indexOf(id)] = 1;
    this.askableCount = this.askable.reduce((sum, x) => sum + x, 0);
    this.marginal = new Float64Array(n);
    this.scratchW = new Float64Array(g);
    this.scratchLookahead = new Float64Array(g);
    this.scratchR1 = new Float64Array(g);
    this.scratchR0 = new Float64Array(g);
    this.mass1 = new Float64Array(n);
    this.mass0 = new Float64Array(n);
    this.relation = new Int8Array(n);
    this.refreshMarginals();
  }

  get questionsAsked(): number {
    return this.answers.length;
  }

  /** The model's expected share of competencies it classifies correctly right now. */
  expectedAccuracy(): number {
    let sum = 0;
    for (let c = 0; c < this.n; c++) sum += Math.max(this.marginal[c]!, 1 - this.marginal[c]!);
    return sum / this.n;
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
    const best = this.bestCandidate(this.shortlist());
    return best === undefined ? undefined : this.graph.ids[best];
  }

  /** The answer the learner gave on an item of `competencyId`. */
  recordAnswer(answer: DiagnosisAnswer): void {
    const k = this.graph.indexOf(answer.competencyId);
    const { l1, l0 } = this.likelihoods(k, answer.correct);
    const g = this.g;
    const outcome = this.scratchW;
    let total = 0;
    for (let i = 0; i < g; i++) {
      outcome[i] = l0 + (l1 - l0) * this.prior[k * g + i]!;
      this.weight[i]! *= outcome[i]!;
      total += this.weight[i]!;
    }
    for (let i = 0; i < g; i++) this.weight[i]! /= total;
    // Unrelated competencies: their factor equals the λ factor and cancels. Relatives get the ratio.
    const r1 = this.scratchR1;
    const r0 = this.scratchR0;
    this.markRelatives(k);
    const visit = (j: number): void => {
      this.conditionalOfK(k, j, this.relation[j]!, r1, r0);
      for (let i = 0; i < g; i++) {
        this.b1[j * g + i]! *= (l0 + (l1 - l0) * r1[i]!) / outcome[i]!;
        this.b0[j * g + i]! *= (l0 + (l1 - l0) * r0[i]!) / outcome[i]!;
      }
    };
    visit(k);
    for (const j of this.ancestors[k]!) visit(j);
    for (const j of this.descendants[k]!) visit(j);
    this.unmarkRelatives(k);
    this.asked[k] = 1;
    this.answers.push({ ...answer });
    this.refreshMarginals();
  }

  /** The current estimate for every competency, in graph order. */
  result(): DiagnosisResult {
    const stop = this.parameters.stopAtExpectedAccuracy;
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

  /**
   * For the answered (or candidate) competency k, fills r1[i] and r0[i] with
   * P(x_k = 1 | x_j = 1, λ_i) and P(x_k = 1 | x_j = 0, λ_i) for one other competency j. Unrelated
   * competencies are independent given λ; a prerequisite pair shares one joint distribution that
   * keeps both marginals and lets the dependent be known without the prerequisite only by violation.
   */
  private conditionalOfK(k: number, j: number, relation: number, r1: Float64Array, r0: Float64Array): void {
    const g = this.g;
    const eps = this.parameters.violationRate;
    const prior = this.prior;
    if (relation === RELATION_NONE) {
      for (let i = 0; i < g; i++) r1[i] = r0[i] = prior[k * g + i]!;
    } else if (relation === RELATION_SELF) {
      r1.fill(1);
      r0.fill(0);
    } else if (relation === RELATION_PREREQUISITE) {
      // j is a prerequisite of k
      for (let i = 0; i < g; i++) {
        const pPre = prior[j * g + i]!;
        r1[i] = clamp01((prior[k * g + i]! - eps * (1 - pPre)) / pPre);
        r0[i] = eps;
      }
    } else {
      // j depends on k
      for (let i = 0; i < g; i++) {
        const pPre = prior[k * g + i]!;
        const a = clamp01((prior[j * g + i]! - eps * (1 - pPre)) / pPre);
        const j11 = pPre * a;
        const j01 = (1 - pPre) * eps;
        const j10 = pPre * (1 - a);
        const j00 = (1 - pPre) * (1 - eps);
        r1[i] = j11 / (j11 + j01);
        r0[i] = j10 / (j10 + j00);
      }
    }
  }

  /** Marks relation[j] for every relative of k (and k itself); returns the relatives to unmark later. */
  private markRelatives(k: number): void {
    this.relation[k] = RELATION_SELF;
    for (const j of this.ancestors[k]!) this.relation[j] = RELATION_PREREQUISITE;
    for (const j of this.descendants[k]!) this.relation[j] = RELATION_DEPENDENT;
  }

  private unmarkRelatives(k: number): void {
    this.relation[k] = RELATION_NONE;
    for (const j of this.ancestors[k]!) this.relation[j] = RELATION_NONE;
    for (const j of this.descendants[k]!) this.relation[j] = RELATION_NONE;
  }

  private refreshMarginals(): void {
    const g = this.g;
    for (let c = 0; c < this.n; c++) {
      let num = 0;
      let den = 0;
      for (let i = 0; i < g; i++) {
        const w = this.weight[i]!;
        const x1 = w * this.b1[c * g + i]!;
        num += x1;
        den += x1 + w * this.b0[c * g + i]!;
      }
      this.mass1[c] = num;
      this.mass0[c] = den - num;
      this.marginal[c] = num / den;
    }
  }

  /** Unasked competencies ranked by their own uncertainty times the uncertainty around them. */
  private shortlist(): number[] {
    const entropy = Float64Array.from(this.marginal, binaryEntropy);
    const scored: { c: number; score: number }[] = [];
    for (let c = 0; c < this.n; c++) {
      if (this.asked[c] === 1 || this.askable[c] === 0) continue;
      let around = 0;
      for (const j of this.ancestors[c]!) around += entropy[j]!;
      for (const j of this.descendants[c]!) around += entropy[j]!;
      scored.push({ c, score: entropy[c]! * (1 + around) });
    }
    scored.sort((x, y) => y.score - x.score || x.c - y.c);
    return scored.slice(0, this.parameters.candidateShortlist).map((s) => s.c);
  }

  /** The candidate with the lowest expected total entropy after its answer (ties: first in graph order). */
  private bestCandidate(candidates: readonly number[]): number | undefined {
    let best: number | undefined;
    let bestScore = Infinity;
    for (const k of candidates) {
      const expected = this.expectedEntropyAfter(k);
      if (
        expected < bestScore - 1e-12 ||
        (Math.abs(expected - bestScore) <= 1e-12 && best !== undefined && k < best)
      ) {
        bestScore = expected;
        best = k;
      }
    }
    return best;
  }

  /**
   * E over the answer on k of Σ_j H(P(x_j = 1 | answers, that answer)). For each j,
   * P(x_j, answer) = Σ_i w_i · b_j(x, i) · (l0 + (l1 − l0) · r_x(i)), so two sums per j serve both answers.
   */
  private expectedEntropyAfter(k: number): number {
    const g = this.g;
    const right = this.likelihoods(k, true);
    const wrong = this.likelihoods(k, false);
    const m = this.marginal[k]!;
    const pRight = m * right.l1 + (1 - m) * right.l0;
    const r1 = this.scratchR1;
    const r0 = this.scratchR0;
    const wp = this.scratchLookahead;
    for (let i = 0; i < g; i++) wp[i] = this.weight[i]! * this.prior[k * g + i]!;
    this.markRelatives(k);
    let entropyRight = 0;
    let entropyWrong = 0;
    for (let j = 0; j < this.n; j++) {
      const relation = this.relation[j]!;
      let s1: number;
      let s0: number;
      const base = j * g;
      if (relation === RELATION_NONE) {
        s1 = 0;
        s0 = 0;
        for (let i = 0; i < g; i++) {
          s1 += wp[i]! * this.b1[base + i]!;
          s0 += wp[i]! * this.b0[base + i]!;
        }
      } else {
        this.conditionalOfK(k, j, relation, r1, r0);
        s1 = 0;
        s0 = 0;
        for (let i = 0; i < g; i++) {
          s1 += this.weight[i]! * this.b1[base + i]! * r1[i]!;
          s0 += this.weight[i]! * this.b0[base + i]! * r0[i]!;
        }
      }
      const u1 = this.mass1[j]!;
      const u0 = this.mass0[j]!;
      const rightNum = right.l0 * u1 + (right.l1 - right.l0) * s1;
      const rightDen = rightNum + right.l0 * u0 + (right.l1 - right.l0) * s0;
      const wrongNum = wrong.l0 * u1 + (wrong.l1 - wrong.l0) * s1;
      const wrongDen = wrongNum + wrong.l0 * u0 + (wrong.l1 - wrong.l0) * s0;
      entropyRight += binaryEntropy(rightNum / rightDen);
      entropyWrong += binaryEntropy(wrongNum / wrongDen);
    }
    this.unmarkRelatives(k);
    return pRight * entropyRight + (1 - pRight) * entropyWrong;
  }
}

const RELATION_NONE = 0;
const RELATION_SELF = 1;
const RELATION_PREREQUISITE = 2;
const RELATION_DEPENDENT = 3;

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Rank (ties averaged) of each competency's number of transitive prerequisites, scaled to [0, 1]. */
function competencyPositions(ancestors: readonly Int32Array[]): Float64Array {
  const n = ancestors.length;
  const order = Array.from({ length: n }, (_, c) => c).sort(
    (a, b) => ancestors[a]!.length - ancestors[b]!.length,
  );
  const position = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && ancestors[order[end + 1]!]!.length === ancestors[order[start]!]!.length) end++;
    const rank = (start + end) / 2 / Math.max(1, n - 1);
    for (let r = start; r <= end; r++) position[order[r]!] = rank;
    start = end + 1;
  }
  return position;
}
