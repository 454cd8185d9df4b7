/**
 * The frameworks of the teacher's organization, to browse; and a CASE import (a package file, or a
 * CASE provider's address) that starts a job and sends the teacher to follow its progress.
 */
import { fail, redirect } from "@sveltejs/kit";
import {
  isAppError,
  listFrameworks,
  MAX_CASE_PACKAGE_BYTES,
  mayImportFrameworks,
  startFrameworkImport,
} from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "teacher");
  const frameworks = await listFrameworks(ctx).catch(pageErrorFrom);
  return {
    mayImport: mayImportFrameworks(ctx.actor),
    frameworks: frameworks.map((f) => ({
      id: f.id,
      title: f.title,
      publisher: f.publisher,
      version: f.version,
      competencies: f.competencies,
    })),
  };
};

/** A refused import: what is wrong in the reader's language, and core's details (with where) as given. */
const refused = (
  message: MessageKey,
  providerUrl: string,
  details: { path: string; message: string }[] = [],
) => fail(400, { importError: { message, providerUrl, details } });

export const actions: Actions = {
  import: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const file = form.get("package");
    const providerUrl = String(form.get("providerUrl") ?? "").trim();
    let input: unknown;
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_CASE_PACKAGE_BYTES) return refused("frameworkImport.tooLarge", providerUrl);
      try {
        input = { package: JSON.parse(await file.text()) as unknown, fileName: file.name || "package.json" };
      } catch (cause) {
        // The parser says where: "Unexpected token … at position 1234".
        return refused("frameworkImport.notJson", providerUrl, [
          { path: file.name, message: (cause as Error).message },
        ]);
      }
    } else if (providerUrl) {
      input = { providerUrl };
    } else {
      return refused("frameworkImport.chooseSource", providerUrl);
    }
    let jobId: string;
    try {
      jobId = (await startFrameworkImport(ctx, input)).id;
    } catch (cause) {
      if (!isAppError(cause) || cause.code !== "validation_failed") throw cause;
      const aboutUrl = cause.details.some((d) => d.path === "body.providerUrl");
      return refused(
        aboutUrl ? "frameworkImport.badUrl" : "frameworkImport.notPackage",
        providerUrl,
        cause.details.map((d) => ({ path: d.path.replace(/^body\.(package\.?)?/, ""), message: d.message })),
      );
    }
    redirect(303, `/teacher/frameworks/imports/${jobId}`);
  },
};
