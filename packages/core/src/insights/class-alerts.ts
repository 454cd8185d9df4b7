/**
 * Alerts for the staff of a class: stuck, inactive, rapid guessing (and behind pace once a learner
 * has an active plan with pacing), each naming the evidence that raised it and its plain reason.
 * Thresholds come from the organization's settings (`settings.alerts`), defaults otherwise.
 */
import { eq } from "drizzle-orm";
import {
  ALERT_MODEL,
  DEFAULT_ALERT_PARAMETERS,
  renderReason,
  teacherAlerts,
  type AlertParameters,
} from "@pathwise/engine";
import { z } from "zod";
import type { Database } from "../db/open-database.js";
import { organizations } from "../identity/schema.js";
import type { SignedInCtx } from "../shared/context.js";
import { isSupportedLocale } from "../shared/locales.js";
import { classSnapshot } from "./class-snapshot.js";

/** What a school may change, each field optional; anything out of range is ignored with the default kept. */
export const AlertSettings = z.object({
  stuckAttempts: z.number().int().min(2).max(50),
  stuckMinimumGain: z.number().min(0).max(1),
  behindDays: z.number().int().min(1).max(365),
  inactiveDays: z.number().int().min(1).max(365),
  rapidSeconds: z.number().positive().max(600),
  rapidWindow: z.number().int().min(1).max(200),
  rapidShare: z.number().gt(0).max(1),
});

export async function alertParametersOf(db: Database, organizationId: string): Promise<AlertParameters> {
  const [org] = await db
    .select({ settings: organizations.settings })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const configured = (org?.settings as { alerts?: Record<string, unknown> } | undefined)?.alerts ?? {};
  const parameters: AlertParameters = { ...DEFAULT_ALERT_PARAMETERS };
  for (const key of Object.keys(AlertSettings.shape) as (keyof AlertParameters)[]) {
    const parsed = AlertSettings.shape[key].safeParse(configured[key]);
    if (parsed.success) parameters[key] = parsed.data;
  }
  return parameters;
}

export async function classAlerts(ctx: SignedInCtx, classId: string) {
  const snapshot = await classSnapshot(ctx, classId);
  const parameters = await alertParametersOf(ctx.db, ctx.actor.organizationId);
  const locale = isSupportedLocale(ctx.actor.locale) ? ctx.actor.locale : "en";
  const alerts = teacherAlerts(
    snapshot.learners.map((l) => ({
      learnerId: l.id,
      attempts: l.attempts,
      mastery: l.mastery,
      lastActivity: l.lastActivity,
      enrolledAt: l.joinedAt,
      competencyTitles: snapshot.titles,
    })),
    ctx.now(),
    parameters,
  );
  const person = new Map(snapshot.learners.map((l) => [l.id, l]));
  return {
    classId,
    parameters,
    model: { name: ALERT_MODEL.model, version: ALERT_MODEL.version },
    alerts: alerts.map((a) => {
      const l = person.get(a.learnerId)!;
      return {
        learner: { id: l.id, givenName: l.givenName, familyName: l.familyName },
        kind: a.kind,
        competencyId: a.competencyId,
        evidence: a.evidence,
        why: renderReason(a.reason, locale),
      };
    }),
  };
}
