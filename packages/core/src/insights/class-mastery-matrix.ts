/**
 * The class mastery matrix: learners × the competencies of the class's framework at its grade,
 * each cell the learner's current estimate (or empty when there is no evidence yet).
 */
import { and, eq } from "drizzle-orm";
import { competencyMastery } from "../personalization/schema.js";
import { competenciesOfFramework } from "../frameworks/repository.js";
import { learnersOfClasses } from "../roster/repository.js";
import { enrollments } from "../roster/schema.js";
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
  // Learners, competencies and estimates are independent reads: ask for them together.
  const [learners, competencyList, rows] = await Promise.all([
    learnersOfClasses(db, actor.organizationId, [classId]).then((m) => m.get(classId) ?? []),
    klass.frameworkId
      ? competenciesOfFramework(db, actor.organizationId, klass.frameworkId, klass.grade)
      : Promise.resolve([]),
    db
      .select({
        learnerId: competencyMastery.learnerId,
        competencyId: competencyMastery.competencyId,
        probability: competencyMastery.probability,
        lower: competencyMastery.lower,
        upper: competencyMastery.upper,
        status: competencyMastery.status,
      })
      .from(competencyMastery)
      .innerJoin(
        enrollments,
        and(
          eq(enrollments.userId, competencyMastery.learnerId),
          eq(enrollments.classId, classId),
          eq(enrollments.role, "learner"),
        ),
      )
      .where(eq(competencyMastery.organizationId, actor.organizationId)),
  ]);
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
