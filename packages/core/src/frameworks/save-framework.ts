/**
 * Store a framework read from a standard (CASE today): the competencies in tree order, their
 * prerequisite and related edges, and the external codes they match exactly. A framework the
 * organization already has (same CASE document identifier) is updated in place as a new version:
 * competencies matched by CASE identifier keep their ids — and so their evidence — new ones are
 * added, missing ones retired, the publisher's edges replaced and teachers' local ones kept.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
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

type CompetencyRow = typeof competencies.$inferSelect;

const CHUNK = 500;
async function chunked<T>(rows: T[], run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

/** A competency named in an import's list of changes. */
export interface ChangedCompetency {
  code: string | null;
  statement: string;
}

/** How many competencies a summary names one by one per kind of change; the counts cover all. */
export const LISTED_CHANGES = 100;

export interface SavedFramework {
  frameworkId: string;
  title: string;
  version: string;
  /** True when this created the framework, false when it was a new version of one we had. */
  created: boolean;
  competencies: { added: number; updated: number; unchanged: number; retired: number; restored: number };
  prerequisites: number;
  related: number;
  exactMatches: number;
  /** The first LISTED_CHANGES of each kind, in framework order (updated ones with their old statement). */
  changes: {
    added: ChangedCompetency[];
    updated: (ChangedCompetency & { previousStatement: string })[];
    retired: ChangedCompetency[];
  };
}

/** Told how many of the draft's competencies have been written so far. */
export type WriteProgress = (written: number, total: number) => Promise<void>;
/** How many competencies are written between two progress reports. */
const PROGRESS_EVERY = 50;

/** Create or update (see above) in the caller's transaction. */
export async function upsertFramework(
  tx: Database,
  organizationId: string,
  draft: FrameworkDraft,
  now: Date,
  onProgress?: WriteProgress,
): Promise<SavedFramework> {
  const [existing] = draft.caseIdentifier
    ? await tx
        .select()
        .from(frameworks)
        .where(
          and(
            eq(frameworks.organizationId, organizationId),
            eq(frameworks.caseIdentifier, draft.caseIdentifier),
          ),
        )
        .for("update")
        .limit(1)
    : [];
  let frameworkId: string;
  if (existing) {
    frameworkId = existing.id;
    await tx
      .update(frameworks)
      .set({
        title: draft.title,
        publisher: draft.publisher,
        caseUri: draft.caseUri,
        version: draft.version,
        importedAt: now,
      })
      .where(eq(frameworks.id, frameworkId));
  } else {
    const [row] = await tx
      .insert(frameworks)
      .values({
        organizationId,
        title: draft.title,
        publisher: draft.publisher,
        caseIdentifier: draft.caseIdentifier,
        caseUri: draft.caseUri,
        version: draft.version,
        importedAt: now,
      })
      .returning({ id: frameworks.id });
    frameworkId = row!.id;
  }

  const current: CompetencyRow[] = existing
    ? await tx.select().from(competencies).where(eq(competencies.frameworkId, frameworkId))
    : [];
  const byCase = new Map(current.flatMap((c) => (c.caseIdentifier ? [[c.caseIdentifier, c] as const] : [])));
  const ids = new Map(
    draft.competencies.map((c) => [
      c.caseIdentifier,
      byCase.get(c.caseIdentifier)?.id ?? crypto.randomUUID(),
    ]),
  );

  // Tree order: parents before children, siblings in the package's order.
  const children = new Map<string | null, FrameworkDraft["competencies"]>();
  for (const c of draft.competencies) {
    const parent = c.parentCaseIdentifier && ids.has(c.parentCaseIdentifier) ? c.parentCaseIdentifier : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const wanted: (typeof competencies.$inferInsert & { id: string })[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      wanted.push({
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
        position: wanted.length,
        depth,
        retiredAt: null,
      });
      visit(c.caseIdentifier, depth + 1);
    }
  };
  visit(null, 0);

  const counts = { added: 0, updated: 0, unchanged: 0, retired: 0, restored: 0 };
  const changes: SavedFramework["changes"] = { added: [], updated: [], retired: [] };
  const listed = <T>(list: T[], entry: T) => {
    if (list.length < LISTED_CHANGES) list.push(entry);
  };
  const currentById = new Map(current.map((c) => [c.id, c]));
  const toInsert: typeof wanted = [];
  for (const [index, row] of wanted.entries()) {
    if (onProgress && index > 0 && index % PROGRESS_EVERY === 0) await onProgress(index, wanted.length);
    const before = currentById.get(row.id);
    if (!before) {
      toInsert.push(row);
      counts.added++;
      listed(changes.added, { code: row.humanCodingScheme ?? null, statement: row.statement });
      continue;
    }
    const changed =
      before.statement !== row.statement ||
      before.humanCodingScheme !== row.humanCodingScheme ||
      before.abbreviatedStatement !== row.abbreviatedStatement ||
      before.itemType !== row.itemType ||
      before.parentId !== row.parentId ||
      before.depth !== row.depth ||
      before.educationLevels.join("|") !== (row.educationLevels ?? []).join("|");
    if (before.retiredAt) counts.restored++;
    else if (changed) {
      counts.updated++;
      listed(changes.updated, {
        code: row.humanCodingScheme ?? null,
        statement: row.statement,
        previousStatement: before.statement,
      });
    } else counts.unchanged++;
    // A new place in the order alone is not a change worth counting, but it is applied.
    if (changed || before.retiredAt || before.position !== row.position) {
      const { id, ...fields } = row;
      await tx.update(competencies).set(fields).where(eq(competencies.id, id));
    }
  }
  await chunked(toInsert, (chunk) => tx.insert(competencies).values(chunk));

  // Gone from the new version: retired, evidence kept. Local competencies (no CASE id) stay as they are.
  const keep = new Set(wanted.map((w) => w.id));
  const goneRows = current.filter((c) => c.caseIdentifier && !keep.has(c.id) && !c.retiredAt);
  const gone = goneRows.map((c) => c.id);
  counts.retired = gone.length;
  for (const c of goneRows.sort((a, b) => a.position - b.position))
    listed(changes.retired, { code: c.humanCodingScheme, statement: c.statement });
  await chunked(gone, (chunk) =>
    tx.update(competencies).set({ retiredAt: now }).where(inArray(competencies.id, chunk)),
  );
  // Local competencies follow the framework's own, in their previous order.
  const locals = current.filter((c) => !c.caseIdentifier).sort((a, b) => a.position - b.position);
  for (const [i, local] of locals.entries())
    await tx
      .update(competencies)
      .set({ position: wanted.length + i })
      .where(eq(competencies.id, local.id));

  // The publisher's edges are replaced; the ones teachers added are kept.
  if (existing)
    await tx
      .delete(competencyEdges)
      .where(and(eq(competencyEdges.frameworkId, frameworkId), isNull(competencyEdges.createdBy)));
  const edge = (kind: "prerequisite" | "related") => (e: { from: string; to: string }) => {
    const fromId = ids.get(e.from);
    const toId = ids.get(e.to);
    return fromId && toId && fromId !== toId ? [{ organizationId, frameworkId, fromId, toId, kind }] : [];
  };
  const prerequisites = draft.prerequisites.flatMap(edge("prerequisite"));
  const related = draft.related.flatMap(edge("related"));
  await chunked([...prerequisites, ...related], (chunk) =>
    tx.insert(competencyEdges).values(chunk).onConflictDoNothing(),
  );

  const caseIds = [...ids.values()];
  if (existing)
    await chunked(caseIds, (chunk) =>
      tx.delete(competencyAliases).where(inArray(competencyAliases.competencyId, chunk)),
    );
  const aliases = draft.exactMatches.flatMap((m) => {
    const competencyId = ids.get(m.caseIdentifier);
    return competencyId ? [{ organizationId, competencyId, code: m.code, uri: m.uri }] : [];
  });
  await chunked(aliases, (chunk) => tx.insert(competencyAliases).values(chunk).onConflictDoNothing());
  await onProgress?.(wanted.length, wanted.length);

  return {
    frameworkId,
    title: draft.title,
    version: draft.version,
    created: !existing,
    competencies: counts,
    prerequisites: prerequisites.length,
    related: related.length,
    exactMatches: aliases.length,
    changes,
  };
}

/** Create or update a framework in its own transaction; answers its id. */
export async function saveFramework(
  db: Database,
  organizationId: string,
  draft: FrameworkDraft,
  now: Date = new Date(),
): Promise<string> {
  return db.transaction(async (tx) => (await upsertFramework(tx, organizationId, draft, now)).frameworkId);
}
