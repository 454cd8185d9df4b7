/**
 * CASE 1.0 import, from a package file or from a CASE provider's REST API
 * (`…/ims/case/v1p0/CFPackages/{id}`), by an admin or a teacher of the organization (policies.ts).
 *
 * A package whose CFDocument identifier the organization already has is a **new version** of that
 * framework: competencies are matched by their CASE identifier and updated in place — so their ids,
 * and every piece of evidence, mastery estimate and decision attached to them, stay — new ones are
 * added, and those the new version no longer contains are retired (kept, with their evidence, but
 * no longer offered). Prerequisites and related edges that came with the framework are replaced by
 * the new version's; the ones teachers added locally are kept. Every import appends a version row
 * with what changed. All or nothing: a failed import writes nothing.
 *
 * `importCaseFramework` does it in one request (the API); `startFrameworkImport` queues the same
 * steps — `checkCasePackage`, then `writeCaseImport` — as a job whose progress a page can show.
 */
import { and, eq, sql } from "drizzle-orm";
import { CompetencyGraph, CompetencyGraphError } from "@pathwise/engine";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { evidence } from "../evidence/schema.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, forbidden } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { frameworkDraftFromCase, type AssociationReport, type CaseProblem } from "./case-draft.js";
import { assertMayImportFrameworks, mayReplaceFramework } from "./policies.js";
import {
  upsertFramework,
  type FrameworkDraft,
  type SavedFramework,
  type WriteProgress,
} from "./save-framework.js";
import { competencies, frameworks, frameworkVersions } from "./schema.js";

/** A CASE package larger than this is refused (the Smarter Balanced mathematics package is 3.8 MB). */
export const MAX_CASE_PACKAGE_BYTES = 50 * 1024 * 1024;
/** How long a CASE provider may take to answer. */
export const CASE_FETCH_TIMEOUT_MS = 60_000;
/** How many problems of a package that cannot be read are reported (the count covers all). */
export const REPORTED_PROBLEMS = 200;

/** A CASE provider's package address. */
export const CaseProviderUrl = z
  .url({ protocol: /^https?$/, message: "Give the http(s) address of a CASE package." })
  .refine((u) => /\/CFPackages\/[^/]+\/?$/i.test(new URL(u).pathname), {
    message: "The address should end in /ims/case/v1p0/CFPackages/{identifier}.",
  });

export const ImportFrameworkInput = z.union([
  z.object({ package: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ providerUrl: CaseProviderUrl, bearerToken: z.string().min(1).max(4000).optional() }).strict(),
]);

export interface ImportSummary extends SavedFramework {
  /** The version the organization had before, when this was a new version of a framework. */
  previousVersion: string | null;
  /** Problems that did not stop the import, with their JSON paths in the package. */
  warnings: CaseProblem[];
  /** Per association type: found in the package, kept, and left out with the reason. */
  associations: AssociationReport[];
  /** Pieces of learners' evidence on this framework's competencies — all still attached. */
  evidenceKept: number;
}

/** A package read through the CASE codec and checked, ready to write. */
export interface CheckedPackage {
  draft: FrameworkDraft;
  warnings: CaseProblem[];
  associations: AssociationReport[];
}

/** The package from a CASE provider, with the reason in words when it cannot be had. */
export async function fetchCasePackage(
  url: string,
  bearerToken?: string,
  fetchImpl: typeof fetch = fetch,
): Promise<unknown> {
  const fail = (message: string) =>
    new AppError("validation_failed", "The CASE provider could not be read.", [
      { path: "body.providerUrl", message },
    ]);
  let response: Response;
  try {
    response = await fetchImpl(url, {
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

/**
 * Reads a package through the codec and checks it can be imported; otherwise throws
 * `validation_failed` naming each problem by its JSON path, after `prefix` (e.g. `body.package`).
 */
export function checkCasePackage(json: unknown, prefix: string): CheckedPackage {
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const parsed = frameworkDraftFromCase(json);
  if (!parsed.ok)
    throw new AppError(
      "validation_failed",
      "This is not a CASE 1.0 package we can read.",
      parsed.problems.slice(0, REPORTED_PROBLEMS).map((p) => ({ path: at(p.path), message: p.message })),
    );
  const { draft, warnings, associations } = parsed;
  if (draft.competencies.length === 0)
    throw new AppError("validation_failed", "This CASE package has no competencies.", [
      { path: at("CFItems"), message: "The package lists no CFItems." },
    ]);
  assertAcyclic(draft, at("CFAssociations"));
  return { draft, warnings, associations };
}

/**
 * Writes a checked package in the caller's transaction: the framework, a version row with the
 * summary, the audit entry. A new version of a framework classes use is refused (forbidden) to a
 * teacher who teaches none of them.
 */
export async function writeCaseImport(
  tx: Database,
  actor: Actor,
  checked: CheckedPackage,
  now: Date,
  onProgress?: WriteProgress,
): Promise<ImportSummary> {
  const { draft } = checked;
  const [existing] = draft.caseIdentifier
    ? await tx
        .select({ id: frameworks.id, version: frameworks.version })
        .from(frameworks)
        .where(
          and(
            eq(frameworks.organizationId, actor.organizationId),
            eq(frameworks.caseIdentifier, draft.caseIdentifier),
          ),
        )
        .limit(1)
    : [];
  if (existing && !(await mayReplaceFramework(tx, actor, existing.id)))
    throw forbidden(
      "This is a new version of a framework other classes use: an admin, or a teacher of a class using it, can import it.",
    );
  const saved = await upsertFramework(tx, actor.organizationId, draft, now, onProgress);
  const [kept] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(evidence)
    .where(
      and(
        eq(evidence.organizationId, actor.organizationId),
        sql`${evidence.competencyIds} && array(select ${competencies.id} from ${competencies} where ${competencies.frameworkId} = ${saved.frameworkId})`,
      ),
    );
  const summary: ImportSummary = {
    ...saved,
    previousVersion: existing?.version ?? null,
    warnings: checked.warnings,
    associations: checked.associations,
    evidenceKept: kept?.n ?? 0,
  };
  await tx.insert(frameworkVersions).values({
    organizationId: actor.organizationId,
    frameworkId: saved.frameworkId,
    version: draft.version,
    importedBy: actor.userId,
    importedAt: now,
    summary: { ...summary },
  });
  await recordAudit(tx, {
    organizationId: actor.organizationId,
    actorId: actor.userId,
    action: saved.created ? "framework.import" : "framework.reimport",
    subjectType: "framework",
    subjectId: saved.frameworkId,
    details: { version: draft.version, competencies: saved.competencies },
    at: now,
  });
  return summary;
}

/** The whole import in one request: for the API, where the caller waits for the summary. */
export async function importCaseFramework(ctx: SignedInCtx, raw: unknown): Promise<ImportSummary> {
  assertMayImportFrameworks(ctx.actor);
  const input = parseInput(ImportFrameworkInput, raw, "body");
  const json =
    "package" in input ? input.package : await fetchCasePackage(input.providerUrl, input.bearerToken);
  const checked = checkCasePackage(json, "package" in input ? "body.package" : "body.providerUrl");
  return ctx.db.transaction((tx) => writeCaseImport(tx, ctx.actor, checked, ctx.now()));
}

/** A package whose prerequisites form a cycle is refused with the cycle's path. */
function assertAcyclic(draft: FrameworkDraft, path: string): void {
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
      error.problems.map((p) => ({ path, message: p.message })),
    );
  }
}
