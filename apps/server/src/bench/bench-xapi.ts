/**
 * `npm run bench:xapi -- [--json] [--backend pglite|postgres] [--ingest 20000] [--stored 1000000]
 * [--concurrency 4] [--queries 200]`
 *
 * The LRS over real HTTP: statement ingest rate with batches of 100 POSTed by `--concurrency`
 * clients (targets ≥ 2,000 statements/s on PGlite, ≥ 5,000/s on PostgreSQL), then the p95 latency of
 * `GET /xapi/statements` filtered by agent + verb + since once the store holds `--stored` statements
 * (target p95 ≤ 50 ms on PostgreSQL with 1,000,000). Statements beyond those ingested over HTTP are
 * written first, in bulk with SQL (1,000 learners, 5 verbs, 2,000 activities over the past year), so
 * ingest and query are both measured against a store of that size without hours of ingest. Not a test: nothing here passes or fails.
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pathwise_xapi_bench;
 * the database is dropped and created again) — never point it at a database you care about.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { loadConfig, openDatabase, type DatabaseHandle, type Runtime } from "@pathwise/core";
import { createLrsTenant } from "@pathwise/core/bench";
import { createServer } from "../serve.js";

const DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/pathwise_xapi_bench";
const BATCH = 100;
const LEARNERS = 1000;
const VERBS = ["completed", "passed", "failed", "experienced", "answered"].map(
  (v) => `http://adlnet.gov/expapi/verbs/${v}`,
);
const ACTIVITIES = 2000;

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}
const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function freshPostgres(url: string): void {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing the database name "${name}".`);
  const connection = [
    "-h",
    target.hostname,
    "-p",
    target.port || "5432",
    "-U",
    decodeURIComponent(target.username || "postgres"),
  ];
  execFileSync("dropdb", [...connection, "--if-exists", "--force", name], { stdio: "ignore" });
  execFileSync("createdb", [...connection, name], { stdio: "ignore" });
}

const mbox = (learner: number) => `mailto:learner${learner}@bench.example`;

function statement(n: number) {
  return {
    id: randomUUID(),
    actor: { objectType: "Agent", mbox: mbox(n % LEARNERS) },
    verb: { id: VERBS[n % VERBS.length]!, display: { "en-US": "did" } },
    object: { objectType: "Activity", id: `https://bench.example/activities/${n % ACTIVITIES}` },
    result: { success: n % 3 !== 0, score: { scaled: (n % 100) / 100 } },
    timestamp: new Date().toISOString(),
  };
}

/** Bulk statements stored over the past year, with the columns the LRS fills, written by SQL. */
async function fill(handle: DatabaseHandle, organizationId: string, count: number) {
  const chunk = 100_000;
  // Numbers this function computes, written into the SQL text so generate_series sees integers.
  const n = (value: number) => sql.raw(String(Math.trunc(value)));
  const verbs = sql.raw(`array[${VERBS.map((v) => `'${v}'`).join(",")}]`);
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    await handle.db.execute(sql`
      insert into xapi_statements (organization_id, id, statement, stored, actor_key, verb_id, activity_id, related_agent_keys, related_activity_ids)
      select ${organizationId}::uuid, s.id, jsonb_build_object(
          'id', s.id, 'actor', jsonb_build_object('objectType', 'Agent', 'mbox', s.mbox),
          'verb', jsonb_build_object('id', s.verb), 'object', jsonb_build_object('objectType', 'Activity', 'id', s.activity),
          'stored', to_char(s.stored at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'timestamp', to_char(s.stored at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'version', '2.0.0'),
        s.stored, 'mbox:' || s.mbox, s.verb, s.activity, array['mbox:' || s.mbox], array[s.activity]
      from (
        select gen_random_uuid() as id, 'mailto:learner' || (g % ${n(LEARNERS)}) || '@bench.example' as mbox,
          (${verbs})[1 + (g / ${n(LEARNERS)}) % ${n(VERBS.length)}] as verb,
          'https://bench.example/activities/' || (g % ${n(ACTIVITIES)}) as activity,
          now() - interval '365 days' + (g::double precision / ${n(count)}) * interval '364 days' as stored
        from generate_series(${n(start)}, ${n(end - 1)}) g
      ) s`);
    if (!process.argv.includes("--json"))
      process.stdout.write(`  stored ${end.toLocaleString("en")} bulk statements\r`);
  }
  if (!process.argv.includes("--json")) process.stdout.write("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const backend = argument(args, "backend") === "postgres" ? "postgres" : "pglite";
  const ingestCount = Number(argument(args, "ingest") ?? 20_000);
  const storedTarget = Number(argument(args, "stored") ?? 1_000_000);
  const concurrency = Number(argument(args, "concurrency") ?? 4);
  const queries = Number(argument(args, "queries") ?? 200);
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_PG;
  if (backend === "postgres") freshPostgres(url);
  const handle = await openDatabase(
    backend === "postgres"
      ? { kind: "postgres", url, poolSize: concurrency * 2 }
      : { kind: "pglite", dataDir: null },
  );
  await handle.migrate();
  const runtime: Runtime = { config: loadConfig({}), database: handle, now: () => new Date() };
  const tenant = await createLrsTenant(handle.db, "Bench District");
  const server = createServer(runtime, null);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${tenant.key}:${tenant.secret}`).toString("base64")}`,
    "X-Experience-API-Version": "2.0.0",
  };
  try {
    // The store first holds the bulk statements, so ingest is measured into a store of that size.
    const batches = Math.ceil(ingestCount / BATCH);
    const bulk = Math.max(0, storedTarget - batches * BATCH);
    if (bulk > 0) await fill(handle, tenant.organizationId, bulk);
    // Table statistics, as PostgreSQL's autovacuum would gather them (PGlite runs no autovacuum).
    await handle.db.execute(sql`analyze xapi_statements`);

    // Ingest: batches of 100 statements, `concurrency` clients.
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let b = next++; b < batches; b = next++) {
          const body = JSON.stringify(Array.from({ length: BATCH }, (_, i) => statement(b * BATCH + i)));
          const res = await fetch(`${base}/statements`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body,
          });
          if (res.status !== 200) failures += 1;
          await res.arrayBuffer();
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    if (failures > 0) throw new Error(`${failures} batches were refused during ingest.`);
    const ingestPerSecond = Math.round((batches * BATCH) / ingestSeconds);
    if (!args.includes("--json"))
      console.log(
        `${backend}: ingested ${(batches * BATCH).toLocaleString("en")} statements at ${ingestPerSecond}/s`,
      );

    // Query: agent + verb + since (the last 30 days), one learner and verb at a time.
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const times: number[] = [];
    let returned = 0;
    for (let q = 0; q < queries + 10; q++) {
      const parameters = new URLSearchParams({
        agent: JSON.stringify({ mbox: mbox((q * 7919) % LEARNERS) }),
        verb: VERBS[q % VERBS.length]!,
        since,
      });
      const t = performance.now();
      const res = await fetch(`${base}/statements?${parameters}`, { headers });
      const page = (await res.json()) as { statements: unknown[] };
      if (res.status !== 200) throw new Error(`GET /statements answered ${res.status}.`);
      if (q >= 10) {
        times.push(performance.now() - t);
        returned += page.statements.length;
      }
    }
    times.sort((a, b) => a - b);
    const queryP95Ms = round(percentile(times, 0.95));
    const [count] = (
      (await handle.db.execute(sql`select count(*)::int as n from xapi_statements`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows;
    const result = { backend, ingestPerSecond, queryP95Ms, stored: Number(count?.n ?? 0) };
    if (args.includes("--json")) console.log(JSON.stringify(result));
    else
      console.log(
        `${backend}: GET /xapi/statements (agent+verb+since) over ${result.stored.toLocaleString("en")} statements: ` +
          `p50 ${round(percentile(times, 0.5))} ms, p95 ${queryP95Ms} ms (${round(returned / queries)} statements per answer)`,
      );
  } finally {
    server.close();
    await handle.close();
  }
}

await main();
