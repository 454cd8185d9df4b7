/** Where a learner stands on each competency they have evidence for, with its confidence. */
import { and, asc, eq } from "drizzle-orm";
import { competencies } from "../frameworks/schema.js";
import type { SignedInCtx } from "../shared/context.js";
import { authorize } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { competencyMastery } from "./schema.js";

export async function getLearnerMastery(ctx: SignedInCtx, learnerId: string) {
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  return db
    .select({
      competencyId: competencyMastery.competencyId,
      code: competencies.humanCodingScheme,
      statement: competencies.statement,
      probability: competencyMastery.probability,
      lower: competencyMastery.lower,
      upper: competencyMastery.upper,
      evidenceCount: competencyMastery.evidenceCount,
      status: competencyMastery.status,
      masteredAt: competencyMastery.masteredAt,
      updatedAt: competencyMastery.updatedAt,
    })
    .from(competencyMastery)
    .innerJoin(competencies, eq(competencies.id, competencyMastery.competencyId))
    .where(
      and(
        eq(competencyMastery.organizationId, actor.organizationId),
        eq(competencyMastery.learnerId, learnerId),
      ),
    )
    .orderBy(asc(competencies.position));
}
