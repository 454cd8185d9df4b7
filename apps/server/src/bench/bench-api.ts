/**
 * `npm run bench:api -- [--json] [--backend pglite|postgres|both] [--seconds 30] [--concurrency 8]`
 *
 * The central loop over real HTTP — a learner submits an answer (their state is updated in the same
 * transaction) and asks for their next choice board — against a seeded school (40 classes, 1,000
 * learners, the Smarter Balanced framework, 200,000 evidence rows). Reports p50/p99 latency of the
 * loop and loops per second at a fixed number of concurrent clients, the class mastery matrix
 * (35 learners × the whole framework) p95, and on PostgreSQL `pgbench -N` TPS measured in the same
 * run on the same server with the same number of clients. Not a test: nothing here passes or fails.
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pathwise_bench; the
 * database is dropped and created again) — never point it at a database you care about.
 */
import { execFileSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { loadConfig, openDatabase, type DatabaseHandle, type Runtime } from "@pathwise/core";
import { seedBenchSchool, type BenchSchool } from "@pathwise/core/bench";
import { createServer } from "../serve.js";
import type { ClientsJob, ClientsResult } from "./bench-api-clients.js";

const DEFAULT_CASE = "../shared/datasets/case/smarter-balanced-math-content-spec.json";
const DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/pathwise_bench";

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function connectionArgs(url: string): string[] {
  const target = new URL(url);
  return [
    "-h",
    target.hostname,
    "-p",
    target.port || "5432",
    "-U",
    decodeURIComponent(target.username || "postgres"),
  ];
}

function freshPostgres(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing the database name "${name}".`);
  execFileSync("dropdb", [...connectionArgs(url), "--if-exists", "--force", name], { stdio: "ignore" });
  execFileSync("createdb", [...connectionArgs(url), name], { stdio: "ignore" });
}

interface LoopResult {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  loops: number;
  errors: number;
}

/** Run the load clients in a worker thread (bench-api-clients.ts) and summarize what they measured. */
async function centralLoop(base: string, school: BenchSchool, job: Omit<ClientsJob, "base" | "learners">) {
  const worker = new Worker(new URL("./bench-api-clients.js", import.meta.url), {
    workerData: { ...job, base, learners: school.learners } satisfies ClientsJob,
  });
  const result = await new Promise<ClientsResult>((resolve, reject) => {
    worker.once("message", (message: ClientsResult | { error: string }) =>
      "error" in message ? reject(new Error(message.error)) : resolve(message),
    );
    worker.once("error", reject);
  });
  await worker.terminate();
  const latencies = result.latencies.sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    rps: round(latencies.length / result.elapsedSeconds),
    loops: latencies.length,
    errors: result.errors,
  } satisfies LoopResult;
}

async function matrixP95(base: string, school: BenchSchool, runs = 60): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${base}/api/v1/classes/${school.matrixClassId}/mastery-matrix`, {
      headers: { authorization: `Bearer ${school.teacherToken}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`The mastery matrix answered ${res.status}.`);
    if (i >= 5) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return round(percentile(times, 0.95));
}

/** `pgbench -N` (no updates of the small tables) with the same number of clients, on the same server. */
function pgbenchTps(url: string, concurrency: number, seconds: number): number | null {
  const db = `${new URL(url).pathname.slice(1)}_pgbench`;
  const connection = connectionArgs(url);
  try {
    execFileSync("dropdb", [...connection, "--if-exists", db], { stdio: "ignore" });
    execFileSync("createdb", [...connection, db], { stdio: "ignore" });
    execFileSync("pgbench", [...connection, "-i", "-s", "10", "-q", db], { stdio: "ignore" });
    const out = execFileSync(
      "pgbench",
      [...connection, "-N", "-c", String(concurrency), "-j", "2", "-T", String(seconds), db],
      {
        encoding: "utf8",
      },
    );
    execFileSync("dropdb", [...connection, "--if-exists", db], { stdio: "ignore" });
    const match = /tps = ([\d.]+)/.exec(out);
    return match ? round(Number(match[1])) : null;
  } catch (error) {
    console.error(`pgbench could not run: ${(error as Error).message.split("\n")[0]}`);
    return null;
  }
}

async function runBackend(backend: "pglite" | "postgres", args: string[]) {
  const seconds = Number(argument(args, "seconds") ?? 30);
  const concurrency = Number(argument(args, "concurrency") ?? 8);
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_PG;
  if (backend === "postgres") freshPostgres(url);
  const handle: DatabaseHandle = await openDatabase(
    backend === "postgres"
      ? { kind: "postgres", url, poolSize: concurrency * 2 }
      : { kind: "pglite", dataDir: null },
  );
  await handle.migrate();
  const seedStarted = performance.now();
  const school = await seedBenchSchool(handle.db, { caseFile: argument(args, "case") ?? DEFAULT_CASE });
  const seedSeconds = round((performance.now() - seedStarted) / 1000);
  if (backend === "postgres") await handle.db.execute("analyze");
  const runtime: Runtime = { config: loadConfig({}), database: handle, now: () => new Date() };
  const server = createServer(runtime, null);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const requests = argument(args, "requests") === "two" ? "two" : "one";
    const loop = await centralLoop(base, school, {
      seconds,
      warmupSeconds: 3,
      concurrency,
      seed: 1,
      requests,
    });
    const matrix = await matrixP95(base, school);
    const pgbench = backend === "postgres" ? pgbenchTps(url, concurrency, Math.min(seconds, 20)) : null;
    return {
      backend,
      p50Ms: loop.p50Ms,
      p99Ms: loop.p99Ms,
      rps: loop.rps,
      pgbenchTps: pgbench,
      matrixP95Ms: matrix,
      loops: loop.loops,
      errors: loop.errors,
      concurrency,
      seconds,
      requests,
      evidenceRows: school.evidenceRows,
      learners: school.learners.length,
      competencies: school.competencies,
      matrixLearners: school.matrixLearners,
      seedSeconds,
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  }
}

async function main(args: string[]) {
  const which = argument(args, "backend") ?? "both";
  const backends = which === "both" ? (["pglite", "postgres"] as const) : [which as "pglite" | "postgres"];
  for (const backend of backends) {
    const result = await runBackend(backend, args);
    if (args.includes("--json")) {
      console.log(JSON.stringify(result));
      continue;
    }
    console.log(
      `${backend}: central loop (answer → state → board) p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (target ≤ 50 ms), ` +
        `${result.rps} loops/s at ${result.concurrency} clients over ${result.seconds} s (${result.loops} loops, ${result.errors} errors)`,
    );
    if (result.pgbenchTps !== null)
      console.log(
        `  pgbench -N: ${result.pgbenchTps} TPS; the loop's throughput is ${round((100 * result.rps) / result.pgbenchTps)} % of it (target ≥ 50 %)`,
      );
    console.log(
      `  mastery matrix ${result.matrixLearners} × ${result.competencies}: p95 ${result.matrixP95Ms} ms (target ≤ 50 ms)`,
    );
    console.log(
      `  school: ${result.learners} learners, ${result.evidenceRows} evidence rows, seeded in ${result.seedSeconds} s`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
