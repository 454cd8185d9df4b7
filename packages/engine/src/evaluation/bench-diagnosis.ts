/**
 * `npm run bench:diagnosis -- --graph <file> --learners 500 --seed 1 [--bound] [--json]`
 *
 * Adaptive placement against simulated learners on a real prerequisite graph (a CASE package:
 * its leaf competencies, prerequisites from `precedes`; or the Junyi exercise CSV), compared at the
 * same number of questions with a fixed form and with random items (same belief model, different
 * question choice), and with the per-competency majority class and no questions at all.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { PlacementDiagnosis, type DiagnosisParameters } from "../diagnosis/placement.js";
import { hashString, seededRandom, type RandomSource } from "../recommendation/seeded-random.js";
import { readCasePackage, readJunyiExercises, repairForBenchmark } from "./graph-datasets.js";
import {
  DEFAULT_SIMULATION_PARAMETERS,
  simulateKnowledgeState,
  simulatedAnswer,
} from "./simulate-learners.js";

export interface DiagnosisBenchmarkOptions {
  learners: number;
  seed: number;
  diagnosis?: Partial<DiagnosisParameters>;
}

export interface DiagnosisBenchmarkResult {
  nodes: number;
  learners: number;
  meanQuestions: number;
  p95Questions: number;
  accuracy: number;
  fixedFormAccuracy: number;
  randomAccuracy: number;
  majorityAccuracy: number;
  /** Adaptive accuracy on the competencies with no prerequisite edge at all, and on the others. */
  accuracyWithoutEdges: number;
  accuracyWithEdges: number;
  /** Mean time of one step (choose the next question, record its answer), in milliseconds. */
  meanStepMs: number;
}

/** Loads the assessed graph from a dataset file: CASE JSON (leaves) or the Junyi CSV. */
export function loadBenchmarkGraph(path: string): { graph: CompetencyGraph; notes: string[] } {
  const text = readFileSync(path, "utf8");
  const parsed = path.endsWith(".json") ? readCasePackage(text).input : readJunyiExercises(text).input;
  const { input, dropped } = repairForBenchmark(parsed);
  const full = CompetencyGraph.build(input);
  const graph = full.childIndexes.some((children) => children.length > 0) ? full.leafGraph() : full;
  const notes = dropped.map((p) => `dropped: ${p.message}`);
  if (graph !== full) notes.push(`assessing ${graph.size} leaf competencies of ${full.size}`);
  return { graph, notes };
}

/** A fixed form usable at any length: positions 1/2, 1/4, 3/4, 1/8, … of the topological order. */
export function fixedFormOrder(graph: CompetencyGraph): number[] {
  const order = Array.from(graph.topologicalIndexes);
  const out: number[] = [];
  const taken = new Uint8Array(order.length);
  for (let denominator = 2; out.length < order.length; denominator *= 2) {
    for (let numerator = 1; numerator < denominator; numerator += 2) {
      const at = Math.min(order.length - 1, Math.floor((numerator / denominator) * order.length));
      if (taken[at] === 1) continue;
      taken[at] = 1;
      out.push(order[at]!);
    }
    if (denominator > 4 * order.length) {
      order.forEach((v, at) => taken[at] === 0 && out.push(v));
      break;
    }
  }
  return out;
}

export function runDiagnosisBenchmark(
  graph: CompetencyGraph,
  options: DiagnosisBenchmarkOptions,
): DiagnosisBenchmarkResult {
  // The simulated learners and their answers come from one stream, the random-items baseline from
  // another: how many questions a method asks never changes which learners are simulated.
  const random = seededRandom(options.seed);
  const baselineRandom = seededRandom(hashString("random-items", options.seed));
  const n = graph.size;
  const sim = DEFAULT_SIMULATION_PARAMETERS;
  const form = fixedFormOrder(graph);
  const states: Uint8Array[] = [];
  const questions: number[] = [];
  let correctAdaptive = 0;
  let correctFixed = 0;
  let correctRandom = 0;
  let stepMs = 0;
  let steps = 0;
  const noEdge = Uint8Array.from(graph.ids, (_, c) =>
    graph.prerequisiteIndexes[c]!.length === 0 && graph.dependentIndexes[c]!.length === 0 ? 1 : 0,
  );
  const noEdgeCount = noEdge.reduce((sum, x) => sum + x, 0);
  let correctNoEdge = 0;
  const accuracyOf = (diagnosis: PlacementDiagnosis, known: Uint8Array): number => {
    const p = diagnosis.probabilities();
    let right = 0;
    for (let c = 0; c < n; c++) if ((p[c]! >= 0.5 ? 1 : 0) === known[c]) right++;
    return right;
  };
  for (let learner = 0; learner < options.learners; learner++) {
    const known = simulateKnowledgeState(graph, random, sim.violationRate);
    states.push(known);
    // One noise draw per competency, so every method sees the same answer to the same item.
    const noise = Float64Array.from({ length: n }, () => random());
    const answer = (c: number): { competencyId: string; correct: boolean } => ({
      competencyId: graph.ids[c]!,
      correct: simulatedAnswer(known, c, noise[c]!, sim),
    });

    const adaptive = new PlacementDiagnosis(graph, options.diagnosis);
    for (;;) {
      const started = performance.now();
      const next = adaptive.nextQuestion();
      if (next === undefined) break;
      adaptive.recordAnswer(answer(graph.indexOf(next)));
      stepMs += performance.now() - started;
      steps++;
    }
    const asked = adaptive.questionsAsked;
    questions.push(asked);
    correctAdaptive += accuracyOf(adaptive, known);
    const estimate = adaptive.probabilities();
    for (let c = 0; c < n; c++)
      if (noEdge[c] === 1 && (estimate[c]! >= 0.5 ? 1 : 0) === known[c]) correctNoEdge++;

    const fixed = new PlacementDiagnosis(graph, options.diagnosis);
    for (const c of form.slice(0, asked)) fixed.recordAnswer(answer(c));
    correctFixed += accuracyOf(fixed, known);

    const randomItems = new PlacementDiagnosis(graph, options.diagnosis);
    for (const c of sample(n, asked, baselineRandom)) randomItems.recordAnswer(answer(c));
    correctRandom += accuracyOf(randomItems, known);
  }
  // Majority class per competency over the simulated population itself: the best guess with no questions.
  let correctMajority = 0;
  for (let c = 0; c < n; c++) {
    let knownCount = 0;
    for (const s of states) knownCount += s[c]!;
    correctMajority += Math.max(knownCount, states.length - knownCount);
  }
  const cells = n * options.learners;
  const sorted = [...questions].sort((a, b) => a - b);
  return {
    nodes: n,
    learners: options.learners,
    meanQuestions: round(questions.reduce((s, q) => s + q, 0) / Math.max(1, questions.length), 2),
    p95Questions: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? 0,
    accuracy: round(correctAdaptive / cells, 4),
    fixedFormAccuracy: round(correctFixed / cells, 4),
    randomAccuracy: round(correctRandom / cells, 4),
    majorityAccuracy: round(correctMajority / cells, 4),
    accuracyWithoutEdges: round(correctNoEdge / Math.max(1, noEdgeCount * options.learners), 4),
    accuracyWithEdges: round(
      (correctAdaptive - correctNoEdge) / Math.max(1, (n - noEdgeCount) * options.learners),
      4,
    ),
    meanStepMs: round(stepMs / Math.max(1, steps), 3),
  };
}

/**
 * Upper bounds on the accuracy any placement can reach with `questions` answers, from how well the
 * competencies with no edge can be told: nothing about them shows in the answers on others except
 * through how far the learner got. An oracle is given every other competency's true state (counted
 * right) and asks all its questions on competencies with no edge. `knowsCount`: the oracle also
 * knows how many competencies with no edge the learner knows (a strict bound: they are alike, so
 * which ones is uniform). `fromOthers`: it classifies them by P(known | how many others are known),
 * estimated from `walks` simulated learners (close to the best it can do).
 */
export function noEdgeBounds(
  graph: CompetencyGraph,
  walks: number,
  seed: number,
  questions = 30,
): { noEdge: number; knowsCount: number; fromOthers: number; noEdgeFromOthers: number } {
  const sim = DEFAULT_SIMULATION_PARAMETERS;
  const n = graph.size;
  const noEdge = Uint8Array.from(graph.ids, (_, c) =>
    graph.prerequisiteIndexes[c]!.length === 0 && graph.dependentIndexes[c]!.length === 0 ? 1 : 0,
  );
  const I = noEdge.reduce((sum, x) => sum + x, 0);
  const others = n - I;
  const asked = Math.min(questions, I);
  const random = seededRandom(seed);
  // table[a][b]: learners knowing a of the others and b of the competencies with no edge.
  const table = Array.from({ length: others + 1 }, () => new Float64Array(I + 1));
  for (let w = 0; w < walks; w++) {
    const known = simulateKnowledgeState(graph, random, sim.violationRate);
    let a = 0;
    let b = 0;
    for (let c = 0; c < n; c++) {
      if (known[c] === 0) continue;
      if (noEdge[c] === 1) b++;
      else a++;
    }
    table[a]![b]!++;
  }
  const right1 = 1 - sim.slip;
  const right0 = sim.guess;
  // Share of an asked one classified right, given the prior share `prior` used to call it and the true share `f`.
  const askedRight = (prior: number, f: number): number => {
    const callOnRight = prior * right1 >= (1 - prior) * right0;
    const callOnWrong = prior * (1 - right1) >= (1 - prior) * (1 - right0);
    return (
      f * (right1 * (callOnRight ? 1 : 0) + (1 - right1) * (callOnWrong ? 1 : 0)) +
      (1 - f) * (right0 * (callOnRight ? 0 : 1) + (1 - right0) * (callOnWrong ? 0 : 1))
    );
  };
  let knowsCount = 0;
  let fromOthers = 0;
  let total = 0;
  for (const row of table) {
    const learners = row.reduce((sum, x) => sum + x, 0);
    if (learners === 0) continue;
    let expectedShare = 0;
    for (let b = 0; b <= I; b++) expectedShare += (row[b]! * b) / I;
    const prior = expectedShare / learners;
    for (let b = 0; b <= I; b++) {
      if (row[b] === 0) continue;
      const f = b / I;
      knowsCount += row[b]! * (asked * askedRight(f, f) + (I - asked) * Math.max(f, 1 - f));
      fromOthers += row[b]! * (asked * askedRight(prior, f) + (I - asked) * (prior >= 0.5 ? f : 1 - f));
    }
    total += learners;
  }
  return {
    noEdge: I,
    knowsCount: round((others + knowsCount / total) / n, 4),
    fromOthers: round((others + fromOthers / total) / n, 4),
    noEdgeFromOthers: round(fromOthers / total / Math.max(1, I), 4),
  };
}

function sample(n: number, count: number, random: RandomSource): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count && i < n; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function main(args: string[]): void {
  const graphPath = argument(args, "graph");
  if (!graphPath) {
    console.error(
      "usage: npm run bench:diagnosis -- --graph <case.json|junyi.csv> [--learners 500] [--seed 1] [--bound] [--json]",
    );
    process.exitCode = 2;
    return;
  }
  const learners = Number(argument(args, "learners") ?? 500);
  const seed = Number(argument(args, "seed") ?? 1);
  const { graph, notes } = loadBenchmarkGraph(graphPath);
  const result = runDiagnosisBenchmark(graph, { learners, seed });
  const summary = {
    graph: basename(graphPath),
    nodes: result.nodes,
    learners: result.learners,
    meanQuestions: result.meanQuestions,
    p95Questions: result.p95Questions,
    accuracy: result.accuracy,
    fixedFormAccuracy: result.fixedFormAccuracy,
    randomAccuracy: result.randomAccuracy,
    majorityAccuracy: result.majorityAccuracy,
    accuracyWithoutEdges: result.accuracyWithoutEdges,
    accuracyWithEdges: result.accuracyWithEdges,
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify(summary));
    return;
  }
  for (const note of notes) console.log(note);
  console.log(
    `graph ${summary.graph}: ${summary.nodes} competencies, ${learners} simulated learners, seed ${seed}`,
  );
  console.log(
    `adaptive:   ${summary.accuracy} accuracy, ${summary.meanQuestions} questions on average (p95 ${summary.p95Questions}), ${result.meanStepMs} ms per step`,
  );
  console.log(`fixed form: ${summary.fixedFormAccuracy} at the same number of questions`);
  console.log(`random:     ${summary.randomAccuracy} at the same number of questions`);
  console.log(`majority:   ${summary.majorityAccuracy} with no questions`);
  console.log(
    `adaptive by kind: ${result.accuracyWithoutEdges} on competencies with no edge, ${result.accuracyWithEdges} on the others`,
  );
  if (args.includes("--bound")) {
    const bound = noEdgeBounds(graph, 100_000, seed);
    console.log(
      `bound (30 questions, every competency with an edge known to an oracle; ${bound.noEdge} with no edge): ` +
        `${bound.knowsCount} if it also knows how many with no edge are known (strict), ` +
        `${bound.fromOthers} classifying them from how many others are known (${bound.noEdgeFromOthers} on those with no edge)`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
