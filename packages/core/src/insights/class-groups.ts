/**
 * Suggested small groups for a class, and turning one into a group session with one click. The
 * suggestion is recomputed on every request (it is cheap and must reflect the latest evidence); what
 * is recorded is the teacher's act of creating a session: one ledger entry per member, so every
 * learner can see why they were asked to join, and the session itself.
 */
import { and, desc, eq } from "drizzle-orm";
import {
  DEFAULT_GROUPING_PARAMETERS,
  GROUPING_MODEL,
  renderReason,
  suggestGroups,
  type Activity,
} from "@pathwise/engine";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { activitiesOf } from "../personalization/board-inputs.js";
import { decisions, groupSessions } from "../personalization/schema.js";
import { isSupportedLocale } from "../shared/locales.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { classForInsights } from "./class-access.js";
import { classSnapshot } from "./class-snapshot.js";

export const SuggestGroupsInput = z
  .object({
    minSize: z.coerce.number().int().min(1).max(40).default(DEFAULT_GROUPING_PARAMETERS.minSize),
    maxSize: z.coerce.number().int().min(1).max(40).default(DEFAULT_GROUPING_PARAMETERS.maxSize),
  })
  .refine((v) => v.maxSize >= v.minSize, {
    path: ["maxSize"],
    message: "The largest group size must be at least the smallest.",
  });

export interface SuggestedClassGroup {
  competency: { id: string; title: string };
  learners: { id: string; givenName: string; familyName: string; probability: number | null }[];
  activity: { id: string; title: string; modality: string; minutes: number } | null;
  why: string;
  basedOn: unknown[];
  model: { name: string; version: string };
}

export async function suggestClassGroups(ctx: SignedInCtx, classId: string, raw: unknown) {
  const input = parseInput(SuggestGroupsInput, raw, "query");
  const snapshot = await classSnapshot(ctx, classId);
  const activities = await activitiesOf(ctx.db, ctx.actor.organizationId, new Set(snapshot.graph.ids));
  const byCompetency = new Map<string, Activity[]>();
  for (const a of activities)
    byCompetency.set(a.competencyId, [...(byCompetency.get(a.competencyId) ?? []), a]);
  const { groups, ungrouped } = suggestGroups(
    snapshot.graph,
    snapshot.learners.map((l) => ({
      learnerId: l.id,
      mastery: l.mastery,
      evidence: l.evidence,
      languages: l.languages,
    })),
    byCompetency,
    { ...DEFAULT_GROUPING_PARAMETERS, minSize: input.minSize, maxSize: input.maxSize },
  );
  const locale = isSupportedLocale(ctx.actor.locale) ? ctx.actor.locale : "en";
  const person = new Map(snapshot.learners.map((l) => [l.id, l]));
  return {
    classId,
    minSize: input.minSize,
    maxSize: input.maxSize,
    groups: groups.map((g): SuggestedClassGroup => ({
      competency: { id: g.competencyId, title: snapshot.titles.get(g.competencyId) ?? g.competencyId },
      learners: g.learnerIds.map((id) => {
        const l = person.get(id)!;
        return {
          id,
          givenName: l.givenName,
          familyName: l.familyName,
          probability: l.mastery.get(g.competencyId)?.probability ?? null,
        };
      }),
      activity: g.activity && {
        id: g.activity.id,
        title: g.activity.title,
        modality: g.activity.modality,
        minutes: g.activity.minutes,
      },
      why: renderReason(g.decision.reason, locale),
      basedOn: g.decision.basedOn,
      model: { name: GROUPING_MODEL.model, version: GROUPING_MODEL.version },
    })),
    ungrouped: ungrouped.map((id) => {
      const l = person.get(id)!;
      return { id, givenName: l.givenName, familyName: l.familyName };
    }),
  };
}

export const CreateGroupSessionInput = z.object({
  competencyId: z.uuid(),
  learnerIds: z.array(z.uuid()).min(1, "A group needs at least one learner.").max(40),
  title: z.string().trim().min(1, "Give the session a title.").max(200),
  activityId: z.string().max(200).optional(),
  scheduledFor: z.iso.datetime({ offset: true }).optional(),
});

/** A teacher of the class creates a group session; each member gets a ledger entry explaining it. */
export async function createGroupSession(ctx: SignedInCtx, classId: string, raw: unknown) {
  const input = parseInput(CreateGroupSessionInput, raw, "body");
  const { actor, db } = ctx;
  // Staff of the class (teachers, co-teachers) and admins; learners and guardians are refused here.
  const klass = await classForInsights(ctx, classId);
  const snapshot = await classSnapshot(ctx, classId);
  const problems = input.learnerIds.flatMap((id, index) =>
    snapshot.learners.some((l) => l.id === id)
      ? []
      : [{ path: `body.learnerIds[${index}]`, message: "This learner is not in the class." }],
  );
  if (!snapshot.graph.ids.includes(input.competencyId))
    problems.push({ path: "body.competencyId", message: "This competency is not in the class's framework." });
  if (new Set(input.learnerIds).size !== input.learnerIds.length)
    problems.push({ path: "body.learnerIds", message: "A learner is listed twice." });
  if (problems.length) throw new AppError("validation_failed", "Some fields are not valid.", problems);

  const title = snapshot.titles.get(input.competencyId) ?? input.competencyId;
  return db.transaction(async (tx) => {
    const now = ctx.now();
    const entries = await tx
      .insert(decisions)
      .values(
        input.learnerIds.map((learnerId) => {
          const learner = snapshot.learners.find((l) => l.id === learnerId)!;
          const report = learner.mastery.get(input.competencyId);
          return {
            organizationId: actor.organizationId,
            learnerId,
            classId,
            competencyId: input.competencyId,
            what: "grouping",
            how: ["path"],
            actorKind: "teacher" as const,
            actorUserId: actor.userId,
            basedOn: [
              {
                kind: "performance",
                references: (learner.evidence.get(input.competencyId) ?? []).slice(-10),
                values: {
                  pMastery: Math.round((report?.probability ?? 0) * 1000) / 1000,
                  status: report?.status ?? "not-started",
                },
              },
            ],
            reasonMessageId: "group.next-step",
            reasonValues: { competency: title, activity: input.title },
            payload: {
              learnerIds: input.learnerIds,
              activityId: input.activityId ?? null,
              suggestedBy: `${GROUPING_MODEL.model}@${GROUPING_MODEL.version}`,
            },
            createdAt: now,
          };
        }),
      )
      .returning({ id: decisions.id });
    const [session] = await tx
      .insert(groupSessions)
      .values({
        organizationId: actor.organizationId,
        classId: klass.id,
        competencyId: input.competencyId,
        title: input.title,
        learnerIds: input.learnerIds,
        activity: input.activityId ? { id: input.activityId } : {},
        scheduledFor: input.scheduledFor ? new Date(input.scheduledFor) : null,
        createdBy: actor.userId,
        decisionId: entries[0]!.id,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "group_session.create",
      subjectType: "group_session",
      subjectId: session!.id,
      details: { classId, learnerIds: input.learnerIds, competencyId: input.competencyId },
      at: now,
    });
    return session!;
  });
}

export async function listGroupSessions(ctx: SignedInCtx, classId: string) {
  const { actor, db } = ctx;
  await classForInsights(ctx, classId);
  return db
    .select()
    .from(groupSessions)
    .where(and(eq(groupSessions.organizationId, actor.organizationId), eq(groupSessions.classId, classId)))
    .orderBy(desc(groupSessions.createdAt))
    .limit(100);
}
