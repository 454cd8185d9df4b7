/**
 * The heart of the central loop: one piece of evidence updates the learner's model state and the
 * mastery of every competency it speaks to, inside the caller's transaction. The learner's state
 * row is locked first, so answers arriving at once are applied one after the other, never lost.
 */
import { and, eq, sql } from "drizzle-orm";
import type { MasteryReport } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { PASSING_SCORE } from "./defaults.js";
import { activeModel, type OrganizationModel } from "./learner-model.js";
import { readLoopInputs, type LoopInputs } from "./loop-inputs.js";
import { competencyMastery, learnerStates } from "./schema.js";
import type { BktLearnerState } from "@pathwise/engine";

export interface Observation {
  organizationId: string;
  learnerId: string;
  competencyIds: string[];
  itemId: string | null;
  /** Right/wrong of an auto-scored attempt, or a score 0..1 turned into a success at PASSING_SCORE. */
  correct: boolean | null;
  score: number | null;
  occurredAt: Date;
}

export interface StateUpdate {
  modelName: string;
  /** Mastery before and after, per competency the evidence spoke to. */
  changes: { competencyId: string; before: MasteryReport; after: MasteryReport }[];
}

/** Whether a piece of evidence says "succeeded", "did not", or nothing the model can use. */
/** The item a response is filed under: the item, or the set of competencies when there is none. */
export function responseKeyOf(itemId: string | null | undefined, competencyIds: readonly string[]): string {
  return itemId ?? `evidence:${competencyIds.join("+")}`;
}

export function outcomeOf(observation: Pick<Observation, "correct" | "score">): boolean | null {
  if (observation.correct !== null) return observation.correct;
  if (observation.score !== null) return observation.score >= PASSING_SCORE;
  return null;
}

export async function updateLearnerState(
  tx: Database,
  observation: Observation,
  now: Date,
): Promise<StateUpdate | null> {
  const locked = await lockedStateOf(tx, observation.organizationId, observation.learnerId, now);
  const step = stepLearnerState(locked, observation);
  if (!step) return null;
  await tx.execute(
    sql`with ${stateWrites(observation.organizationId, observation.learnerId, step, now, null)} select 1`,
  );
  return step.update;
}

/** The organization's model and the learner's state under it, locked: writers to one learner take turns. */
export interface LockedState {
  model: OrganizationModel;
  state: BktLearnerState | undefined;
}

/**
 * Lock the learner's state (one query, which also reads the active model), creating the model or
 * the state row on first use.
 */
export async function lockedStateOf(
  tx: Database,
  organizationId: string,
  learnerId: string,
  now: Date,
  read?: Pick<LoopInputs, "model" | "state" | "stateLocked">,
): Promise<LockedState> {
  const inputs =
    read ?? (await readLoopInputs(tx, { organizationId, actorUserId: null, learnerId, lockState: true }));
  const model = await activeModel(tx, organizationId, inputs.model, now);
  if (inputs.stateLocked && inputs.model) return { model, state: inputs.state as BktLearnerState };
  const locked = await lockLearnerState(tx, organizationId, learnerId, model.modelId, now);
  return { model, state: locked.state as BktLearnerState | undefined };
}

export interface StateStep {
  modelId: string;
  next: BktLearnerState;
  update: StateUpdate;
}

/** What one observation does to a locked state (nothing, when it carries no outcome). */
export function stepLearnerState(locked: LockedState, observation: Observation): StateStep | null {
  const outcome = outcomeOf(observation);
  if (outcome === null || observation.competencyIds.length === 0) return null;
  const competencyIds = [...new Set(observation.competencyIds)];
  const bkt = locked.model.forCompetencies(competencyIds);
  const state = locked.state ?? bkt.initialState();
  const before = competencyIds.map((id) => bkt.masteryOf(state, id));
  const next = bkt.update(state, {
    itemId: responseKeyOf(observation.itemId, competencyIds),
    skillIds: competencyIds,
    timeMs: observation.occurredAt.getTime(),
    correct: outcome,
  });
  const after = competencyIds.map((id) => bkt.masteryOf(next, id));
  return {
    modelId: locked.model.modelId,
    next,
    update: {
      modelName: locked.model.name,
      changes: competencyIds.map((competencyId, i) => ({
        competencyId,
        before: before[i]!,
        after: after[i]!,
      })),
    },
  };
}

/**
 * The state update and the mastery upserts of one step as common table expressions, to be written
 * in the same statement as the evidence. With `onlyIf` (the name of an earlier expression), nothing
 * is written unless that expression returned a row — the evidence was new, not a replay.
 */
export function stateWrites(
  organizationId: string,
  learnerId: string,
  step: StateStep,
  now: Date,
  onlyIf: string | null,
) {
  const gate = onlyIf ? sql.raw(`exists (select 1 from ${onlyIf})`) : sql`true`;
  const at = now.toISOString();
  const mastery = step.update.changes.map(({ after }) => ({
    c: after.competencyId,
    p: after.probability,
    lo: after.confidence.lower,
    up: after.confidence.upper,
    n: after.confidence.evidenceCount,
    s: after.status,
  }));
  return sql`
    state_write as (
      update learner_states set state = ${JSON.stringify(step.next)}::jsonb,
             evidence_count = evidence_count + 1, updated_at = ${at}::timestamptz
       where learner_id = ${learnerId} and model_id = ${step.modelId} and ${gate}
       returning 1),
    mastery_write as (
      insert into competency_mastery (organization_id, learner_id, competency_id, probability, lower, upper,
             evidence_count, status, mastered_at, updated_at)
      select ${organizationId}::uuid, ${learnerId}::uuid, r.c, r.p, r.lo, r.up, r.n, r.s::mastery_status,
             case when r.s = 'mastered' then ${at}::timestamptz end, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(mastery)}::jsonb) as r(c uuid, p real, lo real, up real, n real, s text)
       where ${gate}
      on conflict (learner_id, competency_id) do update set
             organization_id = excluded.organization_id, probability = excluded.probability,
             lower = excluded.lower, upper = excluded.upper, evidence_count = excluded.evidence_count,
             status = excluded.status, updated_at = excluded.updated_at,
             mastered_at = coalesce(competency_mastery.mastered_at, excluded.mastered_at)
      returning 1)`;
}

/**
 * Lock the learner's state row under `modelId` (creating it on their very first evidence), so
 * that writers to one learner's state take turns.
 */
export async function lockLearnerState(
  tx: Database,
  organizationId: string,
  learnerId: string,
  modelId: string,
  now: Date,
): Promise<typeof learnerStates.$inferSelect> {
  const lock = () =>
    tx
      .select()
      .from(learnerStates)
      .where(and(eq(learnerStates.learnerId, learnerId), eq(learnerStates.modelId, modelId)))
      .for("update");
  let [locked] = await lock();
  if (!locked) {
    await tx
      .insert(learnerStates)
      .values({ organizationId, learnerId, modelId, state: { skills: {} }, updatedAt: now })
      .onConflictDoNothing();
    [locked] = await lock();
  }
  return locked!;
}

/** Keep the dashboards' copy of one competency's mastery; the first time it was mastered is set once, never moved. */
export async function upsertMastery(
  tx: Database,
  organizationId: string,
  learnerId: string,
  report: MasteryReport,
  now: Date,
): Promise<void> {
  const row = {
    organizationId,
    learnerId,
    competencyId: report.competencyId,
    probability: report.probability,
    lower: report.confidence.lower,
    upper: report.confidence.upper,
    evidenceCount: report.confidence.evidenceCount,
    status: report.status,
    masteredAt: report.status === "mastered" ? now : null,
    updatedAt: now,
  };
  await tx
    .insert(competencyMastery)
    .values(row)
    .onConflictDoUpdate({
      target: [competencyMastery.learnerId, competencyMastery.competencyId],
      set: { ...row, masteredAt: sql`coalesce(${competencyMastery.masteredAt}, excluded.mastered_at)` },
    });
}
