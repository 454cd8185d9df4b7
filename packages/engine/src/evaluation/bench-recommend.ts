/**
 * `npm run bench:recommend -- [--json] [--graph <junyi.csv>] [--case <case.json>] [--learners 10000]`
 *
 * Speed of the decisions a class page computes: choice boards for 10,000 synthetic learners on the
 * Junyi graph with 50 activities per competency (target ≤ 2 s on one core), one learner's plan
 * (target ≤ 5 ms) and one diagnosis step on the 585-item CASE framework (target ≤ 20 ms). Only the
 * engine calls are timed; building the synthetic classroom is not. Boards report wall-clock and CPU
 * time (process CPU, which also counts the collector's helper threads) because a shared machine can
 * stretch wall-clock time. Plans and diagnosis steps report CPU time too: on a shared machine a
 * call that is descheduled part-way shows in its wall-clock time but not in its CPU time.
 *
 * Boards are measured twice. The headline figure builds each learner's inputs just before their
 * board, as a request does (the server reads the learner's state and builds the board in the same
 * request), and times each board alone; collections that happen inside a timed board are billed to
 * it, including those the untimed set-up's garbage causes. The "aged inputs" figure builds learners
 * 500 at a time and forces a full collection before timing their boards, so every input has been
 * moved to the old generation first: the case of a long-lived cache of learner states, slower
 * because the reports are then scattered in memory.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CompetencyGraph } from "../graph/competency-graph.js";
import { PlacementDiagnosis } from "../diagnosis/placement.js";
import { buildChoiceBoard, prepareChoiceBoards } from "../recommendation/choice-board.js";
import { seededRandom } from "../recommendation/seeded-random.js";
import { planToward } from "../planning/plan.js";
import { readCasePackage, readJunyiExercises, repairForBenchmark } from "./graph-datasets.js";
import { syntheticActivities, syntheticLearner, type SyntheticLearner } from "./synthetic-classroom.js";

const DEFAULT_JUNYI = "../shared/datasets/prerequisite-graphs/junyi2015-exercises.csv";
const DEFAULT_CASE = "../shared/datasets/case/smarter-balanced-math-content-spec.json";
const ACTIVITIES_PER_COMPETENCY = 50;
const LEARNER_BATCH = 500;

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Milliseconds of CPU (user + system, every thread of the process) in a `process.cpuUsage` delta. */
const cpuMs = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000;

/** A full collection between untimed set-up and timed work, so set-up garbage is not billed to the engine. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

function main(args: string[]): void {
  const learners = Number(argument(args, "learners") ?? 10_000);
  const now = new Date("2026-03-02T09:00:00Z");
  const junyi = CompetencyGraph.build(
    repairForBenchmark(
      readJunyiExercises(readFileSync(argument(args, "graph") ?? DEFAULT_JUNYI, "utf8")).input,
    ).input,
  );
  const random = seededRandom(1);
  const catalog = prepareChoiceBoards(junyi, syntheticActivities(junyi, ACTIVITIES_PER_COMPETENCY, random));

  // Boards as a request builds them: the learner's inputs, then (timed) the board.
  let boardNs = 0n;
  let boardCpuMs = 0;
  let options = 0;
  let sample: SyntheticLearner | undefined;
  collectGarbage();
  for (let index = 0; index < learners; index++) {
    const learner = syntheticLearner(junyi, `learner-${index}`, now, random);
    sample ??= learner;
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    options += buildChoiceBoard(catalog, { ...learner, now, seed: 1 }).options.length;
    const used = process.cpuUsage(cpu);
    boardNs += process.hrtime.bigint() - started;
    boardCpuMs += (used.user + used.system) / 1000;
  }
  const boardMs = Number(boardNs) / 1e6;

  // Boards from aged inputs: learners built in batches, a full collection, then their boards (timed).
  const agedRandom = seededRandom(1);
  syntheticActivities(junyi, ACTIVITIES_PER_COMPETENCY, agedRandom); // the same learners as above
  let agedMs = 0;
  let agedCpuMs = 0;
  for (let learnerIndex = 0; learnerIndex < learners;) {
    const batch: SyntheticLearner[] = [];
    for (let k = 0; k < LEARNER_BATCH && learnerIndex < learners; k++, learnerIndex++)
      batch.push(syntheticLearner(junyi, `learner-${learnerIndex}`, now, agedRandom));
    collectGarbage();
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const learner of batch) buildChoiceBoard(catalog, { ...learner, now, seed: 1 });
    const used = process.cpuUsage(cpu);
    agedMs += performance.now() - started;
    agedCpuMs += (used.user + used.system) / 1000;
  }

  // Plans: one learner's plan toward the 40 deepest competencies of the Junyi graph.
  const order = junyi.topologicalOrder();
  const goals = order.slice(-40);
  const planTimes: number[] = [];
  const planCpu: number[] = [];
  collectGarbage();
  for (let run = 0; run < 200; run++) {
    const learner = sample!;
    const started = performance.now();
    const cpu = process.cpuUsage();
    planToward({
      graph: junyi,
      learnerId: learner.profile.learnerId,
      goal: { competencyIds: goals, targetDate: new Date("2026-06-15T00:00:00Z"), minutesPerWeek: 150 },
      mastery: learner.mastery,
      now,
      evidence: learner.evidence,
    });
    planTimes.push(performance.now() - started);
    planCpu.push(cpuMs(process.cpuUsage(cpu)));
  }
  planTimes.sort((a, b) => a - b);
  planCpu.sort((a, b) => a - b);

  // Diagnosis steps on the CASE framework: its 585 items, assessed on the leaves.
  const caseInput = repairForBenchmark(
    readCasePackage(readFileSync(argument(args, "case") ?? DEFAULT_CASE, "utf8")).input,
  ).input;
  const caseGraph = CompetencyGraph.build(caseInput);
  const leaves = caseGraph.leafGraph();
  const stepTimes: number[] = [];
  const stepCpu: number[] = [];
  collectGarbage();
  const answerRandom = seededRandom(2);
  for (let learner = 0; learner < 20; learner++) {
    const diagnosis = new PlacementDiagnosis(leaves);
    for (;;) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const next = diagnosis.nextQuestion();
      if (next === undefined) break;
      diagnosis.recordAnswer({ competencyId: next, correct: answerRandom() < 0.5 });
      stepTimes.push(performance.now() - started);
      stepCpu.push(cpuMs(process.cpuUsage(cpu)));
    }
  }
  stepTimes.sort((a, b) => a - b);
  stepCpu.sort((a, b) => a - b);

  const result = {
    boardLearners: learners,
    boardCompetencies: junyi.size,
    boardActivities: junyi.size * ACTIVITIES_PER_COMPETENCY,
    boardsSeconds: round(boardMs / 1000),
    boardsCpuSeconds: round(boardCpuMs / 1000),
    boardsAgedInputsSeconds: round(agedMs / 1000),
    boardsAgedInputsCpuSeconds: round(agedCpuMs / 1000),
    meanOptionsPerBoard: round(options / learners, 2),
    planMedianMs: round(percentile(planTimes, 0.5)),
    planP95Ms: round(percentile(planTimes, 0.95)),
    planCpuMedianMs: round(percentile(planCpu, 0.5)),
    planCpuP95Ms: round(percentile(planCpu, 0.95)),
    planGoalCompetencies: goals.length,
    diagnosisItems: caseGraph.size,
    diagnosisAssessed: leaves.size,
    diagnosisStepMedianMs: round(percentile(stepTimes, 0.5)),
    diagnosisStepP95Ms: round(percentile(stepTimes, 0.95)),
    diagnosisStepCpuMedianMs: round(percentile(stepCpu, 0.5)),
    diagnosisStepCpuP95Ms: round(percentile(stepCpu, 0.95)),
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(
    `choice boards: ${learners} learners, ${result.boardCompetencies} competencies, ${result.boardActivities} activities: ${result.boardsSeconds} s wall, ${result.boardsCpuSeconds} s CPU (target ≤ 2 s), ${result.meanOptionsPerBoard} options per board`,
  );
  console.log(
    `  from aged inputs (built 500 at a time, full collection before timing): ${result.boardsAgedInputsSeconds} s wall, ${result.boardsAgedInputsCpuSeconds} s CPU`,
  );
  console.log(
    `plan toward ${goals.length} competencies: median ${result.planMedianMs} ms, p95 ${result.planP95Ms} ms (target ≤ 5 ms); CPU median ${result.planCpuMedianMs} ms, p95 ${result.planCpuP95Ms} ms`,
  );
  console.log(
    `diagnosis step on ${result.diagnosisItems} items (${result.diagnosisAssessed} assessed): median ${result.diagnosisStepMedianMs} ms, p95 ${result.diagnosisStepP95Ms} ms (target ≤ 20 ms); CPU median ${result.diagnosisStepCpuMedianMs} ms, p95 ${result.diagnosisStepCpuP95Ms} ms`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
