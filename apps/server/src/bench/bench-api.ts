/**
 * `npm run bench:api -- [--json] [--backend pglite|postgres|both] [--seconds 30] [--concurrency 8] [--requests one|two]`
 *
 * The central loop over real HTTP — a learner submits an answer (their state is updated in the same
 * transaction) and gets their next choice board — against a seeded school (40 classes, 1,000
 * learners, the Smarter Balanced framework, 200,000 evidence rows). By default one request per loop
 * (`POST /learners/{id}/evidence?next=board`); `--requests two` sends the answer and then
 * `POST /learners/{id}/choice-board`, as clients did before `?next=board`. The load clients run in a
 * worker thread, so they do not take turns with the server on its event loop. Reports p50/p99
 * latency of the loop and loops per second at a fixed number of concurrent clients, the class
 * mastery matrix (35 learners × the whole framework) p95 and p50 over 200 requests made one after
 * another once the loop has stopped, and on PostgreSQL `pgbench -N` TPS
 * measured in the same run on the same server with the same number of clients. Not a test:
 * nothing here passes or fails.
 *
 * On PostgreSQL it also counts the CPU time each side spends: for the loop, this process (server and
 * load clients) plus the PostgreSQL backends serving it; for `pgbench -N`, the pgbench client plus
 * its backends (read from /proc, sampled while they run). CPU time per loop against CPU time per
 * pgbench transaction bounds the throughput ratio the loop could reach with the machine to itself,
 * and unlike wall-clock figures it changes little when other work shares the machine.
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pathwise_bench; the
 * database is dropped and created again) — never point it at a database you care about.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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

/** psql-style arguments for the URL's server: its host, or the socket directory of `?host=/run/…`. */
function connectionArgs(url: string): string[] {
  const target = new URL(url);
  return [
    "-h",
    target.searchParams.get("host") ?? target.hostname,
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

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU milliseconds of a process (all its threads), or undefined once it is gone. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) — utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The CPU milliseconds so far of every PostgreSQL backend connected to `database`, by pid. */
async function backendsCpu(handle: DatabaseHandle, database: string): Promise<Map<number, number>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Refusing the database name "${database}".`);
  const result = (await handle.db.execute(
    `select pid from pg_stat_activity where datname = '${database}' and backend_type = 'client backend'`,
  )) as { rows: { pid: number | string }[] };
  const out = new Map<number, number>();
  for (const row of result.rows) {
    const ms = processCpuMs(Number(row.pid));
    if (ms !== undefined) out.set(Number(row.pid), ms);
  }
  return out;
}

/** CPU used between two samples of the same backends (a backend seen only later counts from zero). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU milliseconds so far: this process (server and load clients) and the database's backends. */
interface CpuSample {
  process: number;
  database: number;
}

const processCpuNow = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

interface LoopResult {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  loops: number;
  errors: number;
}

/**
 * Run the load clients in a worker thread (bench-api-clients.ts) and summarize what they measured.
 * `cpu` samples CPU time when the measured run starts and when it ends.
 */
async function centralLoop(
  base: string,
  school: BenchSchool,
  job: Omit<ClientsJob, "base" | "learners">,
  cpu: () => Promise<CpuSample>,
) {
  const worker = new Worker(new URL("./bench-api-clients.js", import.meta.url), {
    workerData: { ...job, base, learners: school.learners } satisfies ClientsJob,
  });
  let cpuAtStart: Promise<CpuSample> | undefined;
  const result = await new Promise<ClientsResult>((resolve, reject) => {
    worker.on("message", (message: ClientsResult | { error: string } | { measuring: true }) => {
      if ("measuring" in message) cpuAtStart = cpu();
      else if ("error" in message) reject(new Error(message.error));
      else resolve(message);
    });
    worker.once("error", reject);
  });
  const atEnd = await cpu();
  const atStart = await (cpuAtStart ?? cpu());
  const perLoop = (ms: number) => (latencies.length > 0 ? round(ms / latencies.length, 2) : null);
  await worker.terminate();
  const latencies = result.latencies.sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    rps: round(latencies.length / result.elapsedSeconds),
    loops: latencies.length,
    errors: result.errors,
    cpuMsPerLoop: perLoop(atEnd.process + atEnd.database - atStart.process - atStart.database),
    databaseCpuMsPerLoop: perLoop(atEnd.database - atStart.database),
  } satisfies LoopResult & { cpuMsPerLoop: number | null; databaseCpuMsPerLoop: number | null };
}

/** The matrix fetched `runs` times one after another (after five unmeasured): its p50 and p95. */
async function matrixTimes(
  base: string,
  school: BenchSchool,
  runs = 200,
): Promise<{ p50: number; p95: number }> {
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
  return { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)) };
}

/**
 * `pgbench -N` (no updates of the small tables) with the same number of clients, on the same server:
 * its TPS, and the CPU milliseconds per transaction of the pgbench client and its backends.
 */
async function pgbench(
  handle: DatabaseHandle,
  url: string,
  concurrency: number,
  seconds: number,
): Promise<{ tps: number; cpuMsPerTransaction: number | null } | null> {
  const db = `${new URL(url).pathname.slice(1)}_pgbench`;
  const connection = connectionArgs(url);
  try {
    execFileSync("dropdb", [...connection, "--if-exists", db], { stdio: "ignore" });
    execFileSync("createdb", [...connection, db], { stdio: "ignore" });
    execFileSync("pgbench", [...connection, "-i", "-s", "10", "-q", db], { stdio: "ignore" });
    const child = spawn(
      "pgbench",
      [...connection, "-N", "-c", String(concurrency), "-j", "2", "-T", String(seconds), db],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.resume();
    // Backends and the client exit with the run: keep each one's latest CPU reading until then.
    const backends = new Map<number, number>();
    let clientMs = 0;
    const sample = async () => {
      for (const [pid, ms] of await backendsCpu(handle, db)) backends.set(pid, ms);
      clientMs = processCpuMs(child.pid!) ?? clientMs;
    };
    const sampler = setInterval(() => void sample().catch(() => undefined), 200);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    clearInterval(sampler);
    execFileSync("dropdb", [...connection, "--if-exists", db], { stdio: "ignore" });
    const tps = /tps = ([\d.]+)/.exec(out);
    const transactions = /number of transactions actually processed: (\d+)/.exec(out);
    if (code !== 0 || !tps) throw new Error(`pgbench exited with ${code}`);
    const cpuMs = clientMs + [...backends.values()].reduce((a, b) => a + b, 0);
    return {
      tps: round(Number(tps[1])),
      cpuMsPerTransaction: transactions ? round(cpuMs / Number(transactions[1]), 3) : null,
    };
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
    // On PostgreSQL the database's work is in its backends; on PGlite it is in this process.
    const databaseName = new URL(url).pathname.slice(1);
    let backendsAtStart = new Map<number, number>();
    const cpu = async (): Promise<CpuSample> => {
      if (backend !== "postgres") return { process: processCpuNow(), database: 0 };
      const database = cpuBetween(backendsAtStart, await backendsCpu(handle, databaseName));
      return { process: processCpuNow(), database };
    };
    if (backend === "postgres") backendsAtStart = await backendsCpu(handle, databaseName);
    const loop = await centralLoop(
      base,
      school,
      { seconds, warmupSeconds: 3, concurrency, seed: 1, requests },
      cpu,
    );
    const matrix = await matrixTimes(base, school);
    const compared =
      backend === "postgres" ? await pgbench(handle, url, concurrency, Math.min(seconds, 20)) : null;
    return {
      backend,
      p50Ms: loop.p50Ms,
      p99Ms: loop.p99Ms,
      rps: loop.rps,
      pgbenchTps: compared?.tps ?? null,
      matrixP95Ms: matrix.p95,
      matrixP50Ms: matrix.p50,
      cpuMsPerLoop: loop.cpuMsPerLoop,
      databaseCpuMsPerLoop: backend === "postgres" ? loop.databaseCpuMsPerLoop : null,
      pgbenchCpuMsPerTransaction: compared?.cpuMsPerTransaction ?? null,
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
      // Which Node ran the figures, with any flags it was given.
      node: [process.version, ...process.execArgv].join(" "),
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
    if (result.cpuMsPerLoop !== null)
      console.log(
        `  CPU per loop (server, clients${result.backend === "postgres" ? ` and PostgreSQL backends — of it PostgreSQL ${result.databaseCpuMsPerLoop} ms` : ""}): ${result.cpuMsPerLoop} ms` +
          (result.pgbenchCpuMsPerTransaction
            ? `; per pgbench -N transaction (client and backends): ${result.pgbenchCpuMsPerTransaction} ms — ` +
              `with the CPU to itself the loop could reach at most ${round((100 * result.pgbenchCpuMsPerTransaction) / result.cpuMsPerLoop)} % of pgbench's rate`
            : ""),
      );
    console.log(
      `  mastery matrix ${result.matrixLearners} × ${result.competencies}: p95 ${result.matrixP95Ms} ms (target ≤ 50 ms), p50 ${result.matrixP50Ms} ms`,
    );
    console.log(
      `  school: ${result.learners} learners, ${result.evidenceRows} evidence rows, seeded in ${result.seedSeconds} s; node ${result.node}`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
