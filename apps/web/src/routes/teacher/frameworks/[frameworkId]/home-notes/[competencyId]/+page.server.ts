/**
 * Write a competency's at-home note: what families can do at home while their child works on it.
 * One form per school the teacher writes for (usually one); each save names the version it edited.
 */
import { error, redirect } from "@sveltejs/kit";
import { getHomeNote, listHomeNotesToEdit, MAX_HOME_NOTE_LENGTH, setHomeNote } from "@pathwise/core";
import { fieldsOf, isStale, staleEditFrom } from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

/** The languages a note can be marked as: those Pathwise speaks, and whatever a note already uses. */
const NOTE_LANGUAGES = ["en", "es"];

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const frameworkId = idOrNotFound(params.frameworkId);
  const { framework, competency, schools } = await listHomeNotesToEdit(
    ctx,
    idOrNotFound(params.competencyId),
  ).catch(pageErrorFrom);
  // The competency's own framework is in the address; any other framework names nothing here.
  if (framework.id !== frameworkId) error(404, { message: "not_found", code: "not_found" });
  return {
    framework: { id: framework.id, title: framework.title },
    competency: { id: competency.id, code: competency.code, statement: competency.statement },
    maxLength: MAX_HOME_NOTE_LENGTH,
    saved: url.searchParams.get("saved"),
    schools: schools.map(({ school, note }) => ({
      id: school.id,
      name: school.name,
      languages: [...new Set([...NOTE_LANGUAGES, note.language])],
      fields: { body: note.body, language: note.language, version: String(note.version) },
      updatedBy: note.updatedBy ? `${note.updatedBy.givenName} ${note.updatedBy.familyName}` : null,
      updatedAt: note.updatedAt,
      version: note.version,
    })),
  };
};

const MESSAGES = { body: "homeNotes.bodyProblem", language: "homeNotes.languageProblem" } as const;

export const actions: Actions = {
  default: async ({ locals, params, request, url }) => {
    const ctx = await requireRole(locals, "teacher");
    const competencyId = idOrNotFound(params.competencyId);
    const fields = fieldsOf(await request.formData());
    const schoolId = idOrNotFound(fields.schoolId ?? "");
    const version = fields.version ? Number(fields.version) : undefined;
    const input = { body: fields.body ?? "", language: fields.language || undefined };
    let cleared: boolean;
    try {
      cleared = (await setHomeNote(ctx, schoolId, competencyId, input, version)).body === "";
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getHomeNote(ctx, schoolId, competencyId);
        return staleEditFrom("home-note", fields, {
          version: theirs.version,
          updatedAt: (theirs.updatedAt ?? new Date(0)).toISOString(),
          summary: theirs.body,
        });
      }
      return failFrom(cause, "home-note", schoolId, fields, MESSAGES, "homeNotes.failed");
    }
    redirect(303, `${url.pathname}?saved=${cleared ? "cleared" : "saved"}`);
  },
};
