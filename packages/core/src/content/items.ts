/**
 * Items — single and multiple choice, numeric with tolerance, short text (scored by a teacher),
 * ordering — and their interest-context variants: the same question, the same key, worded for a
 * learner who loves sports, music or cooking. Staff read an item with its key; a learner is served
 * it without the key, in the variant that matches their interests and language when one exists.
 */
import { and, desc, eq, exists, inArray, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { competencies } from "../frameworks/schema.js";
import { users } from "../identity/schema.js";
import { accommodations, learnerProfiles } from "../learners/schema.js";
import { assertCompetencies } from "../portfolio/artifacts.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { decodeCursor, pageOf, PageInput, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { deliveredBody, type DeliveredBody } from "./item-scoring.js";
import { authorize, isStaff, visibleCompetencyIds } from "./policies.js";
import { itemCompetencies, items, itemVariants, levelEnum, type ItemBody } from "./schema.js";

const Choice = z.object({ id: z.string().trim().min(1).max(40), text: z.string().trim().min(1).max(2000) });
const unique = (ids: string[]) => new Set(ids).size === ids.length;

export const ItemBodyInput = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("single_choice"),
      choices: z.array(Choice).min(2, "Give at least two choices.").max(10),
      correct: z.string().min(1),
    }),
    z.object({
      kind: z.literal("multiple_choice"),
      choices: z.array(Choice).min(2, "Give at least two choices.").max(10),
      correct: z.array(z.string().min(1)).min(1, "Mark at least one choice correct."),
    }),
    z.object({
      kind: z.literal("numeric"),
      answer: z.number().finite(),
      tolerance: z.number().finite().min(0, "A tolerance cannot be negative.").default(0),
      unit: z.string().trim().min(1).max(40).optional(),
    }),
    z.object({ kind: z.literal("short_text"), modelAnswer: z.string().trim().min(1).max(10_000) }),
    z.object({
      kind: z.literal("ordering"),
      entries: z.array(Choice).min(2, "Give at least two entries.").max(12),
      correctOrder: z.array(z.string().min(1)),
    }),
  ])
  .superRefine((body, ctx) => {
    if (body.kind === "single_choice" || body.kind === "multiple_choice") {
      const ids = body.choices.map((c) => c.id);
      if (!unique(ids))
        ctx.addIssue({ code: "custom", path: ["choices"], message: "Choice ids must differ." });
      const correct = body.kind === "single_choice" ? [body.correct] : body.correct;
      correct.forEach((id, index) => {
        if (!ids.includes(id))
          ctx.addIssue({
            code: "custom",
            path: body.kind === "single_choice" ? ["correct"] : ["correct", index],
            message: `"${id}" is not one of the choices.`,
          });
      });
    }
    if (body.kind === "ordering") {
      const ids = body.entries.map((e) => e.id);
      if (!unique(ids))
        ctx.addIssue({ code: "custom", path: ["entries"], message: "Entry ids must differ." });
      const order = body.correctOrder;
      if (order.length !== ids.length || !unique(order) || !order.every((id) => ids.includes(id)))
        ctx.addIssue({
          code: "custom",
          path: ["correctOrder"],
          message: "List every entry id exactly once, in the correct order.",
        });
    }
  });

const LanguageTag = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en, es or pt-BR.");

export const VariantInput = z.object({
  interest: z.string().trim().min(1, "Name the interest, e.g. sports.").max(60),
  stem: z.string().trim().min(1, "Write the question in this context.").max(10_000),
  /** Re-worded choice or entry texts by id (and `unit` for a numeric item). */
  texts: z.record(z.string(), z.string().trim().min(1).max(2000)).default({}),
  language: LanguageTag.default("en"),
});

export const CreateItemInput = z.object({
  stem: z.string().trim().min(1, "Write the question.").max(10_000),
  body: ItemBodyInput,
  competencyIds: z.array(z.uuid()).min(1, "Tag at least one competency.").max(20),
  level: z.enum(levelEnum.enumValues).default("at"),
  language: LanguageTag.default("en"),
  /** Probability of a correct guess; by default 1/choices for single choice, else 0. */
  guessRate: z.number().min(0).max(1).optional(),
  variants: z.array(VariantInput).max(20).default([]),
});

export type ItemRow = typeof items.$inferSelect;
export type ItemVariant = typeof itemVariants.$inferSelect;
export interface Item extends ItemRow {
  competencyIds: string[];
  variants: ItemVariant[];
}

/**
 * Variant texts may only re-word what the item has: its choices or entries (or a numeric unit), so
 * a variant keeps the item's structure and key. And no two choices or entries of a variant may read
 * the same (once re-worded), or the learner could not tell the right one from another.
 */
export function checkVariantTexts(body: ItemBody, texts: Record<string, string>, path: string): void {
  const ids =
    body.kind === "single_choice" || body.kind === "multiple_choice"
      ? body.choices.map((c) => c.id)
      : body.kind === "ordering"
        ? body.entries.map((e) => e.id)
        : body.kind === "numeric"
          ? ["unit"]
          : [];
  const stray = Object.keys(texts).filter((id) => !ids.includes(id));
  if (stray.length)
    throw new AppError(
      "validation_failed",
      "Some fields are not valid.",
      stray.map((id) => ({
        path: `${path}.texts.${id}`,
        message: "The item has no choice or entry with this id.",
      })),
    );
  const options =
    body.kind === "single_choice" || body.kind === "multiple_choice"
      ? body.choices
      : body.kind === "ordering"
        ? body.entries
        : [];
  const worded = options.map((o) => ({
    id: o.id,
    text: (texts[o.id] ?? o.text).trim().toLowerCase(),
    reworded: o.id in texts,
  }));
  // Only what the variant re-words is its own doing (the item's wording is checked with the item).
  const twin = worded.find((o, index) => {
    const first = worded.findIndex((w) => w.text === o.text);
    return first < index && (o.reworded || worded[first]!.reworded);
  });
  if (twin)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      {
        path: `${path}.texts.${twin.id}`,
        message: "Two choices or entries of this variant read the same: word each differently.",
      },
    ]);
}

export async function hydrateItems(db: Database, rows: ItemRow[]): Promise<Item[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db.select().from(itemCompetencies).where(inArray(itemCompetencies.itemId, ids));
  const variants = await db.select().from(itemVariants).where(inArray(itemVariants.itemId, ids));
  return rows.map((r) => ({
    ...r,
    competencyIds: links.filter((l) => l.itemId === r.id).map((l) => l.competencyId),
    variants: variants.filter((v) => v.itemId === r.id && !v.archivedAt),
  }));
}

export async function createItem(ctx: SignedInCtx, raw: unknown): Promise<Item> {
  const input = parseInput(CreateItemInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "author");
  const body = input.body as ItemBody;
  input.variants.forEach((v, index) => checkVariantTexts(body, v.texts, `body.variants.${index}`));
  await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  const competencyIds = [...new Set(input.competencyIds)];
  const guessRate = input.guessRate ?? (body.kind === "single_choice" ? 1 / body.choices.length : 0);
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [item] = await tx
      .insert(items)
      .values({
        organizationId: actor.organizationId,
        kind: body.kind,
        stem: input.stem,
        body,
        guessRate,
        level: input.level,
        language: input.language,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(itemCompetencies).values(
      competencyIds.map((competencyId) => ({
        organizationId: actor.organizationId,
        itemId: item!.id,
        competencyId,
      })),
    );
    if (input.variants.length)
      await tx
        .insert(itemVariants)
        .values(
          input.variants.map((v) => ({ ...v, organizationId: actor.organizationId, itemId: item!.id })),
        );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "item.create",
      subjectType: "item",
      subjectId: item!.id,
      details: { kind: body.kind, competencyIds, variants: input.variants.length },
      at: now,
    });
    return item!;
  });
  return (await hydrateItems(db, [row]))[0]!;
}

/** The item if the caller may see it (learners: current items of their classes' competencies). */
export async function findVisibleItem(db: Database, actor: Actor, itemId: string): Promise<Item> {
  authorize(actor, "view");
  const [row] = await db
    .select()
    .from(items)
    .where(and(eq(items.id, itemId), eq(items.organizationId, actor.organizationId)));
  if (!row) throw notFound("The item");
  const [item] = await hydrateItems(db, [row]);
  const visible = await visibleCompetencyIds(db, actor);
  if (visible && (row.archivedAt || !item!.competencyIds.some((id) => visible.has(id))))
    throw notFound("The item");
  return item!;
}

/** An item with its key and variants, for the staff who author and score it. */
export async function getItem(ctx: SignedInCtx, itemId: string): Promise<Item> {
  const item = await findVisibleItem(ctx.db, ctx.actor, itemId);
  authorize(ctx.actor, "author");
  return item;
}

export async function addItemVariant(ctx: SignedInCtx, itemId: string, raw: unknown): Promise<ItemVariant> {
  const input = parseInput(VariantInput, raw, "body");
  const { actor, db } = ctx;
  const item = await getItem(ctx, itemId);
  checkVariantTexts(item.body, input.texts, "body");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [variant] = await tx
      .insert(itemVariants)
      .values({ ...input, organizationId: actor.organizationId, itemId })
      .returning();
    // Touch the item so that caches keyed on content edits see the change.
    await tx.update(items).set({ updatedAt: now }).where(eq(items.id, itemId));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "item.add-variant",
      subjectType: "item",
      subjectId: itemId,
      details: { variantId: variant!.id, interest: input.interest, language: input.language },
      at: now,
    });
    return variant!;
  });
}

export interface DeliveredItem {
  id: string;
  kind: ItemRow["kind"];
  stem: string;
  language: string;
  body: DeliveredBody;
  /** The interest-context variant served, or null for the item as written. */
  variantId: string | null;
  interest: string | null;
  competencyIds: string[];
  /**
   * The learner's accommodations for the player to apply (reduced choices is already applied to
   * the choices above); null for someone without any.
   */
  accommodations: {
    extendedTimeFactor: number | null;
    readAloud: boolean;
    reducedChoices: boolean;
    largeText: boolean;
    highContrast: boolean;
    dyslexiaFont: boolean;
    breaks: boolean;
  } | null;
}

/** The learner's interests (in their order) and languages (their profile's, else their account's). */
export async function interestsAndLanguagesOf(db: Database, learnerId: string) {
  const [profile] = await db
    .select({ interests: learnerProfiles.interests, languages: learnerProfiles.languages })
    .from(learnerProfiles)
    .where(eq(learnerProfiles.learnerId, learnerId));
  const [user] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, learnerId));
  const languages = profile?.languages.length ? profile.languages : [user?.locale ?? "en"];
  return {
    interests: (profile?.interests ?? []).map((i) => i.toLowerCase()),
    languages: languages.map((l) => l.toLowerCase()),
  };
}

/**
 * The variant for this learner: one in a context they are interested in (their first interest
 * first) and a language they read; failing that, when the item is not in a language they read,
 * any variant that is; failing that, the item as written.
 */
export function chooseVariant(
  item: Pick<Item, "language" | "variants">,
  learner: { interests: string[]; languages: string[] },
): ItemVariant | null {
  const reads = (language: string) =>
    learner.languages.some(
      (l) => l === language.toLowerCase() || l.split("-")[0] === language.toLowerCase().split("-")[0],
    );
  for (const interest of learner.interests) {
    const match = item.variants.find((v) => v.interest.toLowerCase() === interest && reads(v.language));
    if (match) return match;
  }
  if (!reads(item.language)) return item.variants.find((v) => reads(v.language)) ?? null;
  return null;
}

/** The item as the caller answers it: no key, in the variant chosen for them. */
export async function deliverItem(ctx: SignedInCtx, itemId: string): Promise<DeliveredItem> {
  const { actor, db } = ctx;
  const item = await findVisibleItem(db, actor, itemId);
  const variant = isStaff(actor)
    ? null
    : chooseVariant(item, await interestsAndLanguagesOf(db, actor.userId));
  const [needs] = isStaff(actor)
    ? []
    : await db
        .select()
        .from(accommodations)
        .where(
          and(
            eq(accommodations.learnerId, actor.userId),
            eq(accommodations.organizationId, actor.organizationId),
          ),
        );
  return {
    id: item.id,
    kind: item.kind,
    stem: variant?.stem ?? item.stem,
    language: variant?.language ?? item.language,
    body: deliveredBody(item.body, variant?.texts ?? {}, `${item.id}:${actor.userId}`, {
      reduceChoices: needs?.reducedChoices ?? false,
    }),
    variantId: variant?.id ?? null,
    interest: variant?.interest ?? null,
    competencyIds: item.competencyIds,
    accommodations: needs
      ? {
          extendedTimeFactor: needs.extendedTimeFactor,
          readAloud: needs.readAloud,
          reducedChoices: needs.reducedChoices,
          largeText: needs.largeText,
          highContrast: needs.highContrast,
          dyslexiaFont: needs.dyslexiaFont,
          breaks: needs.breaks,
        }
      : null,
  };
}

/** The current (not retired) competencies an item speaks to, for the evidence an answer becomes. */
export async function liveCompetencyIdsOf(db: Database, item: Item): Promise<string[]> {
  const rows = await db
    .select({ id: competencies.id })
    .from(competencies)
    .where(and(inArray(competencies.id, item.competencyIds), isNull(competencies.retiredAt)));
  return rows.map((r) => r.id);
}

export const ListItemsInput = PageInput.extend({
  competencyId: z.uuid().optional(),
  includeArchived: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

/** The organization's items with their keys, newest first, for the staff who author and assign them. */
export async function listItems(ctx: SignedInCtx, raw: unknown): Promise<Page<Item>> {
  const input = parseInput(ListItemsInput, raw, "query");
  const { actor, db } = ctx;
  authorize(actor, "author");
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(items)
    .where(
      and(
        eq(items.organizationId, actor.organizationId),
        input.includeArchived ? undefined : isNull(items.archivedAt),
        input.competencyId
          ? exists(
              db
                .select({ one: itemCompetencies.itemId })
                .from(itemCompetencies)
                .where(
                  and(
                    eq(itemCompetencies.itemId, items.id),
                    eq(itemCompetencies.competencyId, input.competencyId),
                  ),
                ),
            )
          : undefined,
        cursor
          ? or(
              lt(items.createdAt, new Date(cursor.at)),
              and(eq(items.createdAt, new Date(cursor.at)), lt(items.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(items.createdAt), desc(items.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => r.createdAt);
  return { items: await hydrateItems(db, page.items), nextCursor: page.nextCursor };
}

/** Archive an item (no longer served, answered or offered on boards) or bring it back. */
export async function archiveItem(ctx: SignedInCtx, itemId: string, archived: boolean): Promise<Item> {
  const { actor, db } = ctx;
  const current = await getItem(ctx, itemId);
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(items)
      .set({
        archivedAt: archived ? (current.archivedAt ?? now) : null,
        updatedAt: now,
        version: current.version + 1,
      })
      .where(eq(items.id, itemId))
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: archived ? "item.archive" : "item.restore",
      subjectType: "item",
      subjectId: itemId,
      at: now,
    });
    return updated!;
  });
  return (await hydrateItems(db, [row]))[0]!;
}
