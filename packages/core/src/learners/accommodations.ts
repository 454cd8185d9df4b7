/**
 * Accommodations, set by staff (a teacher of the learner or an admin) and read by the learner and
 * their guardians: extended time, read-aloud, reduced choices, large text, high contrast, a
 * dyslexia-friendly font, breaks. Every delivery path reads them from here; the choice board turns
 * them into the supports an activity must offer (personalization/board-inputs.ts). The organization's
 * settings say which of those staff roles may set them, and what a new learner starts with.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { relationToLearner } from "../personalization/relationships.js";
import { organizationSettingsOf } from "../roster/organization-settings.js";
import type { Database } from "../db/open-database.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorize } from "./policies.js";
import { accommodations } from "./schema.js";

/** The longest extension a timer may get: four times the time (beyond that, turn the timer off). */
export const MAX_EXTENDED_TIME_FACTOR = 4;

export const SetAccommodationsInput = z
  .object({
    extendedTimeFactor: z
      .number()
      .min(1, "1 means the usual time; use more for extended time.")
      .max(MAX_EXTENDED_TIME_FACTOR)
      .nullable(),
    readAloud: z.boolean(),
    reducedChoices: z.boolean(),
    largeText: z.boolean(),
    highContrast: z.boolean(),
    dyslexiaFont: z.boolean(),
    breaks: z.boolean(),
    notes: z.string().trim().max(2000),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Send at least one accommodation to change." });

export interface AccommodationsView {
  learnerId: string;
  /** 1.5 = 50% more time; null = no timer at all. */
  extendedTimeFactor: number | null;
  readAloud: boolean;
  reducedChoices: boolean;
  largeText: boolean;
  highContrast: boolean;
  dyslexiaFont: boolean;
  breaks: boolean;
  notes: string;
  setBy: string | null;
  updatedAt: Date | null;
  version: number;
}

type Row = typeof accommodations.$inferSelect;

function viewOf(learnerId: string, row: Row | undefined): AccommodationsView {
  return {
    learnerId,
    extendedTimeFactor: row ? row.extendedTimeFactor : 1,
    readAloud: row?.readAloud ?? false,
    reducedChoices: row?.reducedChoices ?? false,
    largeText: row?.largeText ?? false,
    highContrast: row?.highContrast ?? false,
    dyslexiaFont: row?.dyslexiaFont ?? false,
    breaks: row?.breaks ?? false,
    notes: row?.notes ?? "",
    setBy: row?.setBy ?? null,
    updatedAt: row?.updatedAt ?? null,
    version: row?.version ?? 0,
  };
}

export async function getAccommodations(ctx: SignedInCtx, learnerId: string): Promise<AccommodationsView> {
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  const [row] = await db.select().from(accommodations).where(eq(accommodations.learnerId, learnerId));
  return viewOf(learnerId, row);
}

/** The accommodations that change how every page looks to the learner. */
export interface DisplayAccommodations {
  largeText: boolean;
  highContrast: boolean;
  dyslexiaFont: boolean;
}

/**
 * The signed-in learner's own display accommodations, for every page they see: one query, and
 * nothing at all for someone who is not a learner (staff and guardians see the usual pages).
 */
export async function myDisplayAccommodations(ctx: SignedInCtx): Promise<DisplayAccommodations | null> {
  const { actor, db } = ctx;
  if (!actor.roles.includes("learner")) return null;
  const [row] = await db
    .select({
      largeText: accommodations.largeText,
      highContrast: accommodations.highContrast,
      dyslexiaFont: accommodations.dyslexiaFont,
    })
    .from(accommodations)
    .where(
      and(
        eq(accommodations.learnerId, actor.userId),
        eq(accommodations.organizationId, actor.organizationId),
      ),
    );
  return row ?? { largeText: false, highContrast: false, dyslexiaFont: false };
}

/** Staff change the accommodations they send; a learner without any starts from version 0. */
export async function setAccommodations(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<AccommodationsView> {
  const input = parseInput(SetAccommodationsInput, raw, "body");
  const { actor, db } = ctx;
  const relation = await relationToLearner(db, actor, learnerId);
  authorize(actor, "set-accommodations", relation);
  const { setBy } = (await organizationSettingsOf(db, actor.organizationId)).accommodations;
  const asTeacher = relation.teaches && setBy.includes("teacher");
  const asAdmin = actor.roles.includes("admin") && setBy.includes("admin");
  if (!asTeacher && !asAdmin)
    throw forbidden(`In this organization accommodations are set by: ${setBy.join(", ")}.`);
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(accommodations)
      .where(eq(accommodations.learnerId, learnerId))
      .for("update");
    assertVersion("accommodations", current?.version ?? 0, expectedVersion);
    const fields = { ...input, setBy: actor.userId, updatedAt: now };
    const [saved] = current
      ? await tx
          .update(accommodations)
          .set({ ...fields, version: current.version + 1 })
          .where(eq(accommodations.learnerId, learnerId))
          .returning()
      : await tx
          .insert(accommodations)
          .values({ ...fields, learnerId, organizationId: actor.organizationId, version: 1 })
          .onConflictDoNothing()
          .returning();
    if (!saved) {
      // Two first saves at once: the second finds version 1 already there, like any stale edit.
      assertVersion("accommodations", 1, expectedVersion);
      throw new AppError("internal", "The accommodations could not be saved.");
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "accommodations.set",
      subjectType: "accommodations",
      subjectId: learnerId,
      details: { changes: input, version: saved.version },
      at: now,
    });
    return saved;
  });
  return viewOf(learnerId, row);
}

/**
 * New learners start with the organization's default accommodations (its settings), written as
 * their first version in the caller's transaction. Nothing is written when the defaults are the
 * usual ones, nor for a learner who already has accommodations.
 */
export async function applyDefaultAccommodations(
  tx: Database,
  organizationId: string,
  learnerIds: readonly string[],
  now: Date,
): Promise<void> {
  if (learnerIds.length === 0) return;
  const { defaults } = (await organizationSettingsOf(tx, organizationId)).accommodations;
  const usual = defaults.extendedTimeFactor === 1 && !Object.entries(defaults).some(([, v]) => v === true);
  if (usual) return;
  const existing = await tx
    .select({ learnerId: accommodations.learnerId })
    .from(accommodations)
    .where(inArray(accommodations.learnerId, [...learnerIds]));
  const fresh = learnerIds.filter((id) => !existing.some((e) => e.learnerId === id));
  if (fresh.length === 0) return;
  await tx
    .insert(accommodations)
    .values(
      fresh.map((learnerId) => ({
        ...defaults,
        learnerId,
        organizationId,
        setBy: null,
        updatedAt: now,
        version: 1,
      })),
    )
    .onConflictDoNothing();
}
