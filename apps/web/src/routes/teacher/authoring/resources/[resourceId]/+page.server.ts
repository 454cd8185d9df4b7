/**
 * Make or edit a resource: a link, a text or an uploaded file (a multipart form), tagged with
 * competencies, level, modality and interests. Core checks the file's kind and size; a refused file
 * comes back as a message naming what is accepted.
 */
import { redirect } from "@sveltejs/kit";
import {
  createResource,
  getResource,
  isAppError,
  MAX_RESOURCE_FILE_BYTES,
  RESOURCE_FILE_TYPES,
  resourceFileTypeOf,
  updateResource,
} from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";
import {
  competencyOptions,
  fieldsOf,
  formProblem,
  isStale,
  MODALITIES,
  staleEditFrom,
} from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const competencies = await competencyOptions(ctx).catch(pageErrorFrom);
  const base = {
    competencies,
    modalities: MODALITIES,
    upload: {
      maxBytes: MAX_RESOURCE_FILE_BYTES,
      accept: [
        ...Object.keys(RESOURCE_FILE_TYPES),
        ...Object.values(RESOURCE_FILE_TYPES).flatMap((endings) => endings.map((e) => `.${e}`)),
      ].join(","),
      endings: [...new Set(Object.values(RESOURCE_FILE_TYPES).flat())].join(", "),
    },
  };
  if (params.resourceId === "new")
    return {
      ...base,
      isNew: true,
      kind: "link",
      file: null,
      fields: {
        kind: "link",
        level: "at",
        language: "en",
        expectedMinutes: "10",
        modality: "video",
      } as Record<string, string>,
    };
  const r = await getResource(ctx, idOrNotFound(params.resourceId)).catch(pageErrorFrom);
  return {
    ...base,
    isNew: false,
    kind: r.kind,
    file: r.file ? { ...r.file, href: `/resources/${r.id}/file` } : null,
    fields: {
      kind: r.kind,
      title: r.title,
      url: r.url ?? "",
      body: r.body ?? "",
      competencyIds: r.competencyIds.join(","),
      level: r.level,
      modality: r.modality,
      interests: r.interests.join(", "),
      language: r.language,
      expectedMinutes: String(r.expectedMinutes),
      version: String(r.version),
    } as Record<string, string>,
  };
};

/** What was wrong with the uploaded file, from where core found it. */
function fileProblemOf(cause: unknown): MessageKey | null {
  if (!isAppError(cause)) return null;
  const at = cause.details[0]?.path ?? "";
  if (at === "body.file.contentType") return "authoring.resource.fileType";
  if (at === "body.file.base64") return "authoring.resource.fileTooLarge";
  if (at.startsWith("body.file")) return "authoring.resource.fileMissing";
  return null;
}

/** The chosen file as core takes it; nothing when the teacher chose none. */
async function uploadOf(form: FormData) {
  const chosen = form.get("file");
  if (!(chosen instanceof File) || (chosen.size === 0 && chosen.name === "")) return undefined;
  return {
    name: chosen.name,
    contentType: resourceFileTypeOf(chosen.name, chosen.type),
    base64: Buffer.from(await chosen.arrayBuffer()).toString("base64"),
  };
}

const MESSAGES = {
  title: "authoring.titleProblem",
  url: "authoring.resource.urlProblem",
  body: "authoring.resource.bodyProblem",
  competencyIds: "authoring.competencyProblem",
  expectedMinutes: "authoring.minutesProblem",
  language: "authoring.languageProblem",
} as const;

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const fields = fieldsOf(form);
    const kind = fields.kind === "text" ? "text" : fields.kind === "file" ? "file" : "link";
    const file = kind === "file" ? await uploadOf(form) : undefined;
    const common = {
      title: (fields.title ?? "").trim(),
      ...(kind === "link"
        ? { url: (fields.url ?? "").trim() }
        : kind === "text"
          ? { body: (fields.body ?? "").trim() }
          : file
            ? { file }
            : {}),
      competencyIds: (fields.competencyIds ?? "").split(",").filter(Boolean),
      level: fields.level,
      modality: fields.modality,
      interests: (fields.interests ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      language: (fields.language ?? "").trim() || "en",
      expectedMinutes: Number(fields.expectedMinutes),
    };
    try {
      if (params.resourceId === "new") await createResource(ctx, { ...common, kind });
      else
        await updateResource(
          ctx,
          idOrNotFound(params.resourceId),
          common,
          Number(fields.version) || undefined,
        );
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getResource(ctx, params.resourceId);
        return staleEditFrom("resource", fields, {
          version: theirs.version,
          updatedAt: theirs.updatedAt.toISOString(),
          summary: theirs.title,
        });
      }
      const fileProblem = fileProblemOf(cause);
      if (fileProblem) return formProblem("resource", "file", fileProblem, fields);
      return failFrom(cause, "resource", null, fields, MESSAGES, "authoring.failed");
    }
    redirect(303, "/teacher/authoring?saved=resource");
  },
};
