/**
 * A teacher overrides a decision with a reason: a new ledger entry, by the named teacher, that
 * supersedes the engine's (which stays in the ledger, marked superseded). Resolving a contest
 * "changed" is done the same way, and closes the contest.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { authorize } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { findContest, findDecision, type DecisionRow } from "./repository.js";
import { decisionContests, decisions } from "./schema.js";

export const OverrideDecisionInput = z.object({
  reason: z.string().trim().min(3, "Give the learner a reason.").max(2000),
  /** What is decided instead (e.g. another activity id); free-form, shown to the learner. */
  replacement: z.record(z.string(), z.unknown()).default({}),
});

async function supersede(
  tx: Database,
  ctx: SignedInCtx,
  decision: DecisionRow,
  reason: string,
  replacement: Record<string, unknown>,
) {
  const already = await tx
    .select({ id: decisions.id })
    .from(decisions)
    .where(eq(decisions.supersedesId, decision.id))
    .limit(1);
  if (already.length > 0)
    throw new AppError("conflict", "This decision was already overridden; override the newer one instead.");
  const [row] = await tx
    .insert(decisions)
    .values({
      organizationId: decision.organizationId,
      learnerId: decision.learnerId,
      classId: decision.classId,
      competencyId: decision.competencyId,
      what: decision.what,
      how: decision.how,
      actorKind: "teacher",
      actorUserId: ctx.actor.userId,
      basedOn: [
        { kind: "performance", references: [decision.id], values: { supersededDecision: decision.id } },
      ],
      reasonMessageId: "teacher.override",
      reasonValues: { reason, teacher: `${ctx.actor.givenName} ${ctx.actor.familyName}` },
      payload: { ...replacement, overrides: decision.payload },
      supersedesId: decision.id,
      createdAt: ctx.now(),
    })
    .returning();
  return row!;
}

export async function overrideDecision(ctx: SignedInCtx, decisionId: string, raw: unknown) {
  const input = parseInput(OverrideDecisionInput, raw, "body");
  const { actor, db } = ctx;
  const decision = await findDecision(db, actor.organizationId, decisionId);
  if (!decision?.learnerId) throw notFound("The decision");
  authorize(actor, "override", await relationToLearner(db, actor, decision.learnerId));
  return db.transaction(async (tx) => {
    const row = await supersede(tx, ctx, decision, input.reason, input.replacement);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "decision.override",
      subjectType: "decision",
      subjectId: decisionId,
      details: { by: row.id },
      at: ctx.now(),
    });
    return row;
  });
}

export const ResolveContestInput = z.discriminatedUnion("outcome", [
  z.object({ outcome: z.literal("upheld"), resolution: z.string().trim().min(3).max(2000) }),
  z.object({
    outcome: z.literal("changed"),
    resolution: z.string().trim().min(3).max(2000),
    replacement: z.record(z.string(), z.unknown()).default({}),
  }),
]);

export async function resolveContest(ctx: SignedInCtx, contestId: string, raw: unknown) {
  const input = parseInput(ResolveContestInput, raw, "body");
  const { actor, db } = ctx;
  const contest = await findContest(db, actor.organizationId, contestId);
  if (!contest) throw notFound("The contest");
  authorize(actor, "resolve-contest", await relationToLearner(db, actor, contest.learnerId));
  if (contest.status !== "open") throw new AppError("conflict", "This contest was already resolved.");
  const decision = await findDecision(db, actor.organizationId, contest.decisionId);
  if (!decision) throw notFound("The decision");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const override =
      input.outcome === "changed"
        ? await supersede(tx, ctx, decision, input.resolution, input.replacement)
        : null;
    const [resolved] = await tx
      .update(decisionContests)
      .set({ status: input.outcome, resolution: input.resolution, resolvedBy: actor.userId, resolvedAt: now })
      .where(and(eq(decisionContests.id, contestId), eq(decisionContests.status, "open")))
      .returning();
    if (!resolved) throw new AppError("conflict", "This contest was already resolved.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "decision.contest.resolve",
      subjectType: "contest",
      subjectId: contestId,
      details: { outcome: input.outcome, override: override?.id ?? null },
      at: now,
    });
    return { contest: resolved, override };
  });
}
