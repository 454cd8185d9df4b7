/**
 * The class mastery matrix: learners × the competencies of the class's framework at its grade,
 * each cell the learner's current estimate (or empty when there is no evidence yet).
 */
import { and, eq, inArray } from "drizzle-orm";
import { competencyMastery } from "../personalization/schema.js";
import { learnerIdsOfClass } from "../personalization/relationships.js";
import { competenciesOfFramework } from "../frameworks/repository.js";
import { learnersOfClasses } from "../roster/repository.js";
import { classForInsights } from "./class-access.js";
import type { SignedInCtx } from "../shared/context.js";

export interface MatrixCell {
  probability: number;
  lower: number;
  upper: number;
  status: string;
}

export async function classMasteryMatrix(ctx: SignedInCtx, classId: string) {
  const { actor, db } = ctx;
  const klass = await classForInsights(ctx, classId);
  const learners = (await learnersOfClasses(db, actor.organizationId, [classId])).get(classId) ?? [];
  const competencyList = klass.frameworkId
    ? await competenciesOfFramework(db, actor.organizationId, klass.frameworkId, klass.grade)
    : [];
  const learnerIds = await learnerIdsOfClass(db, actor.organizationId, classId);
  const rows = learnerIds.length
    ? await db
        .select()
        .from(competencyMastery)
        .where(
          and(
            eq(competencyMastery.organizationId, actor.organizationId),
            inArray(competencyMastery.learnerId, learnerIds),
          ),
        )
    : [];
  const cells: Record<string, Record<string, MatrixCell>> = {};
  for (const row of rows) {
    (cells[row.learnerId] ??= {})[row.competencyId] = {
      probability: row.probability,
      lower: row.lower,
      upper: row.upper,
      status: row.status,
    };
  }
  return {
    class: klass,
    learners,
    competencies: competencyList.map((c) => ({
      id: c.id,
      code: c.humanCodingScheme,
      statement: c.statement,
      depth: c.depth,
    })),
    cells,
  };
}
