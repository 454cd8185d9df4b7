/**
 * The learner model an organization uses: BKT with the organization's fitted parameters where it
 * has them (the newest activated `learner_models` row) and the documented prior elsewhere, reading
 * mastery with the organization's thresholds (its settings; the engine's BKT defaults otherwise).
 */
import { createHash } from "node:crypto";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import {
  BKT_MASTERY_THRESHOLDS,
  BktModel,
  type BktSkillParameters,
  type MasteryThresholds,
} from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { masteryThresholdsOf, settingsFromStored } from "../roster/organization-settings.js";
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
  const fitted = fittedOf(row!.parameters);
  rememberFitted(row!.id, fitted);
  const thresholds = await masteryThresholdsOf(db, organizationId);
  return modelOf({ id: row!.id, name: row!.name, version: row!.engineVersion }, fitted, thresholds);
}

/** A fitted model's parameters never change (a refit is a new row), so they are kept by model id. */
const FITTED_CACHE_SIZE = 64;
const fittedById = new Map<string, Record<string, BktSkillParameters>>();

function fittedOf(parameters: unknown): Record<string, BktSkillParameters> {
  return ((parameters as { skills?: Record<string, BktSkillParameters> }).skills ?? {}) as Record<
    string,
    BktSkillParameters
  >;
}

function rememberFitted(modelId: string, fitted: Record<string, BktSkillParameters>) {
  fittedById.set(modelId, fitted);
  while (fittedById.size > FITTED_CACHE_SIZE) fittedById.delete(fittedById.keys().next().value!);
}

function modelOf(
  row: { id: string; name: string; version: string },
  fitted: Record<string, BktSkillParameters>,
  thresholds: MasteryThresholds,
): OrganizationModel {
  return {
    modelId: row.id,
    name: row.name,
    version: row.version,
    forCompetencies(competencyIds) {
      const parameters: Record<string, BktSkillParameters> = {};
      for (const id of competencyIds) parameters[id] = fitted[id] ?? PRIOR_BKT_PARAMETERS;
      return new BktModel(parameters, false, thresholds);
    },
  };
}

/**
 * The organization's model from the row `readLoopInputs` already read (its parameters from memory
 * after the first time), or — before the organization's first use — as `organizationModel` makes it.
 */
export async function activeModel(
  db: Database,
  organizationId: string,
  row: { id: string; name: string; version: string; mastery?: unknown } | null,
  now: Date,
): Promise<OrganizationModel> {
  if (!row) return organizationModel(db, organizationId, now);
  let fitted = fittedById.get(row.id);
  if (!fitted) {
    const [found] = await db
      .select({ parameters: learnerModels.parameters })
      .from(learnerModels)
      .where(eq(learnerModels.id, row.id));
    fitted = fittedOf(found?.parameters ?? {});
    rememberFitted(row.id, fitted);
  }
  // The organization's mastery settings came with the row (readLoopInputs reads them in its query).
  const thresholds = { ...BKT_MASTERY_THRESHOLDS, ...settingsFromStored({ mastery: row.mastery }).mastery };
  return modelOf(row, fitted, thresholds);
}

/**
 * Every organization's prior model has a fixed id derived from the organization's, so that two
 * first answers arriving at once create one row, not two.
 */
export function priorModelId(organizationId: string): string {
  const hex = createHash("sha256").update(`pathwise:prior-model:${organizationId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
