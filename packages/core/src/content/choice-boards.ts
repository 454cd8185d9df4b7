/**
 * Teacher-authored choice boards: a menu of resources, items and tasks for a unit of a class, of
 * which each learner picks `picksRequired`. The class's teachers (and admins) author boards and see
 * who picked what; its learners see the boards and pick. Every pick is kept and audited.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { classes } from "../roster/schema.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { relationToClass } from "./policies.js";
import {
  choiceBoardOptionKindEnum,
  choiceBoardOptions,
  choiceBoardPicks,
  choiceBoards,
  items,
  resources,
  tasks,
} from "./schema.js";

export const CreateChoiceBoardInput = z
  .object({
    title: z.string().trim().min(1, "Give the board a title.").max(300),
    instructions: z.string().trim().max(5000).default(""),
    picksRequired: z.number().int().min(1).max(20).default(1),
    options: z
      .array(
        z.object({
          kind: z.enum(choiceBoardOptionKindEnum.enumValues),
          refId: z.uuid(),
          note: z.string().trim().max(1000).default(""),
        }),
      )
      .min(2, "A choice needs at least two options.")
      .max(24),
  })
  .refine((v) => v.picksRequired <= v.options.length, {
    path: ["picksRequired"],
    message: "Ask for no more picks than there are options.",
  });

export const PickOptionInput = z.object({ optionId: z.uuid() });

export interface BoardOptionView {
  id: string;
  position: number;
  kind: (typeof choiceBoardOptionKindEnum.enumValues)[number];
  refId: string;
  title: string;
  note: string;
  /** For the class's staff: who picked it. For a learner: only themselves, when they did. */
  pickedBy: string[];
}

export interface ChoiceBoardView {
  id: string;
  classId: string;
  title: string;
  instructions: string;
  picksRequired: number;
  createdAt: Date;
  updatedAt: Date;
  /** The ETag counter: an edit names it (If-Match). */
  version: number;
  options: BoardOptionView[];
}

export async function classAccess(db: Database, actor: Actor, classId: string) {
  const [row] = await db
    .select({ id: classes.id })
    .from(classes)
    .where(and(eq(classes.id, classId), eq(classes.organizationId, actor.organizationId)));
  if (!row) throw notFound("The class");
  const relation = await relationToClass(db, actor, classId);
  const staff = relation.teaches || actor.roles.includes("admin");
  if (!staff && !relation.learns) throw notFound("The class");
  return { staff, learns: relation.learns };
}

/** The title of each referenced resource, item or task of the organization that is still offered. */
export async function titlesOf(
  db: Database,
  organizationId: string,
  refs: { kind: string; refId: string }[],
) {
  const ids = (kind: string) => refs.filter((r) => r.kind === kind).map((r) => r.refId);
  const titles = new Map<string, string>();
  const [resourceIds, itemIds, taskIds] = [ids("resource"), ids("item"), ids("task")];
  if (resourceIds.length)
    for (const r of await db
      .select({ id: resources.id, title: resources.title, archivedAt: resources.archivedAt })
      .from(resources)
      .where(and(eq(resources.organizationId, organizationId), inArray(resources.id, resourceIds))))
      if (!r.archivedAt) titles.set(`resource:${r.id}`, r.title);
  if (itemIds.length)
    for (const r of await db
      .select({ id: items.id, stem: items.stem, archivedAt: items.archivedAt })
      .from(items)
      .where(and(eq(items.organizationId, organizationId), inArray(items.id, itemIds))))
      if (!r.archivedAt) titles.set(`item:${r.id}`, r.stem);
  if (taskIds.length)
    for (const r of await db
      .select({ id: tasks.id, title: tasks.title })
      .from(tasks)
      .where(and(eq(tasks.organizationId, organizationId), inArray(tasks.id, taskIds))))
      titles.set(`task:${r.id}`, r.title);
  return titles;
}

export async function createChoiceBoard(
  ctx: SignedInCtx,
  classId: string,
  raw: unknown,
): Promise<ChoiceBoardView> {
  const input = parseInput(CreateChoiceBoardInput, raw, "body");
  const { actor, db } = ctx;
  const access = await classAccess(db, actor, classId);
  if (!access.staff) throw forbidden("Only the class's teachers make its choice boards.");
  const titles = await titlesOf(db, actor.organizationId, input.options);
  const missing = input.options.flatMap((o, index) =>
    titles.has(`${o.kind}:${o.refId}`)
      ? []
      : [
          {
            path: `body.options.${index}.refId`,
            message: `No current ${o.kind} ${o.refId} in your organization.`,
          },
        ],
  );
  if (missing.length) throw new AppError("validation_failed", "Some fields are not valid.", missing);
  const now = ctx.now();
  const boardId = await db.transaction(async (tx) => {
    const [board] = await tx
      .insert(choiceBoards)
      .values({
        organizationId: actor.organizationId,
        classId,
        title: input.title,
        instructions: input.instructions,
        picksRequired: input.picksRequired,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning({ id: choiceBoards.id });
    await tx.insert(choiceBoardOptions).values(
      input.options.map((o, position) => ({
        organizationId: actor.organizationId,
        boardId: board!.id,
        position,
        kind: o.kind,
        refId: o.refId,
        note: o.note,
      })),
    );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "choice-board.create",
      subjectType: "choice_board",
      subjectId: board!.id,
      details: { classId, options: input.options.length },
      at: now,
    });
    return board!.id;
  });
  return (await boardsOf(db, actor, classId, true, [boardId]))[0]!;
}

export async function boardsOf(
  db: Database,
  actor: Actor,
  classId: string,
  staff: boolean,
  only?: string[],
): Promise<ChoiceBoardView[]> {
  const boards = await db
    .select()
    .from(choiceBoards)
    .where(
      and(
        eq(choiceBoards.organizationId, actor.organizationId),
        eq(choiceBoards.classId, classId),
        only ? inArray(choiceBoards.id, only) : undefined,
      ),
    )
    .orderBy(desc(choiceBoards.createdAt), desc(choiceBoards.id));
  if (boards.length === 0) return [];
  const boardIds = boards.map((b) => b.id);
  const options = await db
    .select()
    .from(choiceBoardOptions)
    .where(inArray(choiceBoardOptions.boardId, boardIds))
    .orderBy(asc(choiceBoardOptions.position));
  const picks = await db
    .select()
    .from(choiceBoardPicks)
    .where(
      and(
        inArray(choiceBoardPicks.boardId, boardIds),
        staff ? undefined : eq(choiceBoardPicks.learnerId, actor.userId),
      ),
    );
  const titles = await titlesOf(db, actor.organizationId, options);
  return boards.map((b) => ({
    id: b.id,
    classId,
    title: b.title,
    instructions: b.instructions,
    picksRequired: b.picksRequired,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    version: b.version,
    options: options
      .filter((o) => o.boardId === b.id && (staff || titles.has(`${o.kind}:${o.refId}`)))
      .map((o) => ({
        id: o.id,
        position: o.position,
        kind: o.kind,
        refId: o.refId,
        title: titles.get(`${o.kind}:${o.refId}`) ?? "",
        note: o.note,
        pickedBy: picks.filter((p) => p.optionId === o.id).map((p) => p.learnerId),
      })),
  }));
}

/** The class's boards, newest first: its staff see everyone's picks, a learner their own. */
export async function listClassChoiceBoards(ctx: SignedInCtx, classId: string): Promise<ChoiceBoardView[]> {
  const { actor, db } = ctx;
  const access = await classAccess(db, actor, classId);
  return boardsOf(db, actor, classId, access.staff);
}

export interface ChoiceBoardPick {
  id: string;
  boardId: string;
  optionId: string;
  learnerId: string;
  pickedAt: Date;
  replayed: boolean;
}

/** A learner of the class picks an option; picking it again changes nothing. */
export async function pickChoiceBoardOption(
  ctx: SignedInCtx,
  boardId: string,
  raw: unknown,
): Promise<ChoiceBoardPick> {
  const { optionId } = parseInput(PickOptionInput, raw, "body");
  const { actor, db } = ctx;
  const [board] = await db
    .select()
    .from(choiceBoards)
    .where(and(eq(choiceBoards.id, boardId), eq(choiceBoards.organizationId, actor.organizationId)));
  if (!board?.classId) throw notFound("The choice board");
  const access = await classAccess(db, actor, board.classId).catch(() => {
    throw notFound("The choice board");
  });
  if (!access.learns) throw forbidden("Only the class's learners pick from its boards.");
  const [option] = await db
    .select()
    .from(choiceBoardOptions)
    .where(and(eq(choiceBoardOptions.id, optionId), eq(choiceBoardOptions.boardId, boardId)));
  if (!option)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.optionId", message: "Not an option of this board." },
    ]);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    // Serialize one learner's picks on this board, so two at once cannot both pass the limit.
    await tx
      .select({ id: choiceBoards.id })
      .from(choiceBoards)
      .where(eq(choiceBoards.id, boardId))
      .for("update");
    const mine = await tx
      .select()
      .from(choiceBoardPicks)
      .where(and(eq(choiceBoardPicks.boardId, boardId), eq(choiceBoardPicks.learnerId, actor.userId)));
    const again = mine.find((p) => p.optionId === optionId);
    if (again) return { ...again, replayed: true };
    if (mine.length >= board.picksRequired)
      throw new AppError(
        "conflict",
        `You have already made your ${board.picksRequired} pick${board.picksRequired === 1 ? "" : "s"} on this board.`,
      );
    const [row] = await tx
      .insert(choiceBoardPicks)
      .values({
        organizationId: actor.organizationId,
        boardId,
        optionId,
        learnerId: actor.userId,
        pickedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "choice-board.pick",
      subjectType: "choice_board",
      subjectId: boardId,
      details: { optionId, kind: option.kind, refId: option.refId },
      at: now,
    });
    return { ...row!, replayed: false };
  });
}
