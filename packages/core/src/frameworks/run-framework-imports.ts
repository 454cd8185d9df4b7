/**
 * The worker side of CASE import jobs (start-framework-import.ts queues them): claims the oldest
 * queued job, reads the package (fetching it from the provider when it came as an address), checks
 * it, and writes it — reporting the stage, and how many competencies are written, on the job row as
 * it goes. The framework, its version row and the job's "succeeded" are written in one transaction:
 * a failed import writes nothing but the reason, with the JSON path of each problem.
 *
 * Progress while writing is stored through a second database connection, which only PostgreSQL
 * has: the embedded database has one connection, held by the import's transaction, so there the
 * count moves from 0 to all at the end of the write (`progressWhileWriting: false`).
 *
 * Jobs are claimed with `FOR UPDATE SKIP LOCKED` and a claim deadline, so several server processes
 * can run the worker; a job whose process died mid-way is taken up again after the deadline (its
 * transaction never committed, so starting again is safe).
 */
import { and, asc, eq, inArray, lte, or } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { actorById } from "../identity/repository.js";
import { forbidden, isAppError } from "../shared/errors.js";
import {
  checkCasePackage,
  fetchCasePackage,
  REPORTED_PROBLEMS,
  writeCaseImport,
} from "./import-framework.js";
import { assertMayImportFrameworks } from "./policies.js";
import { frameworkImports, type FrameworkImportFailure, type FrameworkImportStage } from "./schema.js";

export interface FrameworkImportWorkerOptions {
  /** See the file comment: true only when the database can write on a second connection. */
  progressWhileWriting: boolean;
  fetch?: typeof fetch;
  /** How long a claimed job is held before another worker may take it up again. */
  claimMs?: number;
}

/** A generous bound on one import (a 50 MB package from a slow provider), after which it is retried. */
export const FRAMEWORK_IMPORT_CLAIM_MS = 15 * 60_000;
const RUNNING: FrameworkImportStage[] = ["reading", "checking", "writing"];

/** Runs queued imports one after another until none is left; answers how many it finished. */
export async function runQueuedFrameworkImports(
  db: Database,
  now: () => Date,
  options: FrameworkImportWorkerOptions,
): Promise<number> {
  let finished = 0;
  for (;;) {
    const job = await claim(db, now(), options.claimMs ?? FRAMEWORK_IMPORT_CLAIM_MS);
    if (!job) return finished;
    await runOne(db, now, job, options);
    finished++;
  }
}

type Job = typeof frameworkImports.$inferSelect;

async function claim(db: Database, now: Date, claimMs: number): Promise<Job | null> {
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select()
      .from(frameworkImports)
      .where(
        or(
          eq(frameworkImports.stage, "queued"),
          and(inArray(frameworkImports.stage, RUNNING), lte(frameworkImports.claimedUntil, now)),
        ),
      )
      .orderBy(asc(frameworkImports.createdAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!job) return null;
    await tx
      .update(frameworkImports)
      .set({
        stage: "reading",
        done: 0,
        startedAt: now,
        claimedUntil: new Date(now.getTime() + claimMs),
      })
      .where(eq(frameworkImports.id, job.id));
    return job;
  });
}

async function runOne(
  db: Database,
  now: () => Date,
  job: Job,
  options: FrameworkImportWorkerOptions,
): Promise<void> {
  const report = (fields: Partial<Pick<Job, "stage" | "done" | "total">>) =>
    db.update(frameworkImports).set(fields).where(eq(frameworkImports.id, job.id));
  try {
    const actor = await actorById(db, job.requestedBy);
    if (!actor || actor.organizationId !== job.organizationId) throw forbidden();
    assertMayImportFrameworks(actor);
    const json = job.package ?? (await fetchCasePackage(job.providerUrl ?? "", undefined, options.fetch));
    await report({ stage: "checking" });
    const checked = checkCasePackage(json, "");
    const total = checked.draft.competencies.length;
    await report({ stage: "writing", total });
    await db.transaction(async (tx) => {
      const summary = await writeCaseImport(
        tx,
        actor,
        checked,
        now(),
        options.progressWhileWriting ? (done) => report({ done }).then(() => undefined) : undefined,
      );
      await tx
        .update(frameworkImports)
        .set({
          stage: "succeeded",
          done: total,
          frameworkId: summary.frameworkId,
          summary: { ...summary },
          package: null,
          finishedAt: now(),
          claimedUntil: null,
        })
        .where(eq(frameworkImports.id, job.id));
    });
  } catch (error) {
    await db
      .update(frameworkImports)
      .set({
        stage: "failed",
        failure: failureOf(error),
        package: null,
        finishedAt: now(),
        claimedUntil: null,
      })
      .where(eq(frameworkImports.id, job.id));
    // Not the package's fault: the person sees "something went wrong", the operator the cause.
    if (!isAppError(error)) throw error;
  }
}

/** The reason an import failed, for the person who started it: what kind, and each problem with its path. */
function failureOf(error: unknown): FrameworkImportFailure {
  if (!isAppError(error)) return { reason: "unexpected", message: "", problems: [] };
  const fromProvider = error.details.some((d) => d.path === "body.providerUrl");
  return {
    reason: error.code === "forbidden" ? "forbidden" : fromProvider ? "provider" : "package",
    message: error.message,
    problems: error.details.slice(0, REPORTED_PROBLEMS).map((d) => ({
      // Problems of the provider's answer are about the address, not a place in a package.
      path: d.path === "body.providerUrl" ? "" : d.path,
      message: d.message,
    })),
  };
}
