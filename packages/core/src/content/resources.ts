/**
 * Resources: a link, a piece of text, or an uploaded file, tagged with the competencies it teaches,
 * its level (below/at/above), modality, interests, language, expected minutes, accessibility
 * features and license. Teachers and admins author them; learners see those for the competencies of
 * their classes' frameworks. An edit names the version it was based on (a stale edit is refused);
 * archiving hides a resource from learners and boards but keeps it for the evidence that cites it.
 *
 * Uploaded files are kept in the database (table resource_files), at most MAX_RESOURCE_FILE_BYTES,
 * and only of the kinds in RESOURCE_FILE_TYPES: documents, images, audio and video a learner's
 * device opens, never a page or a script that would run in Pathwise's origin.
 */
import { and, desc, eq, exists, inArray, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { assertCompetencies } from "../portfolio/artifacts.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { decodeCursor, pageOf, PageInput, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorize, isStaff, visibleCompetencyIds } from "./policies.js";
import {
  levelEnum,
  modalityEnum,
  resourceCompetencies,
  resourceFiles,
  resourceKindEnum,
  resources,
} from "./schema.js";

/** The largest uploaded file a resource may carry: 5 MiB. */
export const MAX_RESOURCE_FILE_BYTES = 5 * 1024 * 1024;

const LanguageTag = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en, es or pt-BR.");
const Tag = z.string().trim().min(1).max(60);

/**
 * The kinds of file a resource may be, by media type, with their usual name endings. HTML, SVG and
 * scripts are left out on purpose: served from Pathwise's own origin they could act as the reader.
 */
export const RESOURCE_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "text/plain": ["txt"],
  "text/csv": ["csv"],
  "audio/mpeg": ["mp3"],
  "audio/ogg": ["ogg", "oga"],
  "video/mp4": ["mp4"],
  "video/webm": ["webm"],
  "application/epub+zip": ["epub"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["pptx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
  "application/vnd.oasis.opendocument.text": ["odt"],
  "application/vnd.oasis.opendocument.presentation": ["odp"],
  "application/vnd.oasis.opendocument.spreadsheet": ["ods"],
};

/** Kinds a browser shows in place (the rest are downloaded and opened by the device's own app). */
const VIEWED_IN_PLACE = /^(application\/pdf|image\/|text\/plain$|audio\/|video\/)/;

export function opensInBrowser(contentType: string): boolean {
  return VIEWED_IN_PLACE.test(contentType);
}

/**
 * The media type to store for an upload: the one the browser declared when it is an accepted
 * kind, else the accepted kind its name ends with (browsers leave many types blank), else the
 * declared one — which validation then refuses with the list of accepted kinds.
 */
export function resourceFileTypeOf(fileName: string, declared: string): string {
  const type = declared.split(";")[0]!.trim().toLowerCase();
  if (type in RESOURCE_FILE_TYPES) return type;
  const ending = fileName.toLowerCase().split(".").pop() ?? "";
  const byName = Object.entries(RESOURCE_FILE_TYPES).find(([, endings]) => endings.includes(ending));
  return byName ? byName[0] : type || "application/octet-stream";
}

const FileInput = z.object({
  name: z.string().trim().min(1, "Name the file.").max(200),
  contentType: z
    .string()
    .trim()
    .toLowerCase()
    .refine((type) => type in RESOURCE_FILE_TYPES, {
      message: `Upload a document, image, audio or video file (${[...new Set(Object.values(RESOURCE_FILE_TYPES).flat())].join(", ")}).`,
    }),
  /** The bytes, base64-encoded. */
  base64: z.string().min(1, "The file is empty."),
});

const ResourceFields = {
  title: z.string().trim().min(1, "Give it a title.").max(300),
  url: z
    .url({ protocol: /^https?$/, message: "Use a web address starting with http:// or https://." })
    .max(2000),
  body: z.string().trim().min(1, "Write the text of the resource.").max(100_000),
  file: FileInput,
  competencyIds: z.array(z.uuid()).min(1, "Tag at least one competency.").max(20),
  level: z.enum(levelEnum.enumValues),
  modality: z.enum(modalityEnum.enumValues),
  interests: z.array(Tag).max(20),
  language: LanguageTag,
  expectedMinutes: z.number().int().min(1).max(600),
  accessibilityFeatures: z.array(Tag).max(20),
  license: z.string().trim().min(1).max(200).nullable(),
};

export const CreateResourceInput = z
  .object({
    title: ResourceFields.title,
    kind: z.enum(resourceKindEnum.enumValues),
    url: ResourceFields.url.optional(),
    body: ResourceFields.body.optional(),
    file: ResourceFields.file.optional(),
    competencyIds: ResourceFields.competencyIds,
    level: ResourceFields.level.default("at"),
    modality: ResourceFields.modality,
    interests: ResourceFields.interests.default([]),
    language: ResourceFields.language.default("en"),
    expectedMinutes: ResourceFields.expectedMinutes,
    accessibilityFeatures: ResourceFields.accessibilityFeatures.default([]),
    license: ResourceFields.license.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "link" && !v.url)
      ctx.addIssue({ code: "custom", path: ["url"], message: "A link needs a url." });
    if (v.kind === "text" && !v.body)
      ctx.addIssue({ code: "custom", path: ["body"], message: "A text resource needs a body." });
    if (v.kind === "file" && !v.file)
      ctx.addIssue({ code: "custom", path: ["file"], message: "A file resource needs a file." });
  });

export const UpdateResourceInput = z
  .object({
    title: ResourceFields.title,
    url: ResourceFields.url,
    body: ResourceFields.body,
    file: ResourceFields.file,
    competencyIds: ResourceFields.competencyIds,
    level: ResourceFields.level,
    modality: ResourceFields.modality,
    interests: ResourceFields.interests,
    language: ResourceFields.language,
    expectedMinutes: ResourceFields.expectedMinutes,
    accessibilityFeatures: ResourceFields.accessibilityFeatures,
    license: ResourceFields.license,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one field." });

export const ListResourcesInput = PageInput.extend({
  competencyId: z.uuid().optional(),
  includeArchived: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export type ResourceRow = typeof resources.$inferSelect;
export interface Resource extends ResourceRow {
  competencyIds: string[];
  file: { name: string; contentType: string; sizeBytes: number } | null;
}

function decodeFile(file: z.output<typeof FileInput>): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.base64.replace(/\s/g, "")))
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.file.base64", message: "This is not base64." },
    ]);
  const bytes = Buffer.from(file.base64, "base64");
  if (bytes.length > MAX_RESOURCE_FILE_BYTES)
    throw new AppError("validation_failed", "The file is too large.", [
      {
        path: "body.file.base64",
        message: `The file is ${bytes.length} bytes; the limit is ${MAX_RESOURCE_FILE_BYTES} bytes (5 MiB).`,
      },
    ]);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

async function storeFile(
  tx: Database,
  ctx: SignedInCtx,
  resourceId: string,
  file: z.output<typeof FileInput>,
  bytes: Uint8Array,
  now: Date,
): Promise<string> {
  const [row] = await tx
    .insert(resourceFiles)
    .values({
      organizationId: ctx.actor.organizationId,
      resourceId,
      fileName: file.name,
      contentType: file.contentType,
      sizeBytes: bytes.length,
      bytes,
      uploadedBy: ctx.actor.userId,
      uploadedAt: now,
    })
    .returning({ id: resourceFiles.id });
  return row!.id;
}

async function hydrate(db: Database, rows: ResourceRow[]): Promise<Resource[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db
    .select()
    .from(resourceCompetencies)
    .where(inArray(resourceCompetencies.resourceId, ids));
  const fileKeys = rows.flatMap((r) => (r.fileKey ? [r.fileKey] : []));
  const files = fileKeys.length
    ? await db
        .select({
          id: resourceFiles.id,
          name: resourceFiles.fileName,
          contentType: resourceFiles.contentType,
          sizeBytes: resourceFiles.sizeBytes,
        })
        .from(resourceFiles)
        .where(inArray(resourceFiles.id, fileKeys))
    : [];
  return rows.map((r) => {
    const file = files.find((f) => f.id === r.fileKey);
    return {
      ...r,
      competencyIds: links.filter((l) => l.resourceId === r.id).map((l) => l.competencyId),
      file: file ? { name: file.name, contentType: file.contentType, sizeBytes: file.sizeBytes } : null,
    };
  });
}

export async function createResource(ctx: SignedInCtx, raw: unknown): Promise<Resource> {
  const input = parseInput(CreateResourceInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "author");
  const competencyIds = [...new Set(input.competencyIds)];
  await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  const bytes = input.kind === "file" && input.file ? decodeFile(input.file) : null;
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(resources)
      .values({
        organizationId: actor.organizationId,
        title: input.title,
        kind: input.kind,
        url: input.kind === "link" ? input.url! : null,
        body: input.kind === "text" ? input.body! : null,
        level: input.level,
        modality: input.modality,
        interests: input.interests,
        language: input.language,
        expectedMinutes: input.expectedMinutes,
        accessibilityFeatures: input.accessibilityFeatures,
        license: input.license ?? null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    let resource = inserted!;
    await tx.insert(resourceCompetencies).values(
      competencyIds.map((competencyId) => ({
        organizationId: actor.organizationId,
        resourceId: resource.id,
        competencyId,
      })),
    );
    if (bytes && input.file) {
      const fileKey = await storeFile(tx, ctx, resource.id, input.file, bytes, now);
      const [withFile] = await tx
        .update(resources)
        .set({ fileKey })
        .where(eq(resources.id, resource.id))
        .returning();
      resource = withFile!;
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "resource.create",
      subjectType: "resource",
      subjectId: resource.id,
      details: { kind: input.kind, competencyIds },
      at: now,
    });
    return resource;
  });
  return (await hydrate(db, [row]))[0]!;
}

/** The resource if the caller may see it; otherwise "not found" (its existence is not disclosed). */
async function findVisible(ctx: SignedInCtx, resourceId: string): Promise<Resource> {
  const { actor, db } = ctx;
  authorize(actor, "view");
  const [row] = await db
    .select()
    .from(resources)
    .where(and(eq(resources.id, resourceId), eq(resources.organizationId, actor.organizationId)));
  if (!row) throw notFound("The resource");
  const [resource] = await hydrate(db, [row]);
  const visible = await visibleCompetencyIds(db, actor);
  if (visible && (row.archivedAt || !resource!.competencyIds.some((id) => visible.has(id))))
    throw notFound("The resource");
  return resource!;
}

export async function getResource(ctx: SignedInCtx, resourceId: string): Promise<Resource> {
  return findVisible(ctx, resourceId);
}

/** The uploaded file of a resource, for whoever may see the resource. */
export async function getResourceFile(
  ctx: SignedInCtx,
  resourceId: string,
): Promise<{ name: string; contentType: string; bytes: Uint8Array }> {
  const resource = await findVisible(ctx, resourceId);
  if (!resource.fileKey) throw notFound("The resource's file");
  const [file] = await ctx.db.select().from(resourceFiles).where(eq(resourceFiles.id, resource.fileKey));
  if (!file) throw notFound("The resource's file");
  return { name: file.fileName, contentType: file.contentType, bytes: file.bytes };
}

export async function updateResource(
  ctx: SignedInCtx,
  resourceId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<Resource> {
  const input = parseInput(UpdateResourceInput, raw, "body");
  const { actor, db } = ctx;
  const current = await findVisible(ctx, resourceId);
  authorize(actor, "author");
  if (input.url !== undefined && current.kind !== "link")
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.url", message: `A ${current.kind} resource has no url.` },
    ]);
  if (input.body !== undefined && current.kind !== "text")
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.body", message: `A ${current.kind} resource has no body text.` },
    ]);
  if (input.file !== undefined && current.kind !== "file")
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.file", message: `A ${current.kind} resource has no file.` },
    ]);
  if (input.competencyIds)
    await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  assertVersion("resource", current.version, expectedVersion);
  const bytes = input.file ? decodeFile(input.file) : null;
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const { competencyIds, file, ...fields } = input;
    const fileKey = bytes && file ? await storeFile(tx, ctx, resourceId, file, bytes, now) : undefined;
    // The version check and the write are one statement: of two editors of one version, one wins.
    const [updated] = await tx
      .update(resources)
      .set({
        ...fields,
        ...(fileKey ? { fileKey } : {}),
        updatedAt: now,
        version: current.version + 1,
      })
      .where(and(eq(resources.id, resourceId), eq(resources.version, current.version)))
      .returning();
    if (!updated)
      throw new AppError(
        "precondition_failed",
        "The resource was changed by someone else. Reload it and make your change again.",
        [
          {
            path: "header.if-match",
            message: `You edited version ${current.version}; it has changed since.`,
          },
        ],
      );
    if (competencyIds) {
      await tx.delete(resourceCompetencies).where(eq(resourceCompetencies.resourceId, resourceId));
      await tx.insert(resourceCompetencies).values(
        [...new Set(competencyIds)].map((competencyId) => ({
          organizationId: actor.organizationId,
          resourceId,
          competencyId,
        })),
      );
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "resource.update",
      subjectType: "resource",
      subjectId: resourceId,
      details: { fields: Object.keys(input), version: updated.version },
      at: now,
    });
    return updated;
  });
  return (await hydrate(db, [row]))[0]!;
}

/** Archive (hide from learners and boards) or bring back a resource; the row is never deleted. */
export async function archiveResource(
  ctx: SignedInCtx,
  resourceId: string,
  archived: boolean,
): Promise<Resource> {
  const { actor, db } = ctx;
  authorize(actor, "view");
  const current = await findVisible(ctx, resourceId);
  authorize(actor, "author");
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(resources)
      .set({
        archivedAt: archived ? (current.archivedAt ?? now) : null,
        updatedAt: now,
        version: current.version + 1,
      })
      .where(eq(resources.id, resourceId))
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: archived ? "resource.archive" : "resource.restore",
      subjectType: "resource",
      subjectId: resourceId,
      at: now,
    });
    return updated!;
  });
  return (await hydrate(db, [row]))[0]!;
}

/** Newest first. Learners get only current resources for their classes' competencies. */
export async function listResources(ctx: SignedInCtx, raw: unknown): Promise<Page<Resource>> {
  const input = parseInput(ListResourcesInput, raw, "query");
  const { actor, db } = ctx;
  authorize(actor, "view");
  const visible = await visibleCompetencyIds(db, actor);
  if (visible && visible.size === 0) return { items: [], nextCursor: null };
  const cursor = decodeCursor(input.cursor);
  const competencyFilter = [
    input.competencyId ? eq(resourceCompetencies.competencyId, input.competencyId) : undefined,
    visible ? inArray(resourceCompetencies.competencyId, [...visible]) : undefined,
  ].filter((c) => c !== undefined);
  const rows = await db
    .select()
    .from(resources)
    .where(
      and(
        eq(resources.organizationId, actor.organizationId),
        input.includeArchived && isStaff(actor) ? undefined : isNull(resources.archivedAt),
        competencyFilter.length
          ? exists(
              db
                .select({ one: resourceCompetencies.resourceId })
                .from(resourceCompetencies)
                .where(and(eq(resourceCompetencies.resourceId, resources.id), ...competencyFilter)),
            )
          : undefined,
        cursor
          ? or(
              lt(resources.createdAt, new Date(cursor.at)),
              and(eq(resources.createdAt, new Date(cursor.at)), lt(resources.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(resources.createdAt), desc(resources.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => r.createdAt);
  return { items: await hydrate(db, page.items), nextCursor: page.nextCursor };
}
