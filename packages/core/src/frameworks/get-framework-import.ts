/**
 * One CASE import job as the person who started it (or an admin of the organization) sees it:
 * where it is, how far it got, and — once finished — the summary or the problems.
 */
import { and, eq } from "drizzle-orm";
import type { SignedInCtx } from "../shared/context.js";
import { notFound } from "../shared/errors.js";
import type { ImportSummary } from "./import-framework.js";
import { frameworkImports, type FrameworkImportFailure, type FrameworkImportStage } from "./schema.js";

export interface FrameworkImportView {
  id: string;
  sourceName: string;
  fromProvider: boolean;
  stage: FrameworkImportStage;
  finished: boolean;
  /** Competencies written so far, of `total` (0 until the package has been read). */
  done: number;
  total: number;
  createdAt: Date;
  finishedAt: Date | null;
  summary: ImportSummary | null;
  failure: FrameworkImportFailure | null;
}

export async function getFrameworkImport(ctx: SignedInCtx, jobId: string): Promise<FrameworkImportView> {
  const [job] = await ctx.db
    .select()
    .from(frameworkImports)
    .where(and(eq(frameworkImports.organizationId, ctx.actor.organizationId), eq(frameworkImports.id, jobId)))
    .limit(1);
  // Someone else's import is none of a teacher's business: it is "not found", like another organization's.
  if (!job || (job.requestedBy !== ctx.actor.userId && !ctx.actor.roles.includes("admin")))
    throw notFound("The import");
  return {
    id: job.id,
    sourceName: job.sourceName,
    fromProvider: job.providerUrl !== null,
    stage: job.stage,
    finished: job.stage === "succeeded" || job.stage === "failed",
    done: job.done,
    total: job.total,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    summary: (job.summary as ImportSummary | null) ?? null,
    failure: job.failure ?? null,
  };
}
