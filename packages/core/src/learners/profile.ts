/**
 * The learner's profile — strengths, interests, needs, how they learn best, languages — owned and
 * edited by the learner. Teachers and admins read all of it; guardians read the fields the learner
 * chose to share with them. Edits name the version they were based on (If-Match); a learner who
 * never saved a profile has version 0.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { relationToLearner, type LearnerRelation } from "../personalization/relationships.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorize } from "./policies.js";
import { learnerProfiles } from "./schema.js";

export const PROFILE_FIELDS = ["strengths", "interests", "needs", "howILearnBest", "languages"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

const phrases = (what: string) =>
  z.array(z.string().trim().min(1, `An empty entry in ${what}.`).max(200)).max(30, `At most 30 ${what}.`);

/** A BCP 47 language tag such as "en", "es-MX" or "zh-Hant". */
const LanguageTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en, es or es-MX.");

export const UpdateProfileInput = z
  .object({
    strengths: phrases("strengths"),
    interests: phrases("interests"),
    needs: phrases("needs"),
    howILearnBest: z.string().trim().max(2000),
    languages: z.array(LanguageTag).max(10),
    sharedWithGuardians: z.array(z.enum(PROFILE_FIELDS)).max(PROFILE_FIELDS.length),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Send at least one field to change." });

export interface LearnerProfileView {
  learnerId: string;
  strengths: string[] | null;
  interests: string[] | null;
  needs: string[] | null;
  howILearnBest: string | null;
  languages: string[] | null;
  /** What guardians see; shown to the learner and staff only. */
  sharedWithGuardians: ProfileField[] | null;
  version: number;
  updatedAt: Date | null;
}

type ProfileRow = typeof learnerProfiles.$inferSelect;

function viewOf(learnerId: string, row: ProfileRow | undefined, actor: Actor, relation: LearnerRelation) {
  const guardianOnly =
    relation.guards && !relation.isSelf && !relation.teaches && !actor.roles.includes("admin");
  const shared = new Set<string>(row?.sharedWithGuardians ?? []);
  const show = <T>(field: ProfileField, value: T): T | null =>
    !guardianOnly || shared.has(field) ? value : null;
  return {
    learnerId,
    strengths: show("strengths", row?.strengths ?? []),
    interests: show("interests", row?.interests ?? []),
    needs: show("needs", row?.needs ?? []),
    howILearnBest: show("howILearnBest", row?.howILearnBest ?? ""),
    languages: show("languages", row?.languages ?? []),
    sharedWithGuardians: guardianOnly ? null : ((row?.sharedWithGuardians ?? []) as ProfileField[]),
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
  } satisfies LearnerProfileView;
}

export async function getLearnerProfile(ctx: SignedInCtx, learnerId: string): Promise<LearnerProfileView> {
  const { actor, db } = ctx;
  const relation = await relationToLearner(db, actor, learnerId);
  authorize(actor, "view", relation);
  const [row] = await db.select().from(learnerProfiles).where(eq(learnerProfiles.learnerId, learnerId));
  return viewOf(learnerId, row, actor, relation);
}

/** The learner changes the fields they send; the others stay as they were. */
export async function updateLearnerProfile(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<LearnerProfileView> {
  const input = parseInput(UpdateProfileInput, raw, "body");
  const { actor, db } = ctx;
  const relation = await relationToLearner(db, actor, learnerId);
  authorize(actor, "edit-profile", relation);
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(learnerProfiles)
      .where(eq(learnerProfiles.learnerId, learnerId))
      .for("update");
    assertVersion("profile", current?.version ?? 0, expectedVersion);
    const fields = { ...input, updatedAt: now };
    const [saved] = current
      ? await tx
          .update(learnerProfiles)
          .set({ ...fields, version: current.version + 1 })
          .where(eq(learnerProfiles.learnerId, learnerId))
          .returning()
      : await tx
          .insert(learnerProfiles)
          .values({ ...fields, learnerId, organizationId: actor.organizationId, version: 1 })
          .onConflictDoNothing()
          .returning();
    if (!saved) {
      // Two first saves at once: the second finds version 1 already there, like any stale edit.
      assertVersion("profile", 1, expectedVersion);
      throw new AppError("internal", "The profile could not be saved.");
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "learner-profile.update",
      subjectType: "learner_profile",
      subjectId: learnerId,
      details: { fields: Object.keys(input), version: saved.version },
      at: now,
    });
    return saved;
  });
  return viewOf(learnerId, row, actor, relation);
}
