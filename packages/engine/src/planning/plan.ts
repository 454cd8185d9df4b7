/**
 * Plans with pacing: an ordered path toward goals (target competencies, a target date, a weekly time
 * budget) that respects prerequisites, with an expected completion date and a pacing status.
 *
 * - What goes in: the goals, every unmastered prerequisite they need, and anything pinned by the
 *   learner or a teacher; mastered competencies stay out unless pinned; skipped ones stay out —
 *   always. A skip that leaves a needed prerequisite out is kept and reported, never undone.
 * - Order: what the learner committed to this week comes first, in the order they committed to it
 *   (a prerequisite it newly needs is placed just before it); then pinned items; then the goals one
 *   at a time, in the order given, each with its prerequisites in topological order.
 * - Time: minutes per competency from data where given, `defaultMinutesPerCompetency` otherwise;
 *   work already under way counts for `partialCredit` of the estimate's P(mastered).
 * - Pacing: the weekly budget spread over calendar days gives the expected completion date;
 *   compared with the target date it is ahead / on track / behind by N days (within
 *   `onTrackToleranceDays` counts as on track).
 */
import type { Decision, DecisionActor, DecisionBasis } from "../decision.js";
import type { CompetencyGraph } from "../graph/competency-graph.js";
import { isMastered, type MasteryLookup } from "../graph/frontier.js";

export interface PlanningParameters {
  /** Minutes to learn a competency when no data says otherwise. */
  defaultMinutesPerCompetency: number;
  /** Share of the estimate already credited for work in progress: remaining = minutes · (1 − partialCredit · P(mastered)). */
  partialCredit: number;
  /** A completion date within this many days of the target date is "on track". */
  onTrackToleranceDays: number;
}

export const DEFAULT_PLANNING_PARAMETERS: PlanningParameters = {
  defaultMinutesPerCompetency: 45,
  partialCredit: 0.5,
  onTrackToleranceDays: 3,
};

export const PLANNER_MODEL = { model: "pathwise-planner", version: "1.0.0" } as const;

export interface PlanGoal {
  competencyIds: readonly string[];
  targetDate: Date;
  minutesPerWeek: number;
}

/** A learner's or teacher's edit to the plan, with their reason. */
export interface PlanEdit {
  competencyId: string;
  action: "pin" | "skip";
  by: Exclude<DecisionActor, { kind: "engine" }>;
  note: string;
}

export interface PlanInput {
  graph: CompetencyGraph;
  learnerId: string;
  goal: PlanGoal;
  mastery: MasteryLookup;
  now: Date;
  /** Minutes per competency measured from data (e.g. median time to mastery). */
  minutesPerCompetency?: ReadonlyMap<string, number>;
  edits?: readonly PlanEdit[];
  /** What the learner committed to this week, in their order. Re-planning keeps it. */
  committedThisWeek?: readonly string[];
  /** Evidence ids behind each competency's mastery estimate, cited by the decisions. */
  evidence?: ReadonlyMap<string, readonly string[]>;
}

export interface PlanItem {
  competencyId: string;
  position: number;
  minutes: number;
  /** Why it is in the plan. */
  source: "committed" | "pinned" | "goal" | "prerequisite";
  expectedStart: Date;
  expectedDone: Date;
  decision: Decision;
}

export type PacingStatus = "ahead" | "on-track" | "behind";

export interface PlanWarning {
  code: "skipped-prerequisite" | "unknown-competency";
  competencyId: string;
  /** For a skipped prerequisite: the planned competencies that need it. */
  neededBy: string[];
}

export interface Plan {
  items: PlanItem[];
  skipped: { competencyId: string; decision: Decision }[];
  minutesRemaining: number;
  expectedCompletion: Date;
  pacing: { status: PacingStatus; days: number; decision: Decision };
  warnings: PlanWarning[];
}

const DAY_MS = 86_400_000;
const UNSET = 0x7fffffff;
const CLASS_COMMITTED = 0;
const CLASS_PINNED = 1;
const CLASS_GOAL = 2;

export function planToward(
  input: PlanInput,
  parameters: PlanningParameters = DEFAULT_PLANNING_PARAMETERS,
): Plan {
  const { graph, goal, mastery, now } = input;
  const n = graph.size;
  const warnings: PlanWarning[] = [];
  const indexOf = (id: string): number | undefined => {
    if (graph.has(id)) return graph.indexOf(id);
    warnings.push({ code: "unknown-competency", competencyId: id, neededBy: [] });
    return undefined;
  };
  // The last edit on a competency wins: a teacher can unpin what a learner pinned, and say why.
  const edits = new Map<number, PlanEdit>();
  for (const edit of input.edits ?? []) {
    const v = indexOf(edit.competencyId);
    if (v !== undefined) edits.set(v, edit);
  }
  const skipped = (v: number): boolean => edits.get(v)?.action === "skip";
  const pinned = (v: number): boolean => edits.get(v)?.action === "pin";
  const mastered = (v: number): boolean => isMastered(mastery.get(graph.ids[v]!));

  // Priority of each competency: (class, rank within class); prerequisites inherit the best priority of what needs them.
  const priorityClass = new Int32Array(n).fill(UNSET);
  const priorityRank = new Int32Array(n).fill(UNSET);
  const inPlan = new Uint8Array(n);
  const source = new Array<PlanItem["source"]>(n);
  const include = (v: number, cls: number, rank: number, why: PlanItem["source"]): void => {
    if (skipped(v) || (mastered(v) && !pinned(v))) return;
    // v and every prerequisite it still needs: walk back through what is neither mastered nor skipped.
    const stack = [v];
    const seen = new Set<number>([v]);
    while (stack.length > 0) {
      const u = stack.pop()!;
      inPlan[u] = 1;
      if (cls < priorityClass[u]! || (cls === priorityClass[u]! && rank < priorityRank[u]!)) {
        priorityClass[u] = cls;
        priorityRank[u] = rank;
      }
      if (u === v) source[u] = why;
      else source[u] ??= "prerequisite";
      for (const p of graph.prerequisiteIndexes[u]!) {
        if (seen.has(p) || skipped(p) || mastered(p)) continue;
        seen.add(p);
        stack.push(p);
      }
    }
  };
  (input.committedThisWeek ?? []).forEach((id, rank) => {
    const v = indexOf(id);
    if (v !== undefined) include(v, CLASS_COMMITTED, rank, "committed");
  });
  for (const [v, edit] of edits) if (edit.action === "pin") include(v, CLASS_PINNED, v, "pinned");
  goal.competencyIds.forEach((id, rank) => {
    const v = indexOf(id);
    if (v !== undefined) include(v, CLASS_GOAL, rank, "goal");
  });

  // A skipped prerequisite of something planned: keep the skip, say so.
  for (const [v, edit] of edits) {
    if (edit.action !== "skip" || mastered(v)) continue;
    const neededBy = Array.from(graph.descendantIndexes(v))
      .filter((d) => inPlan[d] === 1)
      .map((d) => graph.ids[d]!);
    if (neededBy.length > 0)
      warnings.push({ code: "skipped-prerequisite", competencyId: graph.ids[v]!, neededBy });
  }

  // Kahn's algorithm over the planned competencies, picking the best priority among the ready ones.
  const topoRank = new Int32Array(n);
  graph.topologicalIndexes.forEach((v, r) => (topoRank[v] = r));
  const waiting = new Int32Array(n);
  const ready: number[] = [];
  for (let v = 0; v < n; v++) {
    if (inPlan[v] !== 1) continue;
    // Transitive: a planned prerequisite comes first even when the link runs through a mastered one.
    for (const p of graph.ancestorIndexes(v)) if (inPlan[p] === 1) waiting[v]!++;
    if (waiting[v] === 0) ready.push(v);
  }
  const before = (a: number, b: number): boolean =>
    priorityClass[a]! !== priorityClass[b]!
      ? priorityClass[a]! < priorityClass[b]!
      : priorityRank[a]! !== priorityRank[b]!
        ? priorityRank[a]! < priorityRank[b]!
        : topoRank[a]! < topoRank[b]!;
  const order: number[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (before(ready[i]!, ready[best]!)) best = i;
    const v = ready[best]!;
    ready[best] = ready[ready.length - 1]!;
    ready.pop();
    order.push(v);
    for (const d of graph.descendantIndexes(v)) if (inPlan[d] === 1 && --waiting[d]! === 0) ready.push(d);
  }

  // Schedule on the weekly budget.
  const minutesPerDay = goal.minutesPerWeek / 7;
  let elapsed = 0;
  const dateAfter = (minutes: number): Date =>
    new Date(now.getTime() + Math.ceil(minutes / minutesPerDay) * DAY_MS);
  const items: PlanItem[] = order.map((v, position) => {
    const id = graph.ids[v]!;
    const report = mastery.get(id);
    const full = input.minutesPerCompetency?.get(id) ?? parameters.defaultMinutesPerCompetency;
    const minutes = Math.max(
      1,
      Math.round(
        full * (1 - parameters.partialCredit * (report && !isMastered(report) ? report.probability : 0)),
      ),
    );
    const expectedStart = dateAfter(elapsed);
    elapsed += minutes;
    const edit = edits.get(v);
    const values: Record<string, number | string> = { minutes, position: position + 1 };
    if (report) {
      values.pMastery = Math.round(report.probability * 100) / 100;
      values.status = report.status;
    }
    const basedOn: DecisionBasis[] = [
      { kind: "performance", references: [...(input.evidence?.get(id) ?? [])], values },
    ];
    const title = graph.titles[v] ?? id;
    const decision: Decision =
      source[v] === "pinned" && edit
        ? {
            what: "objective",
            how: ["path"],
            who: edit.by,
            basedOn,
            reason: {
              messageId: "plan.pinned",
              values: { competency: title, actor: actorName(edit.by), note: edit.note },
            },
          }
        : {
            what: "objective",
            how: ["path"],
            who:
              source[v] === "committed"
                ? { kind: "learner", userId: input.learnerId }
                : { kind: "engine", ...PLANNER_MODEL },
            basedOn,
            reason: {
              messageId: "plan.item",
              values: { competency: title, position: position + 1, minutes },
            },
          };
    return {
      competencyId: id,
      position: position + 1,
      minutes,
      source: source[v]!,
      expectedStart,
      expectedDone: dateAfter(elapsed),
      decision,
    };
  });

  const expectedCompletion = dateAfter(elapsed);
  const slackDays = Math.round((goal.targetDate.getTime() - expectedCompletion.getTime()) / DAY_MS);
  const status: PacingStatus =
    slackDays < -parameters.onTrackToleranceDays
      ? "behind"
      : slackDays > parameters.onTrackToleranceDays
        ? "ahead"
        : "on-track";
  const days = status === "on-track" ? 0 : Math.abs(slackDays);
  const pacing = {
    status,
    days,
    decision: {
      what: "pace",
      how: ["pace", "time"],
      who: { kind: "engine", ...PLANNER_MODEL },
      basedOn: [
        {
          kind: "performance",
          references: items.flatMap((item) => [...(input.evidence?.get(item.competencyId) ?? [])].slice(-1)),
          values: {
            minutesRemaining: elapsed,
            minutesPerWeek: goal.minutesPerWeek,
            targetDate: isoDay(goal.targetDate),
            expectedCompletion: isoDay(expectedCompletion),
            competenciesRemaining: items.length,
          },
        },
      ],
      reason: {
        messageId: "plan.pace",
        values: { status, days, minutesPerWeek: goal.minutesPerWeek, finish: isoDay(expectedCompletion) },
      },
    } satisfies Decision,
  };
  const skippedOut = [...edits]
    .filter(([, edit]) => edit.action === "skip")
    .map(([v, edit]) => ({
      competencyId: graph.ids[v]!,
      decision: {
        what: "objective",
        how: ["path"],
        who: edit.by,
        basedOn: [{ kind: "profile", references: [], values: { note: edit.note } }],
        reason: {
          messageId: "plan.skipped",
          values: {
            competency: graph.titles[v] ?? graph.ids[v]!,
            actor: actorName(edit.by),
            note: edit.note,
          },
        },
      } satisfies Decision,
    }));
  return { items, skipped: skippedOut, minutesRemaining: elapsed, expectedCompletion, pacing, warnings };
}

function actorName(actor: PlanEdit["by"]): string {
  return actor.kind === "teacher" ? actor.name : "the learner";
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
