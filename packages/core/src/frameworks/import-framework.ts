/**
 * CASE 1.0 import, from a package file or from a CASE provider's REST API
 * (`…/ims/case/v1p0/CFPackages/{id}`), by an admin of the organization.
 *
 * A package whose CFDocument identifier the organization already has is a **new version** of that
 * framework: competencies are matched by their CASE identifier and updated in place — so their ids,
 * and every piece of evidence, mastery estimate and decision attached to them, stay — new ones are
 * added, and those the new version no longer contains are retired (kept, with their evidence, but
 * no longer offered). Prerequisites and related edges that came with the framework are replaced by
 * the new version's; the ones teachers added locally are kept. Every import appends a version row
 * with what changed. All or nothing: a failed import writes nothing.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { CompetencyGraph, CompetencyGraphError } from "@pathwise/engine";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { frameworkDraftFromCase } from "./case-draft.js";
import type { FrameworkDraft } from "./save-framework.js";
import { competencies, competencyAliases, competencyEdges, frameworks, frameworkVersions } from "./schema.js";

/** A CASE package larger than this is refused (the Smarter Balanced mathematics package is 3.8 MB). */
export const MAX_CASE_PACKAGE_BYTES = 50 * 1024 * 1024;
/** How long a CASE provider may take to answer. */
export const CASE_FETCH_TIMEOUT_MS = 60_000;

export const ImportFrameworkInput = z.union([
  z.object({ package: z.record(z.string(), z.unknown()) }).strict(),
  z
    .object({
      providerUrl: z
        .url({ protocol: /^https?$/, message: "Give the http(s) address of a CASE package." })
        .refine((u) => /\/CFPackages\/[^/]+\/?$/i.test(new URL(u).pathname), {
          message: "The address should end in /ims/case/v1p0/CFPackages/{identifier}.",
        }),
      bearerToken: z.string().min(1).max(4000).optional(),
    })
    .strict(),
]);

export interface ImportSummary {
  frameworkId: string;
  title: string;
  version: string;
  /** True when this import created the framework, false when it was a new version of one we had. */
  created: boolean;
  competencies: { added: number; updated: number; unchanged: number; retired: number; restored: number };
  prerequisites: number;
  related: number;
  exactMatches: number;
  warnings: string[];
}

function isAdmin(ctx: SignedInCtx): boolean {
  return ctx.actor.roles.includes("admin");
}

/** The package from a CASE provider, with the reason in words when it cannot be had. */
export async function fetchCasePackage(url: string, bearerToken?: string): Promise<unknown> {
  const fail = (message: string) =>
    new AppError("validation_failed", "The CASE provider could not be read.", [
      { path: "body.providerUrl", message },
    ]);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        accept: "application/json",
        ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}),
      },
      signal: AbortSignal.timeout(CASE_FETCH_TIMEOUT_MS),
      redirect: "follow",
    });
  } catch (error) {
    throw fail(`The provider did not answer: ${(error as Error).message}.`);
  }
  if (!response.ok) throw fail(`The provider answered ${response.status} ${response.statusText}.`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_CASE_PACKAGE_BYTES) throw fail("The package is larger than 50 MB.");
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_CASE_PACKAGE_BYTES) throw fail("The package is larger than 50 MB.");
  try {
    return JSON.parse(text);
  } catch {
    throw fail("The provider did not send JSON.");
  }
}

export async function importCaseFramework(ctx: SignedInCtx, raw: unknown): Promise<ImportSummary> {
  if (!isAdmin(ctx)) throw forbidden();
  const input = parseInput(ImportFrameworkInput, raw, "body");
  const json =
    "package" in input ? input.package : await fetchCasePackage(input.providerUrl, input.bearerToken);
  const parsed = frameworkDraftFromCase(json);
  if (!parsed.ok)
    throw new AppError("validation_failed", "This is not a CASE 1.0 package we can read.", [
      { path: "package" in input ? "body.package" : "body.providerUrl", message: parsed.message },
    ]);
  const { draft, warnings } = parsed;
  if (draft.competencies.length === 0)
    throw new AppError("validation_failed", "This CASE package has no competencies.", [
      { path: "body.package.CFItems", message: "The package lists no CFItems." },
    ]);
  assertAcyclic(draft);
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const summary = await upsertFramework(tx, actor.organizationId, draft, ctx.now());
    const result = { ...summary, warnings };
    await tx.insert(frameworkVersions).values({
      organizationId: actor.organizationId,
      frameworkId: summary.frameworkId,
      version: draft.version,
      importedBy: actor.userId,
      importedAt: ctx.now(),
      summary: { ...result },
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: summary.created ? "framework.import" : "framework.reimport",
      subjectType: "framework",
      subjectId: summary.frameworkId,
      details: { version: draft.version, competencies: summary.competencies },
      at: ctx.now(),
    });
    return result;
  });
}

/** A package whose prerequisites form a cycle is refused with the cycle's path. */
function assertAcyclic(draft: FrameworkDraft): void {
  const known = new Set(draft.competencies.map((c) => c.caseIdentifier));
  try {
    CompetencyGraph.build({
      competencies: draft.competencies.map((c) => ({ id: c.caseIdentifier })),
      prerequisites: draft.prerequisites
        .filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to)
        .map((e) => ({ prerequisiteId: e.from, dependentId: e.to })),
    });
  } catch (error) {
    if (!(error instanceof CompetencyGraphError)) throw error;
    throw new AppError(
      "validation_failed",
      "The package's prerequisites (precedes associations) are not consistent.",
      error.problems.map((p) => ({ path: "body.package.CFAssociations", message: p.message })),
    );
  }
}

type CompetencyRow = typeof competencies.$inferSelect;

const CHUNK = 500;
async function chunked<T>(rows: T[], run: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

async function upsertFramework(
  tx: Database,
  organizationId: string,
  draft: FrameworkDraft,
  now: Date,
): Promise<Omit<ImportSummary, "warnings">> {
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
  const toInsert: typeof wanted = [];
  for (const row of wanted) {
    const before = current.find((c) => c.id === row.id);
    if (!before) {
      toInsert.push(row);
      counts.added++;
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
    else if (changed) counts.updated++;
    else counts.unchanged++;
    // A new place in the order alone is not a change worth counting, but it is applied.
    if (changed || before.retiredAt || before.position !== row.position) {
      const { id, ...fields } = row;
      await tx.update(competencies).set(fields).where(eq(competencies.id, id));
    }
  }
  await chunked(toInsert, (chunk) => tx.insert(competencies).values(chunk));

  // Gone from the new version: retired, evidence kept. Local competencies (no CASE id) stay as they are.
  const keep = new Set(wanted.map((w) => w.id));
  const gone = current.filter((c) => c.caseIdentifier && !keep.has(c.id) && !c.retiredAt).map((c) => c.id);
  counts.retired = gone.length;
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

  return {
    frameworkId,
    title: draft.title,
    version: draft.version,
    created: !existing,
    competencies: counts,
    prerequisites: prerequisites.length,
    related: related.length,
    exactMatches: aliases.length,
  };
}
