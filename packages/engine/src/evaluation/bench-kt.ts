/**
 * `npm run bench:kt` — the learner-model benchmark (a benchmark, not a test).
 *
 *   npm run bench:kt -- --dataset <dir>                       (dir holds train.tsv and test.tsv)
 *   npm run bench:kt -- --data <file> --holdout-learners 0.2 --seed 1
 *   add --json for one JSON object per model per line; --models bkt,logistic to choose models.
 *
 * Fits every model on train, predicts each test response from the learner's earlier test
 * responses only, and prints AUC, RMSE, log-loss, fit seconds, predictions per second, the mean
 * online-update time and the process's peak memory beside the published anchors.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fitBkt } from "../models/bkt.js";
import { PFA_FEATURES } from "../models/defaults.js";
import { fitLogistic } from "../models/logistic.js";
import type { KtResponse, LearnerModel } from "../models/types.js";
import { parseKtTsv } from "./kt-dataset.js";
import { evaluateKtModel } from "./kt-evaluate.js";
import { splitKtByLearner } from "./kt-split.js";

/** Published next-response AUCs on exactly the split shipped in ../shared/datasets (its README). */
export const KT_PUBLISHED_ANCHORS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  assistments09: {
    bkt: "pyBKT 0.7157 (fit 4.3 s)",
    "bkt-forgetting": "pyBKT 0.7218 (fit 9.4 s)",
    pfa: "PFA 0.72",
    logistic: "Best-LR 0.77 (DKT 0.75, SAKT 0.75)",
  },
};

interface KtBenchResult {
  dataset: string;
  model: string;
  auc: number;
  rmse: number;
  logloss: number;
  fitSeconds: number;
  /** CPU time of the fit: what the fit costs when other processes compete for the cores. */
  fitCpuSeconds: number;
  predictPerSecond: number;
  updateMicroseconds: number;
  peakRssMegabytes: number;
}

interface KtBenchEntry {
  name: string;
  fit: (train: readonly KtResponse[]) => LearnerModel<unknown>;
}

/** The models the benchmark runs, in table order. */
const KT_BENCH_MODELS: readonly KtBenchEntry[] = [
  { name: "bkt", fit: (train) => erase(fitBkt(train)) },
  { name: "bkt-forgetting", fit: (train) => erase(fitBkt(train, { forgetting: true })) },
  { name: "pfa", fit: (train) => erase(fitLogistic(train, { features: PFA_FEATURES }, "pfa")) },
  { name: "logistic", fit: (train) => erase(fitLogistic(train)) },
];

/** The bench treats every model's state as opaque; each state only ever meets its own model. */
function erase<State>(model: LearnerModel<State>): LearnerModel<unknown> {
  return model as unknown as LearnerModel<unknown>;
}

interface KtBenchArgs {
  dataset?: string;
  data?: string;
  holdout: number;
  seed: number;
  json: boolean;
  models?: string[];
}

function parseArgs(argv: readonly string[]): KtBenchArgs {
  const args: KtBenchArgs = { holdout: 0.2, seed: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    if (flag === "--dataset") args.dataset = value();
    else if (flag === "--data") args.data = value();
    else if (flag === "--holdout-learners") args.holdout = Number(value());
    else if (flag === "--seed") args.seed = Number(value());
    else if (flag === "--json") args.json = true;
    else if (flag === "--models") args.models = value().split(",");
    else usage(`unknown argument ${flag}`);
  }
  if ((args.dataset === undefined) === (args.data === undefined))
    usage("give exactly one of --dataset and --data");
  if (!(args.holdout > 0 && args.holdout < 1)) usage("--holdout-learners must be between 0 and 1");
  if (!Number.isInteger(args.seed)) usage("--seed must be an integer");
  return args;
}

function usage(problem: string): never {
  console.error(`bench:kt: ${problem}
usage: npm run bench:kt -- --dataset <dir with train.tsv and test.tsv> [--json] [--models a,b]
       npm run bench:kt -- --data <file.tsv> [--holdout-learners 0.2] [--seed 1] [--json] [--models a,b]`);
  process.exit(2);
}

function load(path: string): KtResponse[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    console.error(`bench:kt: cannot read ${path}: ${(error as Error).message}`);
    process.exit(1);
  }
  const parsed = parseKtTsv(text);
  if (!parsed.ok) {
    const { row, column, message } = parsed.error;
    console.error(`bench:kt: ${path}: row ${row}, column "${column}": ${message}`);
    process.exit(1);
  }
  return parsed.rows;
}

function peakRssMegabytes(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function runOne(
  dataset: string,
  entry: KtBenchEntry,
  train: readonly KtResponse[],
  test: readonly KtResponse[],
) {
  const fitStart = performance.now();
  const cpuStart = process.cpuUsage();
  const model = entry.fit(train);
  const fitSeconds = (performance.now() - fitStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const fitCpuSeconds = (cpu.user + cpu.system) / 1e6;

  const evalStart = performance.now();
  const result = evaluateKtModel(model, test, { unknownSkills: "skip" });
  const evalSeconds = (performance.now() - evalStart) / 1000;
  if (!result.ok) {
    console.error(
      `bench:kt: test data, row ${result.error.row}, column "${result.error.column}": ${result.error.message}`,
    );
    process.exit(1);
  }

  // The online update alone, replaying the test learners.
  const states = new Map<string, unknown>();
  const known = new Set(model.competencies());
  const replay = test.filter((r) => r.skillIds.every((s) => known.has(s)));
  const updateStart = performance.now();
  for (const response of replay) {
    states.set(
      response.learnerId,
      model.update(states.get(response.learnerId) ?? model.initialState(), response),
    );
  }
  const updateMicroseconds = ((performance.now() - updateStart) * 1000) / replay.length;

  const { auc, rmse, logloss, skippedUnknownSkill } = result.evaluation;
  if (skippedUnknownSkill > 0) {
    console.error(
      `bench:kt: ${entry.name}: skipped ${skippedUnknownSkill} test responses on skills absent from train`,
    );
  }
  const row: KtBenchResult = {
    dataset,
    model: entry.name,
    auc,
    rmse,
    logloss,
    fitSeconds,
    fitCpuSeconds,
    predictPerSecond: replay.length / evalSeconds,
    updateMicroseconds,
    peakRssMegabytes: peakRssMegabytes(),
  };
  return row;
}

function printTable(
  dataset: string,
  rows: readonly KtBenchResult[],
  trainSize: number,
  testSize: number,
): void {
  const anchors = KT_PUBLISHED_ANCHORS[dataset] ?? {};
  console.log(
    `dataset ${dataset}: ${trainSize} train responses, ${testSize} test responses; node ${process.version}, ` +
      `${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
  const header = [
    "model",
    "AUC",
    "RMSE",
    "log-loss",
    "fit s",
    "fit CPU s",
    "predict/s",
    "update µs",
    "peak RSS MB",
    "published AUC",
  ];
  const lines = rows.map((r) => [
    r.model,
    r.auc.toFixed(5),
    r.rmse.toFixed(4),
    r.logloss.toFixed(4),
    r.fitSeconds.toFixed(2),
    r.fitCpuSeconds.toFixed(2),
    Math.round(r.predictPerSecond).toString(),
    r.updateMicroseconds.toFixed(2),
    Math.round(r.peakRssMegabytes).toString(),
    anchors[r.model] ?? "—",
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const format = (cells: readonly string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join("  ");
  console.log(format(header));
  console.log(format(widths.map((w) => "-".repeat(w))));
  for (const line of lines) console.log(format(line));
  console.log(
    "peak RSS is the whole process's maximum so far (it includes the parsed data and earlier models).",
  );
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let dataset: string;
  let train: KtResponse[];
  let test: KtResponse[];
  if (args.dataset !== undefined) {
    const dir = resolve(args.dataset);
    dataset = basename(dir);
    train = load(join(dir, "train.tsv"));
    test = load(join(dir, "test.tsv"));
  } else {
    const file = resolve(args.data!);
    dataset = basename(file).replace(/\.[^.]*$/, "");
    ({ train, test } = splitKtByLearner(load(file), args.holdout, args.seed));
  }
  const entries = KT_BENCH_MODELS.filter((e) => args.models === undefined || args.models.includes(e.name));
  if (entries.length === 0) usage(`no model among ${KT_BENCH_MODELS.map((e) => e.name).join(", ")}`);
  const rows: KtBenchResult[] = [];
  for (const entry of entries) {
    const row = runOne(dataset, entry, train, test);
    rows.push(row);
    if (args.json) {
      const { dataset: d, model, auc, rmse, logloss, fitSeconds, predictPerSecond } = row;
      console.log(JSON.stringify({ dataset: d, model, auc, rmse, logloss, fitSeconds, predictPerSecond }));
    }
  }
  if (!args.json) printTable(dataset, rows, train.length, test.length);
}

main();
