/**
 * Where a learner stands on the graph: the ready-to-learn frontier (not mastered, every prerequisite
 * mastered) and the shaky set (mastered, but recently or due for review). Mastery comes only through
 * `MasteryReport`s, so any learner model can feed these.
 */
import type { MasteryReport } from "../mastery.js";
import type { CompetencyGraph } from "./competency-graph.js";

export type MasteryLookup = ReadonlyMap<string, MasteryReport>;

export function masteryLookup(reports: Iterable<MasteryReport>): MasteryLookup {
  const map = new Map<string, MasteryReport>();
  for (const r of reports) map.set(r.competencyId, r);
  return map;
}

/**
 * A competency counts as mastered when the model says so, including when it is only due for
 * review: forgetting calls for review, not for re-teaching what depends on it.
 */
export function isMastered(report: MasteryReport | undefined): boolean {
  return report !== undefined && (report.status === "mastered" || report.status === "needs-review");
}

/** Competencies not mastered whose prerequisites are all mastered, in topological order. */
export function readyToLearn(graph: CompetencyGraph, mastery: MasteryLookup): string[] {
  const mastered = masteredFlags(graph, mastery);
  const out: string[] = [];
  for (const v of graph.topologicalIndexes) {
    if (mastered[v] === 1) continue;
    if (graph.prerequisiteIndexes[v]!.every((p) => mastered[p] === 1)) out.push(graph.ids[v]!);
  }
  return out;
}

/** 1 where the learner has mastered the competency at that node index. */
export function masteredFlags(graph: CompetencyGraph, mastery: MasteryLookup): Uint8Array {
  const flags = new Uint8Array(graph.size);
  graph.ids.forEach((id, i) => {
    if (isMastered(mastery.get(id))) flags[i] = 1;
  });
  return flags;
}

export interface ShakyParameters {
  /** A competency mastered fewer than this many days ago is still fragile. */
  recentlyMasteredDays: number;
}

export const DEFAULT_SHAKY_PARAMETERS: ShakyParameters = { recentlyMasteredDays: 7 };

export interface ShakyCompetency {
  competencyId: string;
  why: "due-for-review" | "recently-mastered";
}

/**
 * Mastered competencies worth revisiting: the model marks them `needs-review`, their review date
 * (from a memory model) has come, or they were mastered within `recentlyMasteredDays` of `now`.
 */
export function shakySet(
  graph: CompetencyGraph,
  mastery: MasteryLookup,
  input: { now: Date; reviewDueAt?: ReadonlyMap<string, Date>; masteredAt?: ReadonlyMap<string, Date> },
  parameters: ShakyParameters = DEFAULT_SHAKY_PARAMETERS,
): ShakyCompetency[] {
  const recentMs = parameters.recentlyMasteredDays * 86_400_000;
  const out: ShakyCompetency[] = [];
  for (const v of graph.topologicalIndexes) {
    const id = graph.ids[v]!;
    const report = mastery.get(id);
    if (!isMastered(report)) continue;
    const due = input.reviewDueAt?.get(id);
    if (report!.status === "needs-review" || (due !== undefined && due.getTime() <= input.now.getTime())) {
      out.push({ competencyId: id, why: "due-for-review" });
      continue;
    }
    const at = input.masteredAt?.get(id);
    if (at !== undefined && input.now.getTime() - at.getTime() < recentMs)
      out.push({ competencyId: id, why: "recently-mastered" });
  }
  return out;
}
