/**
 * Runs the engine's planner for a stored plan and turns its answer into what is kept: the plan's
 * entries (order, minutes, expected dates, the people's pins, skips and this week's commitments)
 * and one ledger Decision per planned item, per skip, and for the pacing — so every "why" of the
 * plan can be read back, with the evidence it rested on.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { planToward, type Decision, type Plan, type PlanEdit } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { competencies } from "../frameworks/schema.js";
import { users } from "../identity/schema.js";
import {
  competencyGraphOf,
  evidenceReferencesOf,
  frameworkIdsOfLearner,
  masteryOfLearner,
} from "../personalization/board-inputs.js";
import { decisions } from "../personalization/schema.js";
import type { PlanBasis, PlanEntry } from "./schema.js";

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the week `now` falls in, as an ISO date: how commitments name their week. */
export function weekOf(now: Date): string {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - day * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** The people's part of an entry — what survives a re-plan. */
export type EditState = Pick<PlanEntry, "competencyId" | "pinned" | "skipped" | "committedWeek">;

export interface PlanSettings {
  goalCompetencyIds: string[];
  targetDate: string | null;
  weeklyMinutes: number;
}

export interface PlannedResult {
  entries: PlanEntry[];
  plan: Plan;
  /** What the plan was computed on (kept with it: a plan whose basis moved on is re-planned when read). */
  basis: PlanBasis;
}

/** The organization's active learner model and the learner's state under it, now: one query. */
export async function planBasisOf(
  db: Database,
  organizationId: string,
  learnerId: string,
): Promise<PlanBasis> {
  const result = await db.execute(sql`
    with m as (
      select lm.id from learner_models lm
       where lm.organization_id = ${organizationId} and lm.activated_at is not null
       order by lm.activated_at desc limit 1)
    select (select id from m) as model_id, s.evidence_count, s.updated_at
      from (select 1) as one
      left join learner_states s on s.learner_id = ${learnerId} and s.model_id = (select id from m)`);
  const [row] = (
    result as unknown as {
      rows: { model_id: string | null; evidence_count: number | null; updated_at: Date | string | null }[];
    }
  ).rows;
  return {
    modelId: row?.model_id ?? null,
    evidenceCount: Number(row?.evidence_count ?? 0),
    stateUpdatedAt: row?.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}

export function sameBasis(a: PlanBasis | null, b: PlanBasis): boolean {
  return (
    a !== null &&
    a.modelId === b.modelId &&
    a.evidenceCount === b.evidenceCount &&
    a.stateUpdatedAt === b.stateUpdatedAt
  );
}

/** Entries carrying a pin, a skip or a commitment, as the planner's edits, in plan order. */
export function editStateOf(entries: readonly PlanEntry[]): EditState[] {
  return [...entries]
    .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity))
    .filter((e) => e.pinned || e.skipped || e.committedWeek)
    .map(({ competencyId, pinned, skipped, committedWeek }) => ({
      competencyId,
      ...(pinned ? { pinned } : {}),
      ...(skipped ? { skipped } : {}),
      ...(committedWeek ? { committedWeek } : {}),
    }));
}

export async function runPlanner(
  tx: Database,
  organizationId: string,
  learnerId: string,
  planId: string,
  planVersion: number,
  settings: PlanSettings,
  edits: readonly EditState[],
  now: Date,
): Promise<PlannedResult> {
  const goalFrameworks = await tx
    .selectDistinct({ frameworkId: competencies.frameworkId })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, organizationId),
        inArray(competencies.id, [...settings.goalCompetencyIds, ...edits.map((e) => e.competencyId)]),
        isNull(competencies.retiredAt),
      ),
    );
  const frameworkIds = [
    ...new Set([
      ...(await frameworkIdsOfLearner(tx, organizationId, learnerId)),
      ...goalFrameworks.map((f) => f.frameworkId),
    ]),
  ];
  const basis = await planBasisOf(tx, organizationId, learnerId);
  const [graph, { reports }, evidence] = await Promise.all([
    competencyGraphOf(tx, organizationId, frameworkIds),
    masteryOfLearner(tx, learnerId),
    evidenceReferencesOf(tx, learnerId),
  ]);
  const editorIds = [
    ...new Set(edits.flatMap((e) => [e.pinned?.by, e.skipped?.by]).filter((id): id is string => !!id)),
  ];
  const editors = editorIds.length
    ? await tx
        .select({ id: users.id, givenName: users.givenName, familyName: users.familyName })
        .from(users)
        .where(inArray(users.id, editorIds))
    : [];
  const byOf = (userId: string): PlanEdit["by"] => {
    if (userId === learnerId) return { kind: "learner", userId };
    const person = editors.find((p) => p.id === userId);
    return {
      kind: "teacher",
      userId,
      name: person ? `${person.givenName} ${person.familyName}` : "a teacher",
    };
  };
  const planEdits: PlanEdit[] = edits.flatMap((e): PlanEdit[] =>
    e.skipped
      ? [{ competencyId: e.competencyId, action: "skip", by: byOf(e.skipped.by), note: e.skipped.reason }]
      : e.pinned
        ? [{ competencyId: e.competencyId, action: "pin", by: byOf(e.pinned.by), note: e.pinned.reason }]
        : [],
  );
  const week = weekOf(now);
  const committedThisWeek = edits
    .filter((e) => e.committedWeek === week && !e.skipped)
    .map((e) => e.competencyId);
  const targetDate = settings.targetDate
    ? new Date(`${settings.targetDate}T00:00:00Z`)
    : new Date(now.getTime() + 365 * DAY_MS);
  const plan = planToward({
    graph,
    learnerId,
    goal: { competencyIds: settings.goalCompetencyIds, targetDate, minutesPerWeek: settings.weeklyMinutes },
    mastery: reports,
    now,
    edits: planEdits,
    committedThisWeek,
    evidence,
  });

  // Write the ledger: one decision per planned item, per skip, and one for the pace.
  const row = (competencyId: string | null, d: Decision, payload: Record<string, unknown>) => ({
    organizationId,
    learnerId,
    competencyId,
    what: d.what,
    how: d.how,
    actorKind: d.who.kind,
    actorUserId: d.who.kind === "engine" ? null : d.who.userId,
    model: d.who.kind === "engine" ? d.who.model : null,
    modelVersion: d.who.kind === "engine" ? d.who.version : null,
    basedOn: d.basedOn,
    reasonMessageId: d.reason.messageId,
    reasonValues: d.reason.values,
    payload: { plan: true, planId, planVersion, ...payload },
    createdAt: now,
  });
  const written = await tx
    .insert(decisions)
    .values([
      ...plan.items.map((item) =>
        row(item.competencyId, item.decision, {
          position: item.position,
          minutes: item.minutes,
          source: item.source,
        }),
      ),
      ...plan.skipped.map((s) => row(s.competencyId, s.decision, { skipped: true })),
      row(null, plan.pacing.decision, {
        pacing: plan.pacing.status,
        days: plan.pacing.days,
        expectedCompletion: plan.expectedCompletion.toISOString(),
        minutesRemaining: plan.minutesRemaining,
        warnings: plan.warnings,
      }),
    ])
    .returning({ id: decisions.id, competencyId: decisions.competencyId });
  // Items and skips are distinct competencies, so the competency matches each row to its entry.
  const decisionOf = new Map(written.map((w) => [w.competencyId, w.id]));
  const editOf = new Map(edits.map((e) => [e.competencyId, e]));
  const entries: PlanEntry[] = [
    ...plan.items.map((item): PlanEntry => {
      const edit = editOf.get(item.competencyId);
      return {
        competencyId: item.competencyId,
        ...(edit?.pinned ? { pinned: edit.pinned } : {}),
        ...(edit?.committedWeek ? { committedWeek: edit.committedWeek } : {}),
        position: item.position,
        minutes: item.minutes,
        source: item.source,
        expectedStart: item.expectedStart.toISOString(),
        expectedDone: item.expectedDone.toISOString(),
        decisionId: decisionOf.get(item.competencyId)!,
      };
    }),
    ...plan.skipped.map((s): PlanEntry => ({
      competencyId: s.competencyId,
      skipped: editOf.get(s.competencyId)!.skipped!,
      decisionId: decisionOf.get(s.competencyId)!,
    })),
  ];
  return { entries, plan, basis };
}
