/** Framework and competency queries, scoped to one organization. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { competencies, frameworks } from "./schema.js";

export interface CompetencySummary {
  id: string;
  humanCodingScheme: string | null;
  statement: string;
  itemType: string | null;
  parentId: string | null;
  depth: number;
}

export async function findFramework(db: Database, organizationId: string, frameworkId: string) {
  const rows = await db
    .select({
      id: frameworks.id,
      title: frameworks.title,
      publisher: frameworks.publisher,
      version: frameworks.version,
    })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, frameworkId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Competencies of a framework in tree order; with `grade`, only those for that education level. */
export async function competenciesOfFramework(
  db: Database,
  organizationId: string,
  frameworkId: string,
  grade: string | null,
): Promise<CompetencySummary[]> {
  return db
    .select({
      id: competencies.id,
      humanCodingScheme: competencies.humanCodingScheme,
      statement: competencies.statement,
      itemType: competencies.itemType,
      parentId: competencies.parentId,
      depth: competencies.depth,
    })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, organizationId),
        eq(competencies.frameworkId, frameworkId),
        isNull(competencies.retiredAt),
        grade ? sql`${grade} = any(${competencies.educationLevels})` : undefined,
      ),
    )
    .orderBy(asc(competencies.position));
}
