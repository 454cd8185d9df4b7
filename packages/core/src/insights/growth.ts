/**
 * Growth over a period, for outcome reporting: for each learner of a class and each competency of
 * its framework, the estimate at the start and at the end of the period.
 *
 * The estimates are recomputed by replaying the learner's evidence through the organization's
 * learner model up to each date, in the order it happened (self-assessments excluded, as in the live
 * estimate), so a report for last term gives the same figures today as it would have then —
 * whatever arrived later does not leak backwards.
 */
import { and, asc, eq, inArray, lte, ne } from "drizzle-orm";
import type { BktLearnerState } from "@pathwise/engine";
import { z } from "zod";
import { evidence } from "../evidence/schema.js";
import { competenciesOfFramework } from "../frameworks/repository.js";
import { organizationModel } from "../personalization/learner-model.js";
import { replayEvidence } from "../personalization/replay-evidence.js";
import { learnersOfClasses } from "../roster/repository.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { classForInsights } from "./class-access.js";

export const GrowthInput = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .refine((v) => v.from < v.to, { path: ["to"], message: "The end of the period comes after its start." });

export interface GrowthCell {
  start: number;
  end: number;
  masteredAtStart: boolean;
  masteredAtEnd: boolean;
}

export interface GrowthReport {
  classId: string;
  className: string;
  from: string;
  to: string;
  competencies: { id: string; code: string | null; statement: string }[];
  learners: { id: string; givenName: string; familyName: string }[];
  /** learnerId → competencyId → estimates; a competency with no evidence by the end is absent. */
  cells: Record<string, Record<string, GrowthCell>>;
  /** Per competency, over the learners with evidence on it by the end: mean estimates and how many mastered. */
  byCompetency: {
    competencyId: string;
    learnersWithEvidence: number;
    meanStart: number | null;
    meanEnd: number | null;
    masteredStart: number;
    masteredEnd: number;
  }[];
  /** Per learner: competencies mastered at start and end, and the mean gain where there was evidence. */
  byLearner: { learnerId: string; masteredStart: number; masteredEnd: number; meanGain: number | null }[];
}

const endOfDay = (date: string) => new Date(`${date}T23:59:59.999Z`);
const startOfDay = (date: string) => new Date(`${date}T00:00:00.000Z`);

export async function classGrowth(ctx: SignedInCtx, classId: string, raw: unknown): Promise<GrowthReport> {
  const input = parseInput(GrowthInput, raw, "query");
  const { actor, db } = ctx;
  const klass = await classForInsights(ctx, classId);
  if (startOfDay(input.from) > ctx.now())
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "query.from", message: "The period starts in the future." },
    ]);
  const learners = (await learnersOfClasses(db, actor.organizationId, [classId])).get(classId) ?? [];
  const competencyList = klass.frameworkId
    ? await competenciesOfFramework(db, actor.organizationId, klass.frameworkId, klass.grade)
    : [];
  const competencyIds = competencyList.map((c) => c.id);
  const start = startOfDay(input.from);
  const end = endOfDay(input.to);
  const rows =
    learners.length && competencyIds.length
      ? await db
          .select({
            learnerId: evidence.learnerId,
            competencyIds: evidence.competencyIds,
            kind: evidence.kind,
            itemId: evidence.itemId,
            correct: evidence.correct,
            score: evidence.score,
            details: evidence.details,
            occurredAt: evidence.occurredAt,
          })
          .from(evidence)
          .where(
            and(
              eq(evidence.organizationId, actor.organizationId),
              inArray(
                evidence.learnerId,
                learners.map((l) => l.id),
              ),
              ne(evidence.kind, "self_assessment"),
              lte(evidence.occurredAt, end),
            ),
          )
          .orderBy(
            asc(evidence.learnerId),
            asc(evidence.occurredAt),
            asc(evidence.recordedAt),
            asc(evidence.id),
          )
      : [];
  const model = await organizationModel(db, actor.organizationId, ctx.now());
  const inFramework = new Set(competencyIds);
  const touched = [...new Set(rows.flatMap((r) => r.competencyIds))];
  const bkt = model.forCompetencies(touched);

  // Rows come ordered by learner id and time; learners are listed by name — group the rows first.
  const rowsOf = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = rowsOf.get(row.learnerId);
    if (list) list.push(row);
    else rowsOf.set(row.learnerId, [row]);
  }
  const cells: GrowthReport["cells"] = {};
  for (const learner of learners) {
    let state: BktLearnerState = bkt.initialState();
    let atStart: BktLearnerState | null = null;
    const seen = new Set<string>();
    for (const row of rowsOf.get(learner.id) ?? []) {
      const next = replayEvidence(bkt, state, row);
      if (next === null) continue;
      if (atStart === null && row.occurredAt >= start) atStart = state;
      if (next !== state) for (const id of row.competencyIds) if (inFramework.has(id)) seen.add(id);
      state = next;
    }
    atStart ??= state;
    const learnerCells: Record<string, GrowthCell> = {};
    for (const id of seen) {
      const before = bkt.masteryOf(atStart, id);
      const after = bkt.masteryOf(state, id);
      learnerCells[id] = {
        start: before.probability,
        end: after.probability,
        masteredAtStart: before.status === "mastered",
        masteredAtEnd: after.status === "mastered",
      };
    }
    cells[learner.id] = learnerCells;
  }

  const byCompetency = competencyIds.map((competencyId) => {
    const list = learners.flatMap((learner) => cells[learner.id]![competencyId] ?? []);
    const mean = (pick: (c: GrowthCell) => number) =>
      list.length ? list.reduce((sum, c) => sum + pick(c), 0) / list.length : null;
    return {
      competencyId,
      learnersWithEvidence: list.length,
      meanStart: mean((c) => c.start),
      meanEnd: mean((c) => c.end),
      masteredStart: list.filter((c) => c.masteredAtStart).length,
      masteredEnd: list.filter((c) => c.masteredAtEnd).length,
    };
  });
  const byLearner = learners.map((learner) => {
    const list = Object.values(cells[learner.id]!);
    return {
      learnerId: learner.id,
      masteredStart: list.filter((c) => c.masteredAtStart).length,
      masteredEnd: list.filter((c) => c.masteredAtEnd).length,
      meanGain: list.length ? list.reduce((sum, c) => sum + (c.end - c.start), 0) / list.length : null,
    };
  });
  return {
    classId,
    className: klass.name,
    from: input.from,
    to: input.to,
    competencies: competencyList.map((c) => ({
      id: c.id,
      code: c.humanCodingScheme,
      statement: c.statement,
    })),
    learners: learners.map((l) => ({ id: l.id, givenName: l.givenName, familyName: l.familyName })),
    cells,
    byCompetency,
    byLearner,
  };
}

/** The report as CSV (one row per learner × competency with evidence), for spreadsheets. */
export function growthCsv(report: GrowthReport): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [
    ["learner", "competency_code", "competency", "p_start", "p_end", "mastered_start", "mastered_end"].join(
      ",",
    ),
  ];
  const competency = new Map(report.competencies.map((c) => [c.id, c]));
  for (const learner of report.learners) {
    for (const [competencyId, cell] of Object.entries(report.cells[learner.id] ?? {})) {
      const c = competency.get(competencyId)!;
      lines.push(
        [
          quote(`${learner.givenName} ${learner.familyName}`),
          quote(c.code ?? ""),
          quote(c.statement),
          cell.start.toFixed(3),
          cell.end.toFixed(3),
          String(cell.masteredAtStart),
          String(cell.masteredAtEnd),
        ].join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
