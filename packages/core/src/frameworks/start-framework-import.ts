/**
 * Queues a CASE import as a job (run-framework-imports.ts does the work): the package a person
 * uploaded, or a CASE provider's address. Answers the job's id at once, so the page can follow its
 * progress instead of waiting on one long request.
 */
import { z } from "zod";
import type { SignedInCtx } from "../shared/context.js";
import { parseInput } from "../shared/validate.js";
import { CaseProviderUrl } from "./import-framework.js";
import { assertMayImportFrameworks } from "./policies.js";
import { frameworkImports } from "./schema.js";

export const StartFrameworkImportInput = z.union([
  z
    .object({
      package: z.record(z.string(), z.unknown()),
      fileName: z.string().trim().min(1).max(300),
    })
    .strict(),
  z.object({ providerUrl: CaseProviderUrl }).strict(),
]);

export async function startFrameworkImport(ctx: SignedInCtx, raw: unknown): Promise<{ id: string }> {
  assertMayImportFrameworks(ctx.actor);
  const input = parseInput(StartFrameworkImportInput, raw, "body");
  const [row] = await ctx.db
    .insert(frameworkImports)
    .values({
      organizationId: ctx.actor.organizationId,
      requestedBy: ctx.actor.userId,
      sourceName: "package" in input ? input.fileName : input.providerUrl,
      package: "package" in input ? input.package : null,
      providerUrl: "package" in input ? null : input.providerUrl,
      createdAt: ctx.now(),
    })
    .returning({ id: frameworkImports.id });
  return { id: row!.id };
}
