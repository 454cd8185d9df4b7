/**
 * Store a framework read from a standard (CASE today): the competencies in tree order, their
 * prerequisite and related edges, and the external codes they match exactly. All or nothing.
 */
import type { Database } from "../db/open-database.js";
import { competencies, competencyAliases, competencyEdges, frameworks } from "./schema.js";

export interface FrameworkDraft {
  title: string;
  publisher: string | null;
  caseIdentifier: string | null;
  caseUri: string | null;
  version: string;
  competencies: {
    caseIdentifier: string;
    humanCodingScheme: string | null;
    statement: string;
    abbreviatedStatement: string | null;
    itemType: string | null;
    educationLevels: string[];
    parentCaseIdentifier: string | null;
  }[];
  /** `from` must be learned before `to` (CASE "precedes"). */
  prerequisites: { from: string; to: string }[];
  related: { from: string; to: string }[];
  exactMatches: { caseIdentifier: string; code: string; uri: string | null }[];
}

/** Rows per INSERT statement, well under PostgreSQL's 65,535 bind-parameter limit. */
const INSERT_CHUNK = 500;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

export async function saveFramework(
  db: Database,
  organizationId: string,
  draft: FrameworkDraft,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [framework] = await tx
      .insert(frameworks)
      .values({
        organizationId,
        title: draft.title,
        publisher: draft.publisher,
        caseIdentifier: draft.caseIdentifier,
        caseUri: draft.caseUri,
        version: draft.version,
      })
      .returning({ id: frameworks.id });
    const frameworkId = framework!.id;

    const ids = new Map(draft.competencies.map((c) => [c.caseIdentifier, crypto.randomUUID()]));
    const children = new Map<string | null, typeof draft.competencies>();
    for (const c of draft.competencies) {
      const parent =
        c.parentCaseIdentifier && ids.has(c.parentCaseIdentifier) ? c.parentCaseIdentifier : null;
      children.set(parent, [...(children.get(parent) ?? []), c]);
    }
    const rows: (typeof competencies.$inferInsert)[] = [];
    const visit = (parent: string | null, depth: number) => {
      for (const c of children.get(parent) ?? []) {
        rows.push({
          id: ids.get(c.caseIdentifier)!,
          organizationId,
          frameworkId,
          caseIdentifier: c.caseIdentifier,
          humanCodingScheme: c.humanCodingScheme,
          statement: c.statement,
          abbreviatedStatement: c.abbreviatedStatement,
          itemType: c.itemType,
          educationLevels: c.educationLevels,
          parentId: parent ? ids.get(parent)! : null,
          position: rows.length,
          depth,
        });
        visit(c.caseIdentifier, depth + 1);
      }
    };
    visit(null, 0);
    await insertChunked(rows, (chunk) => tx.insert(competencies).values(chunk));

    const edge = (kind: "prerequisite" | "related") => (e: { from: string; to: string }) => {
      const fromId = ids.get(e.from);
      const toId = ids.get(e.to);
      return fromId && toId && fromId !== toId ? [{ organizationId, frameworkId, fromId, toId, kind }] : [];
    };
    const edges = [
      ...draft.prerequisites.flatMap(edge("prerequisite")),
      ...draft.related.flatMap(edge("related")),
    ];
    await insertChunked(edges, (chunk) => tx.insert(competencyEdges).values(chunk).onConflictDoNothing());

    const aliases = draft.exactMatches.flatMap((m) => {
      const competencyId = ids.get(m.caseIdentifier);
      return competencyId ? [{ organizationId, competencyId, code: m.code, uri: m.uri }] : [];
    });
    await insertChunked(aliases, (chunk) => tx.insert(competencyAliases).values(chunk).onConflictDoNothing());
    return frameworkId;
  });
}
