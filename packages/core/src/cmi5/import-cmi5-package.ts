/**
 * Importing a cmi5 course package, by an admin: a ZIP with cmi5.xml and its content (served by
 * Pathwise), or a bare cmi5.xml whose AUs are remote. A package whose course id the organization
 * already has is a **new version** of that course: its blocks and AUs are matched by their
 * publisher ids and updated in place, so their generated activity ids — and with them every
 * registration, session, result, piece of evidence and competency mapping — stay; new ones are
 * added; those the new version no longer has are retired (kept, no longer launched). Every course,
 * block and AU becomes an xAPI activity of the LRS with its title, which an admin maps to
 * competencies (or the package maps through its Pathwise extension). All or nothing.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  CMI5_ACTIVITY_TYPES,
  type Cmi5Au,
  type Cmi5Block,
  type Cmi5CourseStructure,
  type Cmi5LangStrings,
} from "@pathwise/standards";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import type { Ctx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { xapiActivities } from "../xapi/schema.js";
import { competencyMappingsOf } from "./competency-extension.js";
import { lmsActivityId } from "./identifiers.js";
import { authorizeCourseAdministration } from "./policies.js";
import { readCmi5Package } from "./read-cmi5-package.js";
import { cmi5Aus, cmi5Blocks, cmi5Courses, cmi5PackageFiles, cmi5Packages } from "./schema.js";

export const ImportCmi5PackageInput = z.object({
  filename: z.string().trim().min(1, "Name the file.").max(255),
  contentType: z.string().max(200).default(""),
  bytes: z.instanceof(Uint8Array, { message: "Send the package's bytes." }),
});
export type ImportCmi5PackageInput = z.input<typeof ImportCmi5PackageInput>;

export interface Cmi5ImportSummary {
  courseId: string;
  title: Cmi5LangStrings;
  version: number;
  /** True for a new course, false for a new version of one already imported. */
  created: boolean;
  source: "zip" | "xml";
  blocks: { added: number; updated: number; retired: number };
  aus: { added: number; updated: number; retired: number };
  files: number;
  /** Courses, blocks and AUs the package mapped to competencies. */
  mapped: number;
}

/** Rows inserted per statement: keeps each insert's parameters well under PostgreSQL's limit. */
const FILE_ROWS_PER_INSERT = 200;
const ACTIVITY_ROWS_PER_INSERT = 500;

export async function importCmi5Package(ctx: Ctx, raw: unknown): Promise<Cmi5ImportSummary> {
  authorizeCourseAdministration(ctx, "import");
  const actor = ctx.actor;
  const input = parseInput(ImportCmi5PackageInput, raw, "body");
  const read = readCmi5Package(input);
  const { structure } = read;
  const organizationId = actor.organizationId;
  const mappings = await competencyMappingsOf(ctx.db, organizationId, structure);
  const { blocks, aus } = flatten(structure);
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(cmi5Courses)
      .where(
        and(eq(cmi5Courses.organizationId, organizationId), eq(cmi5Courses.publisherId, structure.course.id)),
      )
      .for("update");
    const version = existing ? existing.currentVersion + 1 : 1;
    const packageId = randomUUID();
    const [course] = existing
      ? [existing]
      : await tx
          .insert(cmi5Courses)
          .values({
            organizationId,
            publisherId: structure.course.id,
            title: structure.course.title,
            description: structure.course.description,
            structure,
            currentVersion: version,
            currentPackageId: packageId,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning();
    if (!course)
      throw new AppError(
        "conflict",
        "This course is being imported by another request at this moment; try again.",
      );
    const courseId = course.id;
    await tx.insert(cmi5Packages).values({
      id: packageId,
      organizationId,
      courseId,
      version,
      source: read.source,
      filename: input.filename,
      byteSize: input.bytes.byteLength,
      fileCount: read.files.length,
      importedBy: actor.userId,
      importedAt: now,
    });
    for (let i = 0; i < read.files.length; i += FILE_ROWS_PER_INSERT) {
      await tx
        .insert(cmi5PackageFiles)
        .values(
          read.files
            .slice(i, i + FILE_ROWS_PER_INSERT)
            .map((file) => ({ organizationId, packageId, ...file })),
        );
    }
    // The previous version's files are not served any more: only the current package is launched.
    if (existing)
      await tx.delete(cmi5PackageFiles).where(eq(cmi5PackageFiles.packageId, existing.currentPackageId));
    await tx
      .update(cmi5Courses)
      .set({
        title: structure.course.title,
        description: structure.course.description,
        structure,
        currentVersion: version,
        currentPackageId: packageId,
        updatedAt: now,
      })
      .where(eq(cmi5Courses.id, courseId));

    const blockCounts = await syncBlocks(tx, organizationId, courseId, blocks, now);
    const blockIds = blockCounts.ids;
    const auCounts = await syncAus(tx, organizationId, courseId, aus, blockIds, now);

    // Every course, block and AU is an activity of the LRS, with its name, type and mapping.
    const activities = [
      {
        id: lmsActivityId("course", courseId),
        publisherId: structure.course.id,
        title: structure.course.title,
        description: structure.course.description,
        type: CMI5_ACTIVITY_TYPES.course,
      },
      ...blocks.map((block) => ({
        id: lmsActivityId("block", blockIds.get(block.id)!),
        publisherId: block.id,
        title: block.title,
        description: block.description,
        type: CMI5_ACTIVITY_TYPES.block,
      })),
      ...aus.map(({ au }) => ({
        id: lmsActivityId("au", auCounts.ids.get(au.id)!),
        publisherId: au.id,
        title: au.title,
        description: au.description,
        type: au.activityType,
      })),
    ];
    const rows = activities.map((activity) => ({
      organizationId,
      activityId: activity.id,
      definition: {
        name: activity.title,
        description: activity.description,
        ...(activity.type ? { type: activity.type } : {}),
      },
      mapped: mappings.get(activity.publisherId),
    }));
    // Definitions are replaced; mappings only where the package carries one (an admin's stay).
    for (const mapped of [false, true]) {
      const batch = rows.filter((row) => (row.mapped !== undefined) === mapped);
      for (let i = 0; i < batch.length; i += ACTIVITY_ROWS_PER_INSERT) {
        await tx
          .insert(xapiActivities)
          .values(
            batch.slice(i, i + ACTIVITY_ROWS_PER_INSERT).map(({ mapped: competencyIds, ...row }) => ({
              ...row,
              ...(competencyIds ? { competencyIds, mappedBy: actor.userId } : {}),
              updatedAt: now,
            })),
          )
          .onConflictDoUpdate({
            target: [xapiActivities.organizationId, xapiActivities.activityId],
            set: mapped
              ? {
                  definition: sql`excluded.definition`,
                  competencyIds: sql`excluded.competency_ids`,
                  mappedBy: sql`excluded.mapped_by`,
                  updatedAt: sql`excluded.updated_at`,
                }
              : { definition: sql`excluded.definition` },
          });
      }
    }

    const summary: Cmi5ImportSummary = {
      courseId,
      title: structure.course.title,
      version,
      created: !existing,
      source: read.source,
      blocks: { added: blockCounts.added, updated: blockCounts.updated, retired: blockCounts.retired },
      aus: { added: auCounts.added, updated: auCounts.updated, retired: auCounts.retired },
      files: read.files.length,
      mapped: mappings.size,
    };
    await recordAudit(tx, {
      organizationId,
      actorId: actor.userId,
      action: "cmi5_course.import",
      subjectType: "cmi5_course",
      subjectId: courseId,
      details: { filename: input.filename, version, publisherId: structure.course.id, aus: aus.length },
      at: now,
    });
    return summary;
  });
}

interface FlatAu {
  au: Cmi5Au;
  /** Publisher id of the block that holds it, null at the top level. */
  blockId: string | null;
}

/** Blocks and AUs in document order, with the block each AU sits in. */
function flatten(structure: Cmi5CourseStructure): { blocks: Cmi5Block[]; aus: FlatAu[] } {
  const blocks: Cmi5Block[] = [];
  const aus: FlatAu[] = [];
  const visit = (node: Cmi5Block | Cmi5Au, blockId: string | null) => {
    if (node.kind === "au") aus.push({ au: node, blockId });
    else {
      blocks.push(node);
      node.children.forEach((child) => visit(child, node.id));
    }
  };
  structure.children.forEach((child) => visit(child, null));
  return { blocks, aus };
}

interface SyncCounts {
  added: number;
  updated: number;
  retired: number;
  /** Row id by publisher id. */
  ids: Map<string, string>;
}

async function syncBlocks(
  tx: Database,
  organizationId: string,
  courseId: string,
  blocks: Cmi5Block[],
  now: Date,
): Promise<SyncCounts> {
  const rows = await tx.select().from(cmi5Blocks).where(eq(cmi5Blocks.courseId, courseId));
  const ids = new Map(rows.map((row) => [row.publisherId, row.id]));
  const counts: SyncCounts = { added: 0, updated: 0, retired: 0, ids };
  const fresh = blocks
    .map((block, position) => ({ block, position }))
    .filter(({ block }) => !ids.has(block.id));
  if (fresh.length > 0) {
    const inserted = await tx
      .insert(cmi5Blocks)
      .values(
        fresh.map(({ block, position }) => ({
          organizationId,
          courseId,
          publisherId: block.id,
          title: block.title,
          position,
        })),
      )
      .returning({ id: cmi5Blocks.id, publisherId: cmi5Blocks.publisherId });
    for (const row of inserted) ids.set(row.publisherId, row.id);
    counts.added = inserted.length;
  }
  for (const [position, block] of blocks.entries()) {
    if (fresh.some((f) => f.block.id === block.id)) continue;
    await tx
      .update(cmi5Blocks)
      .set({ title: block.title, position, retiredAt: null })
      .where(eq(cmi5Blocks.id, ids.get(block.id)!));
    counts.updated += 1;
  }
  const gone = rows.filter((row) => row.retiredAt === null && !blocks.some((b) => b.id === row.publisherId));
  if (gone.length > 0) {
    await tx
      .update(cmi5Blocks)
      .set({ retiredAt: now })
      .where(
        inArray(
          cmi5Blocks.id,
          gone.map((row) => row.id),
        ),
      );
    counts.retired = gone.length;
  }
  return counts;
}

async function syncAus(
  tx: Database,
  organizationId: string,
  courseId: string,
  aus: FlatAu[],
  blockIds: Map<string, string>,
  now: Date,
): Promise<SyncCounts> {
  const rows = await tx.select().from(cmi5Aus).where(eq(cmi5Aus.courseId, courseId));
  const ids = new Map(rows.map((row) => [row.publisherId, row.id]));
  const counts: SyncCounts = { added: 0, updated: 0, retired: 0, ids };
  const values = (entry: FlatAu, position: number) => ({
    blockId: entry.blockId === null ? null : blockIds.get(entry.blockId)!,
    position,
    title: entry.au.title,
    description: entry.au.description,
    url: entry.au.url,
    launchMethod: entry.au.launchMethod,
    moveOn: entry.au.moveOn,
    masteryScore: entry.au.masteryScore ?? null,
    launchParameters: entry.au.launchParameters ?? null,
    entitlementKey: entry.au.entitlementKey ?? null,
    activityType: entry.au.activityType ?? null,
    retiredAt: null,
  });
  const fresh = aus
    .map((entry, position) => ({ entry, position }))
    .filter(({ entry }) => !ids.has(entry.au.id));
  if (fresh.length > 0) {
    const inserted = await tx
      .insert(cmi5Aus)
      .values(
        fresh.map(({ entry, position }) => ({
          organizationId,
          courseId,
          publisherId: entry.au.id,
          ...values(entry, position),
        })),
      )
      .returning({ id: cmi5Aus.id, publisherId: cmi5Aus.publisherId });
    for (const row of inserted) ids.set(row.publisherId, row.id);
    counts.added = inserted.length;
  }
  for (const [position, entry] of aus.entries()) {
    if (fresh.some((f) => f.entry.au.id === entry.au.id)) continue;
    await tx
      .update(cmi5Aus)
      .set(values(entry, position))
      .where(eq(cmi5Aus.id, ids.get(entry.au.id)!));
    counts.updated += 1;
  }
  const gone = rows.filter((row) => row.retiredAt === null && !aus.some((a) => a.au.id === row.publisherId));
  if (gone.length > 0) {
    await tx
      .update(cmi5Aus)
      .set({ retiredAt: now })
      .where(
        inArray(
          cmi5Aus.id,
          gone.map((row) => row.id),
        ),
      );
    counts.retired = gone.length;
  }
  return counts;
}
