/**
 * What the class-wide engine decisions (small groups, alerts) read about a class, loaded in a few
 * queries: its learners, the competency graph of its framework at its grade, every learner's current
 * estimates, and their evidence replayed through the organization's learner model so each attempt
 * knows the estimate right after it.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import {
  CompetencyGraph,
  type AlertAttempt,
  type BktLearnerState,
  type MasteryReport,
} from "@pathwise/engine";
import { evidence } from "../evidence/schema.js";
import { competenciesOfFramework } from "../frameworks/repository.js";
import { users } from "../identity/schema.js";
import { learnerProfiles } from "../learners/schema.js";
import { competencyGraphOf } from "../personalization/board-inputs.js";
import { organizationModel } from "../personalization/learner-model.js";
import { competencyMastery } from "../personalization/schema.js";
import { replayEvidence } from "../personalization/replay-evidence.js";
import { learnersOfClasses } from "../roster/repository.js";
import type { SignedInCtx } from "../shared/context.js";
import { classForInsights } from "./class-access.js";

export interface SnapshotLearner {
  id: string;
  givenName: string;
  familyName: string;
  joinedAt: Date;
  languages: string[];
  mastery: Map<string, MasteryReport>;
  /** Evidence ids per competency, oldest first. */
  evidence: Map<string, string[]>;
  attempts: AlertAttempt[];
  lastActivity: { at: Date; evidenceId: string } | null;
}

export interface ClassSnapshot {
  klass: Awaited<ReturnType<typeof classForInsights>>;
  graph: CompetencyGraph;
  titles: Map<string, string>;
  learners: SnapshotLearner[];
}

/** The framework's graph limited to the class's grade: a grade-5 class is not grouped on counting to ten. */
async function gradeGraph(ctx: SignedInCtx, frameworkId: string | null, grade: string | null) {
  const { actor, db } = ctx;
  if (!frameworkId) return CompetencyGraph.build({ competencies: [], prerequisites: [] });
  const full = await competencyGraphOf(db, actor.organizationId, [frameworkId]);
  if (grade === null) return full;
  const keep = new Set(
    (await competenciesOfFramework(db, actor.organizationId, frameworkId, grade)).map((c) => c.id),
  );
  const indexes = full.ids.flatMap((id, i) => (keep.has(id) ? [i] : []));
  return CompetencyGraph.build({
    competencies: indexes.map((i) => ({ id: full.ids[i]!, title: full.titles[i] })),
    prerequisites: indexes.flatMap((i) =>
      full.prerequisiteIndexes[i]!.filter((p) => keep.has(full.ids[p]!)).map((p) => ({
        prerequisiteId: full.ids[p]!,
        dependentId: full.ids[i]!,
      })),
    ),
  });
}

export async function classSnapshot(ctx: SignedInCtx, classId: string): Promise<ClassSnapshot> {
  const { actor, db } = ctx;
  const klass = await classForInsights(ctx, classId);
  const people = (await learnersOfClasses(db, actor.organizationId, [classId])).get(classId) ?? [];
  const ids = people.map((p) => p.id);
  const graph = await gradeGraph(ctx, klass.frameworkId, klass.grade);
  const titles = new Map(graph.ids.map((id, i) => [id, graph.titles[i] ?? id]));
  if (ids.length === 0) return { klass, graph, titles, learners: [] };

  const [masteryRows, profileRows, userRows, evidenceRows, model] = await Promise.all([
    db
      .select()
      .from(competencyMastery)
      .where(
        and(
          eq(competencyMastery.organizationId, actor.organizationId),
          inArray(competencyMastery.learnerId, ids),
        ),
      ),
    db
      .select({ learnerId: learnerProfiles.learnerId, languages: learnerProfiles.languages })
      .from(learnerProfiles)
      .where(inArray(learnerProfiles.learnerId, ids)),
    db
      .select({ id: users.id, locale: users.locale, createdAt: users.createdAt })
      .from(users)
      .where(inArray(users.id, ids)),
    db
      .select({
        id: evidence.id,
        learnerId: evidence.learnerId,
        kind: evidence.kind,
        competencyIds: evidence.competencyIds,
        itemId: evidence.itemId,
        correct: evidence.correct,
        score: evidence.score,
        details: evidence.details,
        durationSeconds: evidence.durationSeconds,
        occurredAt: evidence.occurredAt,
      })
      .from(evidence)
      .where(
        and(
          eq(evidence.organizationId, actor.organizationId),
          inArray(evidence.learnerId, ids),
          ne(evidence.kind, "self_assessment"),
        ),
      )
      .orderBy(asc(evidence.learnerId), asc(evidence.occurredAt), asc(evidence.recordedAt), asc(evidence.id)),
    organizationModel(db, actor.organizationId, ctx.now()),
  ]);

  const bkt = model.forCompetencies([...new Set(evidenceRows.flatMap((r) => r.competencyIds))]);
  const byLearner = new Map<string, SnapshotLearner>(
    people.map((p) => {
      const user = userRows.find((u) => u.id === p.id);
      const profile = profileRows.find((r) => r.learnerId === p.id);
      return [
        p.id,
        {
          id: p.id,
          givenName: p.givenName,
          familyName: p.familyName,
          joinedAt: user?.createdAt ?? ctx.now(),
          languages: profile?.languages.length ? profile.languages : [user?.locale ?? "en"],
          mastery: new Map(),
          evidence: new Map(),
          attempts: [],
          lastActivity: null,
        },
      ];
    }),
  );
  for (const row of masteryRows) {
    byLearner.get(row.learnerId)?.mastery.set(row.competencyId, {
      competencyId: row.competencyId,
      probability: row.probability,
      confidence: { lower: row.lower, upper: row.upper, evidenceCount: row.evidenceCount },
      status: row.status,
    });
  }
  let state: BktLearnerState = bkt.initialState();
  let current: string | null = null;
  for (const row of evidenceRows) {
    const learner = byLearner.get(row.learnerId)!;
    if (row.learnerId !== current) {
      current = row.learnerId;
      state = bkt.initialState();
    }
    learner.lastActivity = { at: row.occurredAt, evidenceId: row.id };
    for (const id of row.competencyIds) {
      const list = learner.evidence.get(id);
      if (list) list.push(row.id);
      else learner.evidence.set(id, [row.id]);
    }
    const next = replayEvidence(bkt, state, row);
    if (next === null) continue;
    state = next;
    if (row.kind !== "attempt") continue;
    learner.attempts.push({
      evidenceId: row.id,
      competencyIds: row.competencyIds,
      occurredAt: row.occurredAt,
      durationSeconds: row.durationSeconds,
      probabilityAfter: new Map(row.competencyIds.map((id) => [id, bkt.masteryOf(state, id).probability])),
    });
  }
  return { klass, graph, titles, learners: [...byLearner.values()] };
}
