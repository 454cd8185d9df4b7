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
import { CompetencyGraph, CompetencyGraphError } from "@pathwise/engine";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertAdmin } from "../shared/admin.js";
import { frameworkDraftFromCase } from "./case-draft.js";
import { upsertFramework, type FrameworkDraft, type SavedFramework } from "./save-framework.js";
import { frameworkVersions } from "./schema.js";

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

export interface ImportSummary extends SavedFramework {
  warnings: string[];
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
  assertAdmin(ctx);
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
