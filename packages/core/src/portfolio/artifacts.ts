/**
 * The learner's portfolio: work they keep as evidence of learning (a link or a piece of text, tagged
 * with the competencies it shows), each shared with their guardians only if the learner says so.
 */
import { and, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { portfolioArtifacts } from "../evidence/schema.js";
import { competencies } from "../frameworks/schema.js";
import { relationToLearner } from "../personalization/relationships.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { decodeCursor, pageOf, PageInput, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { authorize, can } from "./policies.js";

export const AddArtifactInput = z
  .object({
    title: z.string().trim().min(1, "Give it a title.").max(200),
    description: z.string().trim().max(5000).default(""),
    url: z
      .url({ protocol: /^https?$/, message: "Use a web address starting with http:// or https://." })
      .max(2000)
      .optional(),
    text: z.string().max(50_000).optional(),
    competencyIds: z.array(z.uuid()).max(20).default([]),
    visibleToGuardians: z.boolean().default(false),
  })
  .refine((v) => v.url !== undefined || (v.text !== undefined && v.text.trim().length > 0), {
    path: ["url"],
    message: "Add a link or some text: an artifact needs something to look at.",
  });

export type Artifact = typeof portfolioArtifacts.$inferSelect;

/** Every id is a current competency of the organization, or the field that names it is reported. */
export async function assertCompetencies(
  db: Database,
  organizationId: string,
  ids: readonly string[],
  path: string,
): Promise<void> {
  if (ids.length === 0) return;
  const known = await db
    .select({ id: competencies.id })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, organizationId),
        inArray(competencies.id, [...ids]),
        isNull(competencies.retiredAt),
      ),
    );
  const missing = ids.map((id, index) => ({ id, index })).filter(({ id }) => !known.some((k) => k.id === id));
  if (missing.length > 0)
    throw new AppError(
      "validation_failed",
      "Some fields are not valid.",
      missing.map(({ id, index }) => ({
        path: `${path}[${index}]`,
        message: `No current competency ${id} in your organization.`,
      })),
    );
}

export async function addArtifact(ctx: SignedInCtx, learnerId: string, raw: unknown): Promise<Artifact> {
  const input = parseInput(AddArtifactInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "add", await relationToLearner(db, actor, learnerId));
  const competencyIds = [...new Set(input.competencyIds)];
  await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(portfolioArtifacts)
      .values({
        organizationId: actor.organizationId,
        learnerId,
        title: input.title,
        description: input.description,
        url: input.url ?? null,
        text: input.text ?? null,
        competencyIds,
        visibleToGuardians: input.visibleToGuardians,
        createdAt: now,
      })
      .returning();
    if (!row) throw new AppError("internal", "The artifact could not be saved.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "portfolio.add",
      subjectType: "portfolio_artifact",
      subjectId: row.id,
      details: { learnerId, competencyIds, visibleToGuardians: input.visibleToGuardians },
      at: now,
    });
    return row;
  });
}

/** Newest first; a guardian sees only what the learner shared with them. */
export async function listArtifacts(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
): Promise<Page<Artifact>> {
  const input = parseInput(PageInput, raw, "query");
  const { actor, db } = ctx;
  const relation = await relationToLearner(db, actor, learnerId);
  authorize(actor, "view-shared", relation);
  const sharedOnly = !can(actor, "view-all", relation);
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(portfolioArtifacts)
    .where(
      and(
        eq(portfolioArtifacts.organizationId, actor.organizationId),
        eq(portfolioArtifacts.learnerId, learnerId),
        sharedOnly ? eq(portfolioArtifacts.visibleToGuardians, true) : undefined,
        cursor
          ? or(
              lt(portfolioArtifacts.createdAt, new Date(cursor.at)),
              and(
                eq(portfolioArtifacts.createdAt, new Date(cursor.at)),
                lt(portfolioArtifacts.id, cursor.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(portfolioArtifacts.createdAt), desc(portfolioArtifacts.id))
    .limit(input.limit + 1);
  return pageOf(rows, input.limit, (r) => r.createdAt);
}

export const ShareArtifactInput = z.object({ visibleToGuardians: z.boolean() });

/** The learner chooses, artifact by artifact, what their guardians see. */
export async function shareArtifact(ctx: SignedInCtx, artifactId: string, raw: unknown): Promise<Artifact> {
  const { visibleToGuardians } = parseInput(ShareArtifactInput, raw, "body");
  const { actor, db } = ctx;
  const [artifact] = await db
    .select()
    .from(portfolioArtifacts)
    .where(
      and(eq(portfolioArtifacts.id, artifactId), eq(portfolioArtifacts.organizationId, actor.organizationId)),
    );
  if (!artifact) throw notFound("The artifact");
  const relation = await relationToLearner(db, actor, artifact.learnerId);
  if (
    !can(actor, "view-all", relation) &&
    !(artifact.visibleToGuardians && can(actor, "view-shared", relation))
  )
    throw notFound("The artifact");
  authorize(actor, "share", relation);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(portfolioArtifacts)
      .set({ visibleToGuardians })
      .where(eq(portfolioArtifacts.id, artifactId))
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: visibleToGuardians ? "portfolio.share" : "portfolio.unshare",
      subjectType: "portfolio_artifact",
      subjectId: artifactId,
      details: { learnerId: artifact.learnerId },
      at: now,
    });
    return row!;
  });
}
