/**
 * The class mastery matrix: learners × the competencies of the class's framework at its grade,
 * each cell the learner's current estimate (or empty when there is no evidence yet).
 *
 * A learner's cells are a list aligned with `competencies` (cell `i` is competency `i`), not a map
 * keyed by competency id: a class of 35 holds twenty thousand cells, and the ids repeated in each
 * of them made the answer twice its size.
 */
import { sql } from "drizzle-orm";
import { uuidArray } from "../personalization/loop-inputs.js";
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

interface MasteryRow {
  learner_id: string;
  competency_id: string;
  probability: number;
  lower: number;
  upper: number;
  status: string;
}

export async function classMasteryMatrix(ctx: SignedInCtx, classId: string) {
  const { actor, db } = ctx;
  const klass = await classForInsights(ctx, classId);
  // Learners and competencies are independent reads: ask for them together. The estimates are read
  // by the learners' ids (the primary key's prefix), not by joining the enrollments: PostgreSQL would
  // otherwise scan every estimate of the organization for one class (21 ms against 2.4 ms for 35
  // learners among 1,000).
  const [learners, competencyList] = await Promise.all([
    learnersOfClasses(db, actor.organizationId, [classId]).then((m) => m.get(classId) ?? []),
    klass.frameworkId
      ? competenciesOfFramework(db, actor.organizationId, klass.frameworkId, klass.grade)
      : Promise.resolve([]),
  ]);
  // Read as plain rows (no per-field mapping): a class's matrix is thousands of estimates.
  const rows =
    learners.length === 0
      ? []
      : (
          (await db.execute(sql`
            select learner_id, competency_id, probability, lower, upper, status from competency_mastery
             where organization_id = ${actor.organizationId}
               and learner_id = any(${uuidArray(learners.map((l) => l.id))})`)) as unknown as {
            rows: MasteryRow[];
          }
        ).rows;
  const columnOf = new Map(competencyList.map((c, i) => [c.id, i]));
  // Only learners with an estimate in one of the matrix's competencies get a row.
  const cells: Record<string, (MatrixCell | null)[]> = {};
  for (const row of rows) {
    const column = columnOf.get(row.competency_id);
    if (column === undefined) continue; // a competency of another framework or grade
    const { probability, lower, upper, status } = row;
    (cells[row.learner_id] ??= new Array<MatrixCell | null>(competencyList.length).fill(null))[column] = {
      probability,
      lower,
      upper,
      status,
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
