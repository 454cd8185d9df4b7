/**
 * Edit a teacher's choice board: its title, instructions, how many picks are asked for, and its
 * options (kept, re-ordered, added or removed). The edit names the version it was based on
 * (If-Match). An option a learner already picked cannot be removed: their pick would lose its
 * meaning; the teacher is told which.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { boardsOf, classAccess, titlesOf, type ChoiceBoardView } from "./choice-boards.js";
import { choiceBoardOptionKindEnum, choiceBoardOptions, choiceBoardPicks, choiceBoards } from "./schema.js";

export const UpdateChoiceBoardInput = z.object({
  title: z.string().trim().min(1, "Give the board a title.").max(300).optional(),
  instructions: z.string().trim().max(5000).optional(),
  picksRequired: z.number().int().min(1).max(20).optional(),
  /** The complete list of options, in order; one with an `id` keeps that option. */
  options: z
    .array(
      z.object({
        id: z.uuid().optional(),
        kind: z.enum(choiceBoardOptionKindEnum.enumValues),
        refId: z.uuid(),
        note: z.string().trim().max(1000).default(""),
      }),
    )
    .min(2, "A choice needs at least two options.")
    .max(24)
    .optional(),
});

/** One board with its options and everyone's picks, for the class's staff. */
export async function getChoiceBoard(ctx: SignedInCtx, boardId: string): Promise<ChoiceBoardView> {
  const { actor, db } = ctx;
  const [board] = await db
    .select()
    .from(choiceBoards)
    .where(and(eq(choiceBoards.id, boardId), eq(choiceBoards.organizationId, actor.organizationId)));
  if (!board?.classId) throw notFound("The choice board");
  const access = await classAccess(db, actor, board.classId).catch(() => {
    throw notFound("The choice board");
  });
  return (await boardsOf(db, actor, board.classId, access.staff, [boardId]))[0]!;
}

export async function updateChoiceBoard(
  ctx: SignedInCtx,
  boardId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<ChoiceBoardView> {
  const input = parseInput(UpdateChoiceBoardInput, raw, "body");
  const { actor, db } = ctx;
  const current = await getChoiceBoard(ctx, boardId);
  const access = await classAccess(db, actor, current.classId);
  if (!access.staff) throw forbidden("Only the class's teachers edit its choice boards.");
  const options = input.options;
  const problems: { path: string; message: string }[] = [];
  if (options) {
    options.forEach((o, index) => {
      const before = o.id ? current.options.find((c) => c.id === o.id) : undefined;
      if (o.id && !before)
        problems.push({ path: `body.options.${index}.id`, message: "Not an option of this board." });
      else if (before && (before.kind !== o.kind || before.refId !== o.refId))
        problems.push({
          path: `body.options.${index}.refId`,
          message: "A kept option keeps what it offers; remove it and add a new one instead.",
        });
    });
    const fresh = options.filter((o) => !o.id);
    const titles = await titlesOf(db, actor.organizationId, fresh);
    options.forEach((o, index) => {
      if (!o.id && !titles.has(`${o.kind}:${o.refId}`))
        problems.push({
          path: `body.options.${index}.refId`,
          message: `No current ${o.kind} ${o.refId} in your organization.`,
        });
    });
    const keptIds = new Set(options.flatMap((o) => (o.id ? [o.id] : [])));
    for (const removed of current.options.filter((c) => !keptIds.has(c.id)))
      if (removed.pickedBy.length)
        problems.push({
          path: "body.options",
          message: `"${removed.title}" was already picked by ${removed.pickedBy.length} learner(s); keep it.`,
        });
  }
  const picksRequired = input.picksRequired ?? current.picksRequired;
  if (picksRequired > (options?.length ?? current.options.length))
    problems.push({ path: "body.picksRequired", message: "Ask for no more picks than there are options." });
  if (problems.length) throw new AppError("validation_failed", "Some fields are not valid.", problems);
  assertVersion("choice board", current.version, expectedVersion);
  const now = ctx.now();
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(choiceBoards)
      .set({
        title: input.title ?? current.title,
        instructions: input.instructions ?? current.instructions,
        picksRequired,
        updatedAt: now,
        version: current.version + 1,
      })
      .where(and(eq(choiceBoards.id, boardId), eq(choiceBoards.version, current.version)))
      .returning({ version: choiceBoards.version });
    if (!updated)
      throw new AppError(
        "precondition_failed",
        "The choice board was changed by someone else. Reload it and make your change again.",
        [
          {
            path: "header.if-match",
            message: `You edited version ${current.version}; it has changed since.`,
          },
        ],
      );
    if (options) {
      const keptIds = options.flatMap((o) => (o.id ? [o.id] : []));
      const removed = current.options.filter((c) => !keptIds.includes(c.id)).map((c) => c.id);
      if (removed.length) {
        // Checked again inside the transaction: a learner may have picked meanwhile.
        const picked = await tx
          .select({ id: choiceBoardPicks.id })
          .from(choiceBoardPicks)
          .where(inArray(choiceBoardPicks.optionId, removed))
          .limit(1);
        if (picked.length)
          throw new AppError("conflict", "A learner just picked an option you removed. Reload the board.");
        await tx.delete(choiceBoardOptions).where(inArray(choiceBoardOptions.id, removed));
      }
      for (const [position, o] of options.entries()) {
        if (o.id)
          await tx
            .update(choiceBoardOptions)
            .set({ position, note: o.note })
            .where(eq(choiceBoardOptions.id, o.id));
        else
          await tx.insert(choiceBoardOptions).values({
            organizationId: actor.organizationId,
            boardId,
            position,
            kind: o.kind,
            refId: o.refId,
            note: o.note,
          });
      }
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "choice-board.update",
      subjectType: "choice_board",
      subjectId: boardId,
      details: { fields: Object.keys(input), version: updated.version },
      at: now,
    });
  });
  return getChoiceBoard(ctx, boardId);
}
