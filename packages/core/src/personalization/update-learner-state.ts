/**
 * The heart of the central loop: one piece of evidence updates the learner's model state and the
 * mastery of every competency it speaks to, inside the caller's transaction. The learner's state
 * row is locked first, so answers arriving at once are applied one after the other, never lost.
 */
import { and, eq, sql } from "drizzle-orm";
import type { MasteryReport } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { PASSING_SCORE } from "./defaults.js";
import { organizationModel } from "./learner-model.js";
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
  const outcome = outcomeOf(observation);
  if (outcome === null || observation.competencyIds.length === 0) return null;
  const model = await organizationModel(tx, observation.organizationId, now);

  const locked = await lockLearnerState(
    tx,
    observation.organizationId,
    observation.learnerId,
    model.modelId,
    now,
  );

  const competencyIds = [...new Set(observation.competencyIds)];
  const bkt = model.forCompetencies(competencyIds);
  const state = (locked.state as BktLearnerState | undefined) ?? bkt.initialState();
  const before = competencyIds.map((id) => bkt.masteryOf(state, id));
  const next = bkt.update(state, {
    itemId: responseKeyOf(observation.itemId, competencyIds),
    skillIds: competencyIds,
    timeMs: observation.occurredAt.getTime(),
    correct: outcome,
  });
  const after = competencyIds.map((id) => bkt.masteryOf(next, id));

  await tx
    .update(learnerStates)
    .set({ state: next, evidenceCount: sql`${learnerStates.evidenceCount} + 1`, updatedAt: now })
    .where(and(eq(learnerStates.learnerId, observation.learnerId), eq(learnerStates.modelId, model.modelId)));

  for (const report of after)
    await upsertMastery(tx, observation.organizationId, observation.learnerId, report, now);
  return {
    modelName: model.name,
    changes: competencyIds.map((competencyId, i) => ({ competencyId, before: before[i]!, after: after[i]! })),
  };
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
