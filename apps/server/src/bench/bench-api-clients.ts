/**
 * The load clients of `npm run bench:api`, run in a worker thread so that building requests and
 * reading answers does not take turns with the server on its event loop. Each client loops over
 * random learners: an answer with `?next=board` (one request: answer → state → next board), or with
 * `--requests two` the answer and then `POST /choice-board`.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import type { BenchLearner } from "@pathwise/core/bench";

export interface ClientsJob {
  base: string;
  learners: BenchLearner[];
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  seed: number;
  requests: "one" | "two";
}

export interface ClientsResult {
  latencies: number[];
  errors: number;
  elapsedSeconds: number;
}

async function run(job: ClientsJob): Promise<ClientsResult> {
  let state = job.seed >>> 0;
  const rand = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;
  const latencies: number[] = [];
  let errors = 0;
  const post = (path: string, token: string, body?: unknown) =>
    fetch(`${job.base}/api/v1${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const client = async (until: number, record: boolean) => {
    while (performance.now() < until) {
      const learner = job.learners[Math.floor(rand() * job.learners.length)]!;
      const competency = learner.competencies[Math.floor(rand() * learner.competencies.length)]!;
      const answer = {
        kind: "attempt",
        competencyIds: [competency.id],
        itemId: competency.itemIds[0],
        correct: rand() < 0.7,
        durationSeconds: 30,
      };
      const started = performance.now();
      let ok: boolean;
      if (job.requests === "one") {
        const res = await post(`/learners/${learner.id}/evidence?next=board`, learner.token, answer);
        const body = (await res.json()) as { board?: { options?: unknown[] } };
        ok = res.status === 201 && Boolean(body.board?.options?.length);
      } else {
        const res = await post(`/learners/${learner.id}/evidence`, learner.token, answer);
        await res.arrayBuffer();
        const board = await post(`/learners/${learner.id}/choice-board`, learner.token);
        const options = ((await board.json()) as { options?: unknown[] }).options;
        ok = res.status === 201 && board.status === 200 && Boolean(options?.length);
      }
      const elapsed = performance.now() - started;
      if (!ok) errors++;
      if (record) latencies.push(elapsed);
    }
  };
  // Warm-up (caches, JIT, connection pool), then the measured run.
  const warmUntil = performance.now() + job.warmupSeconds * 1000;
  await Promise.all(Array.from({ length: job.concurrency }, () => client(warmUntil, false)));
  parentPort?.postMessage({ measuring: true });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, () => client(started + job.seconds * 1000, true)),
  );
  return { latencies, errors, elapsedSeconds: (performance.now() - started) / 1000 };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as ClientsJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}
