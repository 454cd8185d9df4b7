/**
 * The learner model an organization uses: BKT with the organization's fitted parameters where it
 * has them (the newest activated `learner_models` row) and the documented prior elsewhere, reading
 * mastery with the organization's thresholds (its settings; the engine's BKT defaults otherwise).
 */
import { createHash } from "node:crypto";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { BktModel, type BktSkillParameters } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { masteryThresholdsOf } from "../roster/organization-settings.js";
import { learnerModels } from "./schema.js";
import { PRIOR_BKT_PARAMETERS, PRIOR_MODEL } from "./defaults.js";

export interface OrganizationModel {
  /** The `learner_models` row whose state rows hold learners' states (created on first use). */
  modelId: string;
  name: string;
  version: string;
  /** A BKT model with parameters for exactly the competencies asked for. */
  forCompetencies(competencyIds: readonly string[]): BktModel;
}

export async function organizationModel(
  db: Database,
  organizationId: string,
  now: Date,
): Promise<OrganizationModel> {
  let [row] = await db
    .select()
    .from(learnerModels)
    .where(and(eq(learnerModels.organizationId, organizationId), isNotNull(learnerModels.activatedAt)))
    .orderBy(desc(learnerModels.activatedAt))
    .limit(1);
  if (!row) {
    await db
      .insert(learnerModels)
      .values({
        id: priorModelId(organizationId),
        organizationId,
        name: PRIOR_MODEL.name,
        engineVersion: PRIOR_MODEL.version,
        parameters: { kind: "bkt", skills: {} },
        fittedAt: now,
        activatedAt: now,
      })
      .onConflictDoNothing();
    [row] = await db
      .select()
      .from(learnerModels)
      .where(eq(learnerModels.id, priorModelId(organizationId)));
  }
  const thresholds = await masteryThresholdsOf(db, organizationId);
  const fitted = ((row!.parameters as { skills?: Record<string, BktSkillParameters> }).skills ??
    {}) as Record<string, BktSkillParameters>;
  return {
    modelId: row!.id,
    name: row!.name,
    version: row!.engineVersion,
    forCompetencies(competencyIds) {
      const parameters: Record<string, BktSkillParameters> = {};
      for (const id of competencyIds) parameters[id] = fitted[id] ?? PRIOR_BKT_PARAMETERS;
      return new BktModel(parameters, false, thresholds);
    },
  };
}

/**
 * Every organization's prior model has a fixed id derived from the organization's, so that two
 * first answers arriving at once create one row, not two.
 */
export function priorModelId(organizationId: string): string {
  const hex = createHash("sha256").update(`pathwise:prior-model:${organizationId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
