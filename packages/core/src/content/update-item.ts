/**
 * Edit an item: its wording, key, competencies, level and interest-context variants. The edit names
 * the version it was based on (If-Match); of two teachers editing one version, one is refused.
 * Once a learner has answered the item, the edit starts a new revision and the old one is kept.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { assertCompetencies } from "../portfolio/artifacts.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { checkVariantTexts, getItem, hydrateItems, ItemBodyInput, VariantInput, type Item } from "./items.js";
import { authorize } from "./policies.js";
import { itemRevisionUsed, keepRevision, type ItemSnapshot } from "./revisions.js";
import { itemCompetencies, items, itemVariants, levelEnum, type ItemBody } from "./schema.js";

const LanguageTag = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en, es or pt-BR.");

export const UpdateItemInput = z
  .object({
    stem: z.string().trim().min(1, "Write the question.").max(10_000),
    body: ItemBodyInput,
    competencyIds: z.array(z.uuid()).min(1, "Tag at least one competency.").max(20),
    level: z.enum(levelEnum.enumValues),
    language: LanguageTag,
    guessRate: z.number().min(0).max(1),
    /**
     * The complete list of variants: one with an `id` keeps that variant (re-worded as given), one
     * without is new, and a variant left out is removed.
     */
    variants: z.array(VariantInput.extend({ id: z.uuid().optional() })).max(20),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one field.", path: [] });

export interface UpdatedItem extends Item {
  /** True when the edit started a new revision (learners had answered the previous one). */
  newRevision: boolean;
}

export async function updateItem(
  ctx: SignedInCtx,
  itemId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<UpdatedItem> {
  const input = parseInput(UpdateItemInput, raw, "body");
  const { actor, db } = ctx;
  const current = await getItem(ctx, itemId);
  authorize(actor, "author");
  const body = (input.body ?? current.body) as ItemBody;
  const variants = input.variants ?? current.variants.map((v) => ({ ...v, id: v.id as string | undefined }));
  variants.forEach((v, index) => checkVariantTexts(body, v.texts, `body.variants.${index}`));
  const unknownVariant = variants.findIndex((v) => v.id && !current.variants.some((c) => c.id === v.id));
  if (unknownVariant >= 0)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: `body.variants.${unknownVariant}.id`, message: "Not a variant of this item." },
    ]);
  if (input.competencyIds)
    await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  assertVersion("item", current.version, expectedVersion);
  const guessRate =
    input.guessRate ??
    (input.body ? (body.kind === "single_choice" ? 1 / body.choices.length : 0) : current.guessRate);
  const now = ctx.now();

  const { row, newRevision } = await db.transaction(async (tx) => {
    const used = await itemRevisionUsed(tx, itemId, current.revision);
    const revision = used ? current.revision + 1 : current.revision;
    // The version check and the write are one statement: of two editors of one version, one wins.
    const [updated] = await tx
      .update(items)
      .set({
        kind: body.kind,
        stem: input.stem ?? current.stem,
        body,
        guessRate,
        level: input.level ?? current.level,
        language: input.language ?? current.language,
        updatedAt: now,
        version: current.version + 1,
        revision,
      })
      .where(and(eq(items.id, itemId), eq(items.version, current.version)))
      .returning();
    if (!updated)
      throw new AppError(
        "precondition_failed",
        "The item was changed by someone else. Reload it and make your change again.",
        [
          {
            path: "header.if-match",
            message: `You edited version ${current.version}; it has changed since.`,
          },
        ],
      );
    if (used) {
      const snapshot: ItemSnapshot = {
        kind: current.kind,
        stem: current.stem,
        body: current.body,
        level: current.level,
        language: current.language,
        guessRate: current.guessRate,
        competencyIds: current.competencyIds,
        variants: current.variants.map((v) => ({
          id: v.id,
          interest: v.interest,
          stem: v.stem,
          texts: v.texts,
          language: v.language,
        })),
      };
      await keepRevision(tx, actor, "item", itemId, current.revision, snapshot, now);
    }
    if (input.competencyIds) {
      await tx.delete(itemCompetencies).where(eq(itemCompetencies.itemId, itemId));
      await tx.insert(itemCompetencies).values(
        [...new Set(input.competencyIds)].map((competencyId) => ({
          organizationId: actor.organizationId,
          itemId,
          competencyId,
        })),
      );
    }
    if (input.variants) {
      const kept = new Set(input.variants.flatMap((v) => (v.id ? [v.id] : [])));
      const removed = current.variants.filter((v) => !kept.has(v.id)).map((v) => v.id);
      // Removed variants stay (archived) for the answers and submissions that cite them.
      if (removed.length)
        await tx
          .update(itemVariants)
          .set({ archivedAt: now })
          .where(and(eq(itemVariants.itemId, itemId), inArray(itemVariants.id, removed)));
      for (const v of input.variants) {
        const fields = { interest: v.interest, stem: v.stem, texts: v.texts, language: v.language };
        if (v.id) {
          const before = current.variants.find((c) => c.id === v.id)!;
          await tx
            .update(itemVariants)
            .set({ ...fields, version: before.version + 1 })
            .where(eq(itemVariants.id, v.id));
        } else
          await tx.insert(itemVariants).values({ ...fields, organizationId: actor.organizationId, itemId });
      }
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: used ? "item.revise" : "item.update",
      subjectType: "item",
      subjectId: itemId,
      details: { fields: Object.keys(input), version: updated.version, revision },
      at: now,
    });
    return { row: updated, newRevision: used };
  });
  return { ...(await hydrateItems(db, [row]))[0]!, newRevision };
}
