/**
 * Waiving an AU for a learner (cmi5 §9.3.7), by an admin: the LMS records "waived" with the reason,
 * in a session of its own, and the AU counts as satisfied — which may satisfy its blocks and the
 * course, recorded in that same session. An AU already satisfied cannot be waived. A waiver is not
 * evidence of what the learner knows; a block or course it satisfies is (see statement-evidence).
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Ctx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { learnerActor, lmsActivityId } from "./identifiers.js";
import { recordLmsStatements } from "./lms-records.js";
import { authorizeCourseAdministration } from "./policies.js";
import { recordSatisfaction } from "./satisfaction.js";
import { cmi5AuProgress, cmi5Aus, cmi5Registrations } from "./schema.js";

/** The reasons cmi5 defines for a waiver (§9.5.5.2). */
export const CMI5_WAIVE_REASONS = [
  "Tested Out",
  "Equivalent AU",
  "Equivalent Outside Activity",
  "Administrative",
] as const;

export const WaiveCmi5AuInput = z.object({
  registrationId: z.uuid(),
  auId: z.uuid(),
  reason: z.enum(CMI5_WAIVE_REASONS, {
    message: `Choose one of: ${CMI5_WAIVE_REASONS.join(", ")}.`,
  }),
});
export type WaiveCmi5AuInput = z.input<typeof WaiveCmi5AuInput>;

export async function waiveCmi5Au(ctx: Ctx, raw: unknown): Promise<{ sessionId: string; waivedAt: Date }> {
  authorizeCourseAdministration(ctx, "waive");
  const actor = ctx.actor;
  const input = parseInput(WaiveCmi5AuInput, raw, "body");
  return ctx.db.transaction(async (tx) => {
    const [registration] = await tx
      .select()
      .from(cmi5Registrations)
      .where(
        and(
          eq(cmi5Registrations.id, input.registrationId),
          eq(cmi5Registrations.organizationId, actor.organizationId),
        ),
      );
    if (!registration) throw notFound("This registration");
    const [au] = await tx
      .select()
      .from(cmi5Aus)
      .where(
        and(
          eq(cmi5Aus.id, input.auId),
          eq(cmi5Aus.courseId, registration.courseId),
          isNull(cmi5Aus.retiredAt),
        ),
      );
    if (!au) throw notFound("This AU");
    const [progress] = await tx
      .select()
      .from(cmi5AuProgress)
      .where(and(eq(cmi5AuProgress.registrationId, registration.id), eq(cmi5AuProgress.auId, au.id)))
      .for("update");
    if (progress?.satisfiedAt)
      throw new AppError(
        "conflict",
        "This AU is already satisfied for this learner: there is nothing to waive.",
      );
    const sessionId = randomUUID();
    const at = ctx.now();
    await recordLmsStatements(tx, actor.organizationId, ctx.now, [
      {
        verb: "waived",
        actor: learnerActor(registration.learnerId),
        registration: registration.id,
        sessionId,
        publisherId: au.publisherId,
        activityId: lmsActivityId("au", au.id),
        reason: input.reason,
      },
    ]);
    await tx
      .insert(cmi5AuProgress)
      .values({
        organizationId: actor.organizationId,
        registrationId: registration.id,
        auId: au.id,
        waivedAt: at,
        waivedReason: input.reason,
      })
      .onConflictDoUpdate({
        target: [cmi5AuProgress.registrationId, cmi5AuProgress.auId],
        set: { waivedAt: at, waivedReason: input.reason },
      });
    await recordSatisfaction(tx, ctx.now, registration.id, sessionId);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "cmi5_au.waive",
      subjectType: "cmi5_registration",
      subjectId: registration.id,
      details: { auId: au.id, learnerId: registration.learnerId, reason: input.reason },
      at,
    });
    return { sessionId, waivedAt: at };
  });
}
