/**
 * Which competencies an xAPI activity gives evidence of: an admin maps an activity id to current
 * competencies of the organization, by id or by code (human coding scheme) — an empty list removes
 * the mapping. From then on, statements about the activity with a result become evidence (see
 * statement-evidence.ts).
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { isXapiIri } from "@pathwise/standards";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { resolveCompetencyReferences } from "../frameworks/repository.js";
import { competencies } from "../frameworks/schema.js";
import type { Ctx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { authorizeAdministration } from "./policies.js";
import { xapiActivities } from "./schema.js";

export const MapActivityInput = z.object({
  activityId: z.string().refine(isXapiIri, "Must be an absolute IRI, the activity's xAPI id."),
  competencyIds: z.array(z.uuid()).max(20),
  /** Competencies named by their code (e.g. "5.NF.A.1"), added to `competencyIds`. */
  competencyCodes: z.array(z.string().trim().min(1, "Give a competency code.").max(200)).max(20).default([]),
});
export type MapActivityInput = z.input<typeof MapActivityInput>;

export interface ActivityMapping {
  activityId: string;
  competencyIds: string[];
  updatedAt: Date;
}

export async function mapActivityToCompetencies(ctx: Ctx, raw: unknown): Promise<ActivityMapping> {
  authorizeAdministration(ctx.actor, "map-activities");
  const actor = ctx.actor;
  const input = parseInput(MapActivityInput, raw, "body");
  const byCode = await resolveCompetencyReferences(
    ctx.db,
    actor.organizationId,
    input.competencyCodes.map((value) => ({ by: "code" as const, value })),
  );
  const unknownCodes = byCode.flatMap((outcome, index) =>
    "problem" in outcome ? [{ path: `body.competencyCodes[${index}]`, message: outcome.problem }] : [],
  );
  if (unknownCodes.length > 0)
    throw new AppError("validation_failed", "Some fields are not valid.", unknownCodes);
  const competencyIds = [
    ...new Set([
      ...input.competencyIds,
      ...byCode.flatMap((outcome) => ("id" in outcome ? [outcome.id] : [])),
    ]),
  ];
  if (competencyIds.length > 0) {
    const known = await ctx.db
      .select({ id: competencies.id })
      .from(competencies)
      .where(
        and(
          eq(competencies.organizationId, actor.organizationId),
          inArray(competencies.id, competencyIds),
          isNull(competencies.retiredAt),
        ),
      );
    const missing = competencyIds.filter((id) => !known.some((k) => k.id === id));
    if (missing.length > 0) {
      throw new AppError(
        "validation_failed",
        "Some fields are not valid.",
        missing.map((id) => ({
          path: `body.competencyIds[${input.competencyIds.indexOf(id)}]`,
          message: `No current competency ${id} in your organization.`,
        })),
      );
    }
  }
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(xapiActivities)
      .values({
        organizationId: actor.organizationId,
        activityId: input.activityId,
        competencyIds,
        mappedBy: actor.userId,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [xapiActivities.organizationId, xapiActivities.activityId],
        set: { competencyIds, mappedBy: actor.userId, updatedAt: now },
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "xapi_activity.map",
      subjectType: "xapi_activity",
      subjectId: input.activityId,
      details: { competencyIds },
      at: now,
    });
    return { activityId: row!.activityId, competencyIds: row!.competencyIds, updatedAt: row!.updatedAt };
  });
}

export async function listActivityMappings(ctx: Ctx): Promise<ActivityMapping[]> {
  authorizeAdministration(ctx.actor, "map-activities");
  const rows = await ctx.db
    .select()
    .from(xapiActivities)
    .where(
      and(
        eq(xapiActivities.organizationId, ctx.actor.organizationId),
        sql`cardinality(${xapiActivities.competencyIds}) > 0`,
      ),
    )
    .orderBy(asc(xapiActivities.activityId));
  return rows.map((row) => ({
    activityId: row.activityId,
    competencyIds: row.competencyIds,
    updatedAt: row.updatedAt,
  }));
}
