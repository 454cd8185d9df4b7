/** Framework and competency queries, scoped to one organization. */
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
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

/** A competency as another system names it: its CASE identifier, or its human coding scheme. */
export interface CompetencyReference {
  by: "caseIdentifier" | "code";
  value: string;
}

/**
 * The current competency each reference names, or why there is none: no competency of the
 * organization has it, or several do (a code may repeat across frameworks).
 */
export async function resolveCompetencyReferences(
  db: Database,
  organizationId: string,
  references: readonly CompetencyReference[],
): Promise<({ id: string } | { problem: string })[]> {
  if (references.length === 0) return [];
  const valuesOf = (by: CompetencyReference["by"]) => {
    const values = references.filter((r) => r.by === by).map((r) => r.value);
    return values.length > 0 ? values : [""];
  };
  const found = await db
    .select({
      id: competencies.id,
      caseIdentifier: competencies.caseIdentifier,
      code: competencies.humanCodingScheme,
    })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, organizationId),
        isNull(competencies.retiredAt),
        or(
          inArray(competencies.caseIdentifier, valuesOf("caseIdentifier")),
          inArray(competencies.humanCodingScheme, valuesOf("code")),
        ),
      ),
    );
  return references.map((reference) => {
    const matches = found.filter((c) =>
      reference.by === "caseIdentifier" ? c.caseIdentifier === reference.value : c.code === reference.value,
    );
    if (matches.length === 1) return { id: matches[0]!.id };
    return {
      problem:
        matches.length === 0
          ? `no current competency of your organization has ${reference.by} "${reference.value}"`
          : `${matches.length} competencies have ${reference.by} "${reference.value}"; name one by its caseIdentifier`,
    };
  });
}
