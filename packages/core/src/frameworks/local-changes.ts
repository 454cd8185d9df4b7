/**
 * Reading frameworks, and what teachers add to them locally: competencies the published framework
 * lacks, and prerequisites their experience says matter. Local additions are marked with who made
 * them and survive re-imports of the framework. Anyone in the organization may read its frameworks
 * (they are the school's curriculum, not anyone's data); teachers of a class using the framework and
 * admins may add to it.
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { CompetencyGraph, CompetencyGraphError } from "@pathwise/engine";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { mayChangeFramework } from "./policies.js";
import { competencies, competencyEdges, frameworks, frameworkVersions } from "./schema.js";

async function frameworkOf(ctx: SignedInCtx, frameworkId: string) {
  const [row] = await ctx.db
    .select()
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, ctx.actor.organizationId), eq(frameworks.id, frameworkId)))
    .limit(1);
  if (!row) throw notFound("The framework");
  return row;
}

async function assertMayEdit(ctx: SignedInCtx, frameworkId: string): Promise<void> {
  if (!(await mayChangeFramework(ctx.db, ctx.actor, frameworkId))) throw forbidden();
}

export async function listFrameworks(ctx: SignedInCtx) {
  const rows = await ctx.db
    .select({
      id: frameworks.id,
      title: frameworks.title,
      publisher: frameworks.publisher,
      version: frameworks.version,
      caseIdentifier: frameworks.caseIdentifier,
      importedAt: frameworks.importedAt,
      // Drizzle leaves columns unqualified in a one-table select, so the subquery names its own
      // alias: unqualified, "id" would be the competency's id and the count always 0.
      competencies: sql<number>`(select count(*)::int from ${competencies} as live where live.framework_id = ${frameworks}.id and live.retired_at is null)`,
    })
    .from(frameworks)
    .where(eq(frameworks.organizationId, ctx.actor.organizationId))
    .orderBy(asc(frameworks.title));
  return rows;
}

export async function getFramework(ctx: SignedInCtx, frameworkId: string) {
  const framework = await frameworkOf(ctx, frameworkId);
  const [nodes, edges] = await Promise.all([
    ctx.db
      .select({
        id: competencies.id,
        caseIdentifier: competencies.caseIdentifier,
        humanCodingScheme: competencies.humanCodingScheme,
        statement: competencies.statement,
        educationLevels: competencies.educationLevels,
        parentId: competencies.parentId,
        depth: competencies.depth,
        local: sql<boolean>`${competencies.createdBy} is not null`,
      })
      .from(competencies)
      .where(and(eq(competencies.frameworkId, frameworkId), isNull(competencies.retiredAt)))
      .orderBy(asc(competencies.position)),
    ctx.db
      .select({
        fromId: competencyEdges.fromId,
        toId: competencyEdges.toId,
        kind: competencyEdges.kind,
        local: sql<boolean>`${competencyEdges.createdBy} is not null`,
      })
      .from(competencyEdges)
      .where(eq(competencyEdges.frameworkId, frameworkId)),
  ]);
  return {
    id: framework.id,
    title: framework.title,
    publisher: framework.publisher,
    version: framework.version,
    caseIdentifier: framework.caseIdentifier,
    importedAt: framework.importedAt,
    competencies: nodes,
    edges,
  };
}

export async function listFrameworkVersions(ctx: SignedInCtx, frameworkId: string) {
  await frameworkOf(ctx, frameworkId);
  return ctx.db
    .select()
    .from(frameworkVersions)
    .where(eq(frameworkVersions.frameworkId, frameworkId))
    .orderBy(desc(frameworkVersions.importedAt));
}

export const LocalCompetencyInput = z.object({
  statement: z.string().trim().min(3, "Say what the learner can do.").max(2000),
  humanCodingScheme: z.string().trim().min(1).max(100).optional(),
  parentId: z.uuid().optional(),
  educationLevels: z.array(z.string().trim().min(1).max(10)).max(20).default([]),
});

export async function addLocalCompetency(ctx: SignedInCtx, frameworkId: string, raw: unknown) {
  const input = parseInput(LocalCompetencyInput, raw, "body");
  await frameworkOf(ctx, frameworkId);
  await assertMayEdit(ctx, frameworkId);
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    let depth = 0;
    if (input.parentId) {
      const [parent] = await tx
        .select({ depth: competencies.depth })
        .from(competencies)
        .where(and(eq(competencies.id, input.parentId), eq(competencies.frameworkId, frameworkId)));
      if (!parent)
        throw new AppError("validation_failed", "Some fields are not valid.", [
          { path: "body.parentId", message: "This is not a competency of this framework." },
        ]);
      depth = parent.depth + 1;
    }
    const [last] = await tx
      .select({ position: sql<number>`coalesce(max(${competencies.position}), -1)::int` })
      .from(competencies)
      .where(eq(competencies.frameworkId, frameworkId));
    const [row] = await tx
      .insert(competencies)
      .values({
        organizationId: actor.organizationId,
        frameworkId,
        statement: input.statement,
        humanCodingScheme: input.humanCodingScheme ?? null,
        educationLevels: input.educationLevels,
        parentId: input.parentId ?? null,
        position: (last?.position ?? -1) + 1,
        depth,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "competency.add_local",
      subjectType: "competency",
      subjectId: row!.id,
      details: { frameworkId, statement: input.statement },
      at: ctx.now(),
    });
    return row!;
  });
}

export const LocalPrerequisiteInput = z.object({
  /** Learned first. */
  fromId: z.uuid(),
  /** Builds on `fromId`. */
  toId: z.uuid(),
});

/** The framework's live prerequisite graph plus one edge: refused with the cycle's path if it makes one. */
async function assertStillAcyclic(db: Database, frameworkId: string, fromId: string, toId: string) {
  const nodes = await db
    .select({ id: competencies.id })
    .from(competencies)
    .where(and(eq(competencies.frameworkId, frameworkId), isNull(competencies.retiredAt)));
  const live = new Set(nodes.map((n) => n.id));
  const problems = [
    ...(live.has(fromId)
      ? []
      : [{ path: "body.fromId", message: "This is not a competency of this framework." }]),
    ...(live.has(toId)
      ? []
      : [{ path: "body.toId", message: "This is not a competency of this framework." }]),
    ...(fromId === toId ? [{ path: "body.toId", message: "A competency cannot come before itself." }] : []),
  ];
  if (problems.length) throw new AppError("validation_failed", "Some fields are not valid.", problems);
  const edges = await db
    .select({ from: competencyEdges.fromId, to: competencyEdges.toId })
    .from(competencyEdges)
    .where(and(eq(competencyEdges.frameworkId, frameworkId), eq(competencyEdges.kind, "prerequisite")));
  try {
    CompetencyGraph.build({
      competencies: nodes,
      prerequisites: [...edges, { from: fromId, to: toId }]
        .filter((e) => live.has(e.from) && live.has(e.to))
        .map((e) => ({ prerequisiteId: e.from, dependentId: e.to })),
    });
  } catch (error) {
    if (!(error instanceof CompetencyGraphError)) throw error;
    throw new AppError("validation_failed", "This prerequisite would make a loop.", [
      { path: "body.toId", message: error.message },
    ]);
  }
}

export async function addLocalPrerequisite(ctx: SignedInCtx, frameworkId: string, raw: unknown) {
  const input = parseInput(LocalPrerequisiteInput, raw, "body");
  await frameworkOf(ctx, frameworkId);
  await assertMayEdit(ctx, frameworkId);
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    await assertStillAcyclic(tx, frameworkId, input.fromId, input.toId);
    const inserted = await tx
      .insert(competencyEdges)
      .values({
        organizationId: actor.organizationId,
        frameworkId,
        fromId: input.fromId,
        toId: input.toId,
        kind: "prerequisite",
        createdBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0)
      throw new AppError("conflict", "This prerequisite is already in the framework.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "competency_edge.add_local",
      subjectType: "framework",
      subjectId: frameworkId,
      details: { fromId: input.fromId, toId: input.toId },
      at: ctx.now(),
    });
    return inserted[0]!;
  });
}

/**
 * Only a locally added prerequisite can be removed here; the publisher's come and go with re-imports.
 * Removing one that is not there is not an error (a retried removal succeeds).
 */
export async function removeLocalPrerequisite(ctx: SignedInCtx, frameworkId: string, raw: unknown) {
  const input = parseInput(LocalPrerequisiteInput, raw, "path");
  await frameworkOf(ctx, frameworkId);
  await assertMayEdit(ctx, frameworkId);
  const { actor } = ctx;
  await ctx.db.transaction(async (tx) => {
    const [edge] = await tx
      .select({ createdBy: competencyEdges.createdBy })
      .from(competencyEdges)
      .where(
        and(
          eq(competencyEdges.frameworkId, frameworkId),
          eq(competencyEdges.fromId, input.fromId),
          eq(competencyEdges.toId, input.toId),
          eq(competencyEdges.kind, "prerequisite"),
        ),
      )
      .for("update");
    if (!edge) return;
    if (edge.createdBy === null)
      throw new AppError(
        "conflict",
        "This prerequisite comes with the published framework; only locally added ones can be removed.",
      );
    await tx
      .delete(competencyEdges)
      .where(
        and(
          eq(competencyEdges.fromId, input.fromId),
          eq(competencyEdges.toId, input.toId),
          eq(competencyEdges.kind, "prerequisite"),
        ),
      );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "competency_edge.remove_local",
      subjectType: "framework",
      subjectId: frameworkId,
      details: { fromId: input.fromId, toId: input.toId },
      at: ctx.now(),
    });
  });
}
