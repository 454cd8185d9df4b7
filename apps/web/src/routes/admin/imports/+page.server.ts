import { fail } from "@sveltejs/kit";
import {
  importCaseFramework,
  importOneRoster,
  importOneRosterZip,
  isAppError,
  MAX_CASE_PACKAGE_BYTES,
  MAX_ROSTER_BYTES,
  type ImportSummary,
  type RosterImportSummary,
} from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import { problemOf, type ImportProblem } from "$lib/import-problems.js";
import type { MessageKey } from "$lib/i18n/index.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  await requireRole(locals, "admin");
  return {};
};

function importFailed(cause: unknown, form: "roster" | "case", message: MessageKey) {
  if (!isAppError(cause) || (cause.code !== "validation_failed" && cause.code !== "bad_request")) throw cause;
  return fail(400, {
    importError: {
      form,
      message,
      problems: cause.details.map((d) => problemOf(d.path, d.message)),
    },
  });
}

const noFile = (form: "roster" | "case", message: MessageKey) =>
  fail(400, { importError: { form, message, problems: [] as ImportProblem[] } });

function uploaded(form: FormData, name: string): File[] {
  return form.getAll(name).filter((v): v is File => typeof v !== "string" && v.size > 0);
}

export const actions: Actions = {
  roster: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const files = uploaded(form, "files");
    const importPasswords = form.get("importPasswords") === "on";
    if (files.length === 0) return noFile("roster", "admin.rosterChooseFile");
    if (files.reduce((sum, f) => sum + f.size, 0) > MAX_ROSTER_BYTES)
      return noFile("roster", "admin.rosterTooLarge");
    let summary: RosterImportSummary;
    try {
      const zip = files.find((f) => /\.zip$/i.test(f.name));
      if (zip && files.length === 1) {
        summary = await importOneRosterZip(ctx, new Uint8Array(await zip.arrayBuffer()), { importPasswords });
      } else {
        const csv: Record<string, string> = {};
        for (const file of files) csv[file.name] = await file.text();
        summary = await importOneRoster(ctx, { files: csv, importPasswords });
      }
    } catch (cause) {
      return importFailed(cause, "roster", "admin.rosterFailed");
    }
    return { rosterSummary: summary };
  },
  case: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const [file] = uploaded(form, "package");
    const providerUrl = String(form.get("providerUrl") ?? "").trim();
    let raw: unknown;
    if (file) {
      if (file.size > MAX_CASE_PACKAGE_BYTES) return noFile("case", "admin.caseTooLarge");
      try {
        raw = { package: JSON.parse(await file.text()) as unknown };
      } catch {
        return noFile("case", "admin.caseNotJson");
      }
    } else if (providerUrl) {
      raw = { providerUrl };
    } else {
      return noFile("case", "admin.caseChooseSource");
    }
    let summary: ImportSummary;
    try {
      summary = await importCaseFramework(ctx, raw);
    } catch (cause) {
      return importFailed(cause, "case", "admin.caseFailed");
    }
    return { caseSummary: summary };
  },
};
