/** A learner says "not this — because …" about a decision; their teachers see it and resolve it. */
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { authorize } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { findDecision } from "./repository.js";
import { decisionContests } from "./schema.js";

export const ContestDecisionInput = z.object({
  reason: z.string().trim().min(3, "Say why, in a few words.").max(2000),
});

export async function contestDecision(ctx: SignedInCtx, decisionId: string, raw: unknown) {
  const { reason } = parseInput(ContestDecisionInput, raw, "body");
  const { actor, db } = ctx;
  const decision = await findDecision(db, actor.organizationId, decisionId);
  if (!decision?.learnerId) throw notFound("The decision");
  authorize(actor, "contest", await relationToLearner(db, actor, decision.learnerId));
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [contest] = await tx
      .insert(decisionContests)
      .values({
        organizationId: actor.organizationId,
        decisionId,
        learnerId: decision.learnerId!,
        reason,
        createdAt: now,
      })
      .returning();
    if (!contest) throw new AppError("internal", "The contest could not be saved.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "decision.contest",
      subjectType: "decision",
      subjectId: decisionId,
      details: { contestId: contest.id },
      at: now,
    });
    return contest;
  });
}
