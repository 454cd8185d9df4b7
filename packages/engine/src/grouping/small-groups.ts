/**
 * Suggested small groups for a teacher: learners who share a next step — a competency they are
 * ready to learn (on their frontier) or are developing — gathered into groups whose size the teacher
 * bounds, each with the competency, a suggested activity, and a `Decision` naming the evidence behind
 * every member's place in it.
 *
 * Greedy and deterministic: repeatedly take the competency that the most not-yet-grouped learners
 * share (ties: earlier in the topological order, then id), split its learners — ordered by their
 * estimate on it, so similar learners sit together — into as few groups as the size bounds allow,
 * and go on until no competency is shared by enough learners. Learners left over are reported with
 * that reason rather than forced into a group that does not fit them.
 */
import type { Decision, DecisionBasis } from "../decision.js";
import type { CompetencyGraph } from "../graph/competency-graph.js";
import { isMastered, type MasteryLookup } from "../graph/frontier.js";
import type { Activity } from "../recommendation/choice-board.js";

export interface GroupingLearner {
  learnerId: string;
  mastery: MasteryLookup;
  /** Ids of the evidence rows behind each competency's estimate, newest last. */
  evidence: ReadonlyMap<string, readonly string[]>;
  /** In order of preference; used to pick an activity the whole group can use. */
  languages?: readonly string[];
}

export interface GroupingParameters {
  /** Smallest group worth pulling together (teacher's choice, ≥ 1). */
  minSize: number;
  /** Largest group the teacher can run at once (≥ minSize). */
  maxSize: number;
  /** Frontier competencies per learner considered next steps, earliest in the topological order first. */
  frontierPerLearner: number;
  /** Evidence ids cited per learner in a group's decision (newest kept). */
  evidencePerLearner: number;
}

export const DEFAULT_GROUPING_PARAMETERS: GroupingParameters = {
  minSize: 3,
  maxSize: 6,
  frontierPerLearner: 3,
  evidencePerLearner: 10,
};

export const GROUPING_MODEL = { model: "pathwise-grouping", version: "1.0.0" } as const;

export interface SuggestedGroup {
  competencyId: string;
  learnerIds: string[];
  /** The activity suggested for the group session, or null when the competency has none in a shared language. */
  activity: Activity | null;
  decision: Decision;
}

export interface GroupSuggestion {
  groups: SuggestedGroup[];
  /** Learners with no next step shared by at least `minSize` others still ungrouped. */
  ungrouped: string[];
}

export class GroupingParameterError extends Error {
  constructor(
    readonly field: keyof GroupingParameters,
    message: string,
  ) {
    super(message);
    this.name = "GroupingParameterError";
  }
}

function validate(parameters: GroupingParameters): void {
  const whole = (field: keyof GroupingParameters, min: number): void => {
    const value = parameters[field];
    if (!Number.isInteger(value) || value < min)
      throw new GroupingParameterError(field, `${field} must be a whole number of at least ${min}.`);
  };
  whole("minSize", 1);
  whole("maxSize", 1);
  whole("frontierPerLearner", 0);
  whole("evidencePerLearner", 0);
  if (parameters.maxSize < parameters.minSize)
    throw new GroupingParameterError("maxSize", "maxSize must be at least minSize.");
}

/** Next-step competency indexes of one learner: what they are developing, then the first frontier nodes. */
function nextSteps(graph: CompetencyGraph, learner: GroupingLearner, frontierPerLearner: number): number[] {
  const mastered = new Uint8Array(graph.size);
  for (let v = 0; v < graph.size; v++) if (isMastered(learner.mastery.get(graph.ids[v]!))) mastered[v] = 1;
  const steps: number[] = [];
  let frontier = 0;
  for (const v of graph.topologicalIndexes) {
    if (mastered[v] === 1) continue;
    const report = learner.mastery.get(graph.ids[v]!);
    const working =
      report !== undefined && (report.status === "developing" || report.status === "approaching");
    const ready = graph.prerequisiteIndexes[v]!.every((p) => mastered[p] === 1);
    if (working) steps.push(v);
    else if (ready && frontier < frontierPerLearner) {
      steps.push(v);
      frontier++;
    }
  }
  return steps;
}

/**
 * How many groups `n` learners make: the fewest groups of at most `maxSize` each, if those groups can
 * all have `minSize`; otherwise one full group of `maxSize` (the rest try another competency).
 */
function splitSizes(n: number, minSize: number, maxSize: number): number[] {
  const count = Math.ceil(n / maxSize);
  if (Math.floor(n / count) >= minSize) {
    const base = Math.floor(n / count);
    return Array.from({ length: count }, (_, i) => base + (i < n % count ? 1 : 0));
  }
  return [Math.min(maxSize, n)];
}

function pickActivity(activities: readonly Activity[], members: readonly GroupingLearner[]): Activity | null {
  let best: Activity | null = null;
  let bestScore = -Infinity;
  for (const activity of activities) {
    const understood = members.filter((m) =>
      (m.languages ?? []).length === 0 ? true : m.languages!.some((l) => activity.languages.includes(l)),
    ).length;
    if (understood < members.length) continue;
    const score = (activity.level === "at" ? 2 : 0) + (activity.modality === "hands-on" ? 0.5 : 0);
    if (score > bestScore || (score === bestScore && best !== null && activity.id < best.id)) {
      best = activity;
      bestScore = score;
    }
  }
  return best;
}

export function suggestGroups(
  graph: CompetencyGraph,
  learners: readonly GroupingLearner[],
  activitiesByCompetency: ReadonlyMap<string, readonly Activity[]>,
  parameters: GroupingParameters = DEFAULT_GROUPING_PARAMETERS,
): GroupSuggestion {
  validate(parameters);
  const rank = new Int32Array(graph.size);
  graph.topologicalIndexes.forEach((v, i) => (rank[v] = i));
  const steps = learners.map((learner) => new Set(nextSteps(graph, learner, parameters.frontierPerLearner)));
  const grouped = new Uint8Array(learners.length);
  const groups: SuggestedGroup[] = [];

  for (;;) {
    const counts = new Int32Array(graph.size);
    learners.forEach((_, i) => {
      if (grouped[i] === 0) for (const v of steps[i]!) counts[v]!++;
    });
    let bestNode = -1;
    for (let v = 0; v < graph.size; v++) {
      if (counts[v]! < parameters.minSize) continue;
      if (
        bestNode < 0 ||
        counts[v]! > counts[bestNode]! ||
        (counts[v] === counts[bestNode] && rank[v]! < rank[bestNode]!)
      )
        bestNode = v;
    }
    if (bestNode < 0) break;
    const competencyId = graph.ids[bestNode]!;
    const members = learners
      .map((learner, i) => ({ learner, i }))
      .filter(({ i }) => grouped[i] === 0 && steps[i]!.has(bestNode))
      .sort(
        (a, b) =>
          (a.learner.mastery.get(competencyId)?.probability ?? 0) -
            (b.learner.mastery.get(competencyId)?.probability ?? 0) ||
          (a.learner.learnerId < b.learner.learnerId ? -1 : 1),
      );
    let offset = 0;
    for (const size of splitSizes(members.length, parameters.minSize, parameters.maxSize)) {
      const chunk = members.slice(offset, offset + size);
      offset += size;
      for (const { i } of chunk) grouped[i] = 1;
      const group = chunk.map(({ learner }) => learner);
      const activity = pickActivity(activitiesByCompetency.get(competencyId) ?? [], group);
      groups.push({
        competencyId,
        learnerIds: group.map((l) => l.learnerId),
        activity,
        decision: groupDecision(graph, bestNode, group, activity, parameters.evidencePerLearner),
      });
    }
  }
  return {
    groups,
    ungrouped: learners.filter((_, i) => grouped[i] === 0).map((l) => l.learnerId),
  };
}

function groupDecision(
  graph: CompetencyGraph,
  node: number,
  members: readonly GroupingLearner[],
  activity: Activity | null,
  evidencePerLearner: number,
): Decision {
  const competencyId = graph.ids[node]!;
  const related = [competencyId, ...graph.prerequisiteIndexes[node]!.map((p) => graph.ids[p]!)];
  const basedOn: DecisionBasis[] = members.map((member) => {
    const report = member.mastery.get(competencyId);
    const references = related.flatMap((id) => member.evidence.get(id) ?? []).slice(-evidencePerLearner);
    return {
      kind: "performance",
      references,
      values: {
        learnerId: member.learnerId,
        pMastery: Math.round((report?.probability ?? 0) * 1000) / 1000,
        status: report?.status ?? "not-started",
      },
    };
  });
  return {
    what: "grouping",
    how: ["path"],
    who: { kind: "engine", ...GROUPING_MODEL },
    basedOn,
    reason: {
      messageId: "group.next-step",
      values: { competency: graph.titles[node] ?? competencyId, activity: activity?.title ?? "none" },
    },
  };
}
