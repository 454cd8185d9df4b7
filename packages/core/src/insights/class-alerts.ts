/**
 * Alerts for the staff of a class: stuck, behind pace (for learners with an active plan), inactive,
 * rapid guessing — each naming the evidence that raised it (the plan, for pace) and its plain reason.
 * Thresholds come from the organization's settings (roster/organization-settings.ts), defaults otherwise.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { ALERT_MODEL, renderReason, teacherAlerts } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { learningPlans } from "../learners/schema.js";
import { decisions } from "../personalization/schema.js";
import { alertParametersOf } from "../roster/organization-settings.js";
import type { SignedInCtx } from "../shared/context.js";
import { isSupportedLocale } from "../shared/locales.js";
import { classSnapshot } from "./class-snapshot.js";

/**
 * Each learner's pacing, as of their active plan's latest planning (plans are re-planned on every
 * edit, approval and `replan`): the plan's newest "pace" ledger entry.
 */
async function pacingOf(db: Database, organizationId: string, learnerIds: string[]) {
  const pacing = new Map<string, { status: "ahead" | "on-track" | "behind"; days: number; planId: string }>();
  if (learnerIds.length === 0) return pacing;
  const plans = await db
    .select({ id: learningPlans.id, learnerId: learningPlans.learnerId })
    .from(learningPlans)
    .where(
      and(
        eq(learningPlans.organizationId, organizationId),
        inArray(learningPlans.learnerId, learnerIds),
        eq(learningPlans.status, "active"),
      ),
    );
  if (plans.length === 0) return pacing;
  const paces = await db
    .select({ learnerId: decisions.learnerId, payload: decisions.payload, createdAt: decisions.createdAt })
    .from(decisions)
    .where(
      and(
        eq(decisions.organizationId, organizationId),
        inArray(
          decisions.learnerId,
          plans.map((p) => p.learnerId),
        ),
        eq(decisions.what, "pace"),
      ),
    )
    .orderBy(desc(decisions.createdAt));
  for (const plan of plans) {
    const latest = paces.find((d) => d.learnerId === plan.learnerId && d.payload.planId === plan.id);
    const status = latest?.payload.pacing;
    if (status === "ahead" || status === "on-track" || status === "behind")
      pacing.set(plan.learnerId, { status, days: Number(latest!.payload.days ?? 0), planId: plan.id });
  }
  return pacing;
}

export async function classAlerts(ctx: SignedInCtx, classId: string) {
  const snapshot = await classSnapshot(ctx, classId);
  const parameters = await alertParametersOf(ctx.db, ctx.actor.organizationId);
  const pacing = await pacingOf(
    ctx.db,
    ctx.actor.organizationId,
    snapshot.learners.map((l) => l.id),
  );
  const locale = isSupportedLocale(ctx.actor.locale) ? ctx.actor.locale : "en";
  const alerts = teacherAlerts(
    snapshot.learners.map((l) => ({
      learnerId: l.id,
      attempts: l.attempts,
      mastery: l.mastery,
      lastActivity: l.lastActivity,
      enrolledAt: l.joinedAt,
      ...(pacing.has(l.id) ? { pacing: pacing.get(l.id)! } : {}),
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
