/**
 * "Defend my learning": a learner claims a competency, says in their own words how their work shows
 * it, and points at artifacts in their portfolio. A teacher of theirs verifies the claim — which is
 * recorded as evidence and updates the learner's mastery in the same transaction — or asks for more,
 * and the learner revises the claim and sends it back.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { evidence, learningClaims, portfolioArtifacts } from "../evidence/schema.js";
import { enrollments } from "../roster/schema.js";
import { relationToLearner } from "../personalization/relationships.js";
import { updateLearnerState, type StateUpdate } from "../personalization/update-learner-state.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertCompetencies } from "./artifacts.js";
import { authorize, can } from "./policies.js";

export type Claim = typeof learningClaims.$inferSelect;

export const ClaimInput = z.object({
  competencyId: z.uuid(),
  statement: z.string().trim().min(10, "Say in a sentence or two how your work shows this.").max(5000),
  artifactIds: z.array(z.uuid()).min(1, "Point at least one piece of work in your portfolio.").max(20),
});

/** The artifacts are the learner's own, or the field naming the first stranger is reported. */
async function assertOwnArtifacts(
  db: Database,
  organizationId: string,
  learnerId: string,
  ids: readonly string[],
): Promise<void> {
  const rows = await db
    .select({ id: portfolioArtifacts.id })
    .from(portfolioArtifacts)
    .where(
      and(
        eq(portfolioArtifacts.organizationId, organizationId),
        eq(portfolioArtifacts.learnerId, learnerId),
        inArray(portfolioArtifacts.id, [...ids]),
      ),
    );
  const missing = ids.map((id, index) => ({ id, index })).filter(({ id }) => !rows.some((r) => r.id === id));
  if (missing.length > 0)
    throw new AppError(
      "validation_failed",
      "Some fields are not valid.",
      missing.map(({ index }) => ({
        path: `body.artifactIds[${index}]`,
        message: "This is not an artifact in your portfolio.",
      })),
    );
}

export async function claimCompetency(ctx: SignedInCtx, learnerId: string, raw: unknown): Promise<Claim> {
  const input = parseInput(ClaimInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "claim", await relationToLearner(db, actor, learnerId));
  await assertCompetencies(db, actor.organizationId, [input.competencyId], "body.competencyId");
  const artifactIds = [...new Set(input.artifactIds)];
  await assertOwnArtifacts(db, actor.organizationId, learnerId, artifactIds);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: learningClaims.id })
      .from(learningClaims)
      .where(
        and(
          eq(learningClaims.learnerId, learnerId),
          eq(learningClaims.competencyId, input.competencyId),
          inArray(learningClaims.status, ["pending", "needs_more"]),
        ),
      );
    if (open)
      throw new AppError(
        "conflict",
        "You already have an open claim for this competency: revise that one instead.",
        [{ path: "body.competencyId", message: `Open claim ${open.id}.` }],
      );
    const [claim] = await tx
      .insert(learningClaims)
      .values({
        organizationId: actor.organizationId,
        learnerId,
        competencyId: input.competencyId,
        statement: input.statement,
        artifactIds,
        createdAt: now,
      })
      .returning();
    if (!claim) throw new AppError("internal", "The claim could not be saved.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "claim.create",
      subjectType: "learning_claim",
      subjectId: claim.id,
      details: { learnerId, competencyId: input.competencyId, artifactIds },
      at: now,
    });
    return claim;
  });
}

export const ReviseClaimInput = ClaimInput.omit({ competencyId: true });

/** After a teacher asked for more: the learner adds work or explains better, and the claim is open again. */
export async function reviseClaim(ctx: SignedInCtx, claimId: string, raw: unknown): Promise<Claim> {
  const input = parseInput(ReviseClaimInput, raw, "body");
  const { actor, db } = ctx;
  const claim = await findClaim(db, actor.organizationId, claimId);
  const relation = await relationToLearner(db, actor, claim.learnerId);
  if (!can(actor, "view-all", relation)) throw notFound("The claim");
  authorize(actor, "claim", relation);
  const artifactIds = [...new Set(input.artifactIds)];
  await assertOwnArtifacts(db, actor.organizationId, claim.learnerId, artifactIds);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(learningClaims)
      .set({ statement: input.statement, artifactIds, status: "pending" })
      .where(and(eq(learningClaims.id, claimId), eq(learningClaims.status, "needs_more")))
      .returning();
    if (!row)
      throw new AppError(
        "conflict",
        claim.status === "verified"
          ? "This claim is already verified."
          : "This claim is waiting for your teacher; you can revise it once they ask for more.",
      );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "claim.revise",
      subjectType: "learning_claim",
      subjectId: claimId,
      details: { artifactIds },
      at: now,
    });
    return row;
  });
}

async function findClaim(db: Database, organizationId: string, claimId: string): Promise<Claim> {
  const [claim] = await db
    .select()
    .from(learningClaims)
    .where(and(eq(learningClaims.id, claimId), eq(learningClaims.organizationId, organizationId)));
  if (!claim) throw notFound("The claim");
  return claim;
}

/** A learner's claims, newest first; a guardian sees the verified ones only. */
export async function listClaims(ctx: SignedInCtx, learnerId: string): Promise<Claim[]> {
  const { actor, db } = ctx;
  const relation = await relationToLearner(db, actor, learnerId);
  authorize(actor, "view-shared", relation);
  const verifiedOnly = !can(actor, "view-all", relation);
  return db
    .select()
    .from(learningClaims)
    .where(
      and(
        eq(learningClaims.organizationId, actor.organizationId),
        eq(learningClaims.learnerId, learnerId),
        verifiedOnly ? eq(learningClaims.status, "verified") : undefined,
      ),
    )
    .orderBy(desc(learningClaims.createdAt), desc(learningClaims.id));
}

/** The claims waiting for this teacher: pending claims of learners in the classes they teach. */
export async function listPendingClaimsForTeacher(ctx: SignedInCtx): Promise<Claim[]> {
  const { actor, db } = ctx;
  if (!actor.roles.includes("teacher")) throw forbidden("Only teachers review claims.");
  const taught = db
    .select({ learnerId: enrollments.userId })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.organizationId, actor.organizationId),
        eq(enrollments.role, "learner"),
        inArray(
          enrollments.classId,
          db
            .select({ classId: enrollments.classId })
            .from(enrollments)
            .where(
              and(eq(enrollments.userId, actor.userId), inArray(enrollments.role, ["teacher", "co-teacher"])),
            ),
        ),
      ),
    );
  return db
    .select()
    .from(learningClaims)
    .where(
      and(
        eq(learningClaims.organizationId, actor.organizationId),
        eq(learningClaims.status, "pending"),
        inArray(learningClaims.learnerId, taught),
      ),
    )
    .orderBy(learningClaims.createdAt, learningClaims.id);
}

export const ResolveClaimInput = z.object({
  decision: z.enum(["verified", "needs_more"]),
  response: z.string().trim().min(3, "Tell the learner what you saw, or what more you need.").max(5000),
});

export interface ResolvedClaim {
  claim: Claim;
  /** The evidence a verified claim became, and what it did to the learner's mastery. */
  evidenceId: string | null;
  update: StateUpdate | null;
}

export async function resolveClaim(ctx: SignedInCtx, claimId: string, raw: unknown): Promise<ResolvedClaim> {
  const input = parseInput(ResolveClaimInput, raw, "body");
  const { actor, db } = ctx;
  const claim = await findClaim(db, actor.organizationId, claimId);
  const relation = await relationToLearner(db, actor, claim.learnerId);
  if (!can(actor, "view-all", relation)) throw notFound("The claim");
  authorize(actor, "resolve-claim", relation);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    // Only a pending claim can be resolved: of two teachers answering at once, the second is told.
    const [row] = await tx
      .update(learningClaims)
      .set({
        status: input.decision,
        teacherResponse: input.response,
        resolvedBy: actor.userId,
        resolvedAt: now,
      })
      .where(and(eq(learningClaims.id, claimId), eq(learningClaims.status, "pending")))
      .returning();
    if (!row) throw new AppError("conflict", "This claim was already answered; reload to see the answer.");
    let evidenceId: string | null = null;
    let update: StateUpdate | null = null;
    if (input.decision === "verified") {
      const [recorded] = await tx
        .insert(evidence)
        .values({
          organizationId: actor.organizationId,
          learnerId: row.learnerId,
          kind: "artifact",
          competencyIds: [row.competencyId],
          correct: true,
          score: 1,
          recordedBy: actor.userId,
          source: "web",
          idempotencyKey: `claim-verified:${row.id}`,
          occurredAt: now,
          recordedAt: now,
          details: { claimId: row.id, artifactIds: row.artifactIds, response: input.response },
        })
        .returning({ id: evidence.id });
      evidenceId = recorded!.id;
      update = await updateLearnerState(
        tx,
        {
          organizationId: actor.organizationId,
          learnerId: row.learnerId,
          competencyIds: [row.competencyId],
          itemId: null,
          correct: true,
          score: 1,
          occurredAt: now,
        },
        now,
      );
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: `claim.${input.decision === "verified" ? "verify" : "ask-for-more"}`,
      subjectType: "learning_claim",
      subjectId: claimId,
      details: { learnerId: row.learnerId, evidenceId },
      at: now,
    });
    return { claim: row, evidenceId, update };
  });
}
