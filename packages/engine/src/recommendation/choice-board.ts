/**
 * Choice boards: for one learner, now, 3–6 options that mix learning something new (the ready-to-learn
 * frontier), practising what is developing, and reviewing what is due. Each option is an activity
 * matched on competency, level (below / at / above), modality, the learner's interests, language and
 * accommodations; the board is diverse (one option per competency, modalities spread), and every
 * option carries the `Decision` that explains it. Deterministic for a given seed.
 *
 * Built in two steps so a class or a benchmark pays the indexing once: `prepareChoiceBoards` indexes
 * the graph and the activity catalogue, `buildChoiceBoard` answers for one learner.
 */
import type { Decision, DecisionBasis } from "../decision.js";
import type { MasteryReport } from "../mastery.js";
import type { CompetencyGraph } from "../graph/competency-graph.js";
import { isMastered, type MasteryLookup } from "../graph/frontier.js";
import { hashString, seededRandom } from "./seeded-random.js";

export type ActivityLevel = "below" | "at" | "above";
export type OptionKind = "learn-new" | "practice" | "review";

export interface Activity {
  id: string;
  title: string;
  competencyId: string;
  /** Relative to the competency's expected level: scaffolded, on level, or a stretch. */
  level: ActivityLevel;
  /** e.g. "video", "reading", "practice", "game", "project", "audio", "hands-on". */
  modality: string;
  /** Languages the activity is available in (BCP 47, e.g. "en", "es"). */
  languages: readonly string[];
  /** Interest tags (e.g. "sports", "music"). */
  topics: readonly string[];
  /** Accessibility supports it offers (e.g. "captions", "text-to-speech", "extended-time"). */
  supports: readonly string[];
  minutes: number;
}

/** The profile fields a board reads. Names here are the references a Decision's profile basis cites. */
export interface LearnerProfile {
  learnerId: string;
  /** In order of preference; activities in none of them are not offered. */
  languages: readonly string[];
  interests: readonly string[];
  /** Supports the learner needs; an activity lacking one is not offered. */
  accommodations: readonly string[];
  preferredModalities?: readonly string[];
}

export interface ChoiceBoardParameters {
  /** Options on a board (3–6). */
  boardSize: number;
  /** At most this many options of one kind, so the board mixes new, practice and review. */
  maxPerKind: number;
  /** Candidate competencies looked at per kind before picking activities. */
  candidatesPerKind: number;
  /** Below this P(mastered), practice is offered one level below (scaffolded). */
  scaffoldBelow: number;
  /** At or above this P(mastered), practice is offered one level above (a stretch). */
  stretchFrom: number;
  /** Mastered within this many days: offered as a short review so it sticks. */
  recentlyMasteredDays: number;
  /** Score weights for matching an activity to the learner. */
  weights: {
    levelExact: number;
    levelAdjacent: number;
    interest: number;
    preferredModality: number;
    firstLanguage: number;
    repeatedModality: number;
    jitter: number;
  };
}

/** Fewer options than this and the board says why it is short. */
export const MINIMUM_BOARD = 3;

export const DEFAULT_CHOICE_BOARD_PARAMETERS: ChoiceBoardParameters = {
  boardSize: 5,
  maxPerKind: 2,
  candidatesPerKind: 3,
  scaffoldBelow: 0.4,
  stretchFrom: 0.7,
  recentlyMasteredDays: 7,
  weights: {
    levelExact: 2,
    levelAdjacent: 0.75,
    interest: 1,
    preferredModality: 0.5,
    firstLanguage: 0.25,
    repeatedModality: 1.5,
    jitter: 0.1,
  },
};

/** Who the engine says it is on every board decision. */
export const CHOICE_BOARD_MODEL = { model: "pathwise-choice-board", version: "1.0.0" } as const;

/**
 * The activity catalogue flattened once into typed arrays: activities sorted by competency (the
 * catalogue's order kept within one), each attribute in one array indexed by activity, and each tag
 * list (languages, topics, supports) as one array of codes with per-activity offsets. Matching a
 * learner is then array arithmetic with no objects per activity and almost none per board, which is
 * what keeps a class of boards fast (see docs/benchmarks.md).
 */
export interface ChoiceBoardCatalog {
  graph: CompetencyGraph;
  /** The activities, sorted by competency; `activityStart[v]` … `activityStart[v + 1]` are those of node v. */
  activities: readonly Activity[];
  activityStart: Int32Array;
  /** By activity: 0 below, 1 at, 2 above. */
  level: Int8Array;
  /** By activity: its modality as an index into `modalities`. */
  modality: Int32Array;
  modalities: readonly string[];
  /** By activity a: its tag codes are codes[start[a]] … codes[start[a + 1] − 1]. */
  languages: TagLists;
  topics: TagLists;
  supports: TagLists;
  /** Tag → code, one table for languages, topics and supports alike. */
  codes: ReadonlyMap<string, number>;
  /** The graph's prerequisites in one array: those of node v are prerequisites[prerequisiteStart[v] …]. */
  prerequisiteStart: Int32Array;
  prerequisites: Int32Array;
  /** Reused between boards (JavaScript runs one board at a time), so a class of boards allocates little. */
  scratch: BoardScratch;
}

interface TagLists {
  start: Int32Array;
  codes: Int32Array;
}

interface BoardScratch {
  mastered: Uint8Array;
  reports: (MasteryReport | undefined)[];
  learnNew: Int32Array;
  practice: Int32Array;
  /** By tag code: the learner's preference rank of a language (−1 when not theirs). */
  languageRank: Int32Array;
  /** By tag code: 1 for an interest of the learner. */
  wanted: Uint8Array;
  /** By tag code: 1 for a support the learner needs. */
  needed: Uint8Array;
  /** By modality: 1 for a modality the learner prefers. */
  preferred: Uint8Array;
  /** By modality: how many options on the board so far use it. */
  usedModality: Int32Array;
  /** By modality: the candidate's slot holding its best activity of that modality (−1: none yet). */
  slotOfModality: Int32Array;
  /** Per candidate c, slots c·M … c·M + slotCount[c] − 1 (M = number of modalities), in first-seen order. */
  slotActivity: Int32Array;
  slotScore: Float64Array;
  slotLanguage: Int32Array;
  slotCount: Int32Array;
}

function tagLists(
  activities: readonly Activity[],
  tagsOf: (a: Activity) => readonly string[],
  code: (tag: string) => number,
): TagLists {
  const start = new Int32Array(activities.length + 1);
  let total = 0;
  activities.forEach((a, i) => {
    start[i] = total;
    total += tagsOf(a).length;
  });
  start[activities.length] = total;
  const codes = new Int32Array(total);
  activities.forEach((a, i) => tagsOf(a).forEach((tag, k) => (codes[start[i]! + k] = code(tag))));
  return { start, codes };
}

/** Indexes activities by competency once; throws `CompetencyGraphError` for an activity on an unknown competency. */
export function prepareChoiceBoards(
  graph: CompetencyGraph,
  activities: readonly Activity[],
): ChoiceBoardCatalog {
  const n = graph.size;
  const node = activities.map((a) => graph.indexOf(a.competencyId));
  const activityStart = new Int32Array(n + 1);
  for (const v of node) activityStart[v + 1]!++;
  for (let v = 0; v < n; v++) activityStart[v + 1]! += activityStart[v]!;
  const sorted = new Array<Activity>(activities.length);
  const next = activityStart.slice(0, n);
  activities.forEach((a, i) => (sorted[next[node[i]!]!++] = a));

  const codes = new Map<string, number>();
  const code = (tag: string): number => {
    let c = codes.get(tag);
    if (c === undefined) codes.set(tag, (c = codes.size));
    return c;
  };
  const modalityIndex = new Map<string, number>();
  const modality = Int32Array.from(sorted, (a) => {
    let m = modalityIndex.get(a.modality);
    if (m === undefined) modalityIndex.set(a.modality, (m = modalityIndex.size));
    return m;
  });
  const languages = tagLists(sorted, (a) => a.languages, code);
  const topics = tagLists(sorted, (a) => a.topics, code);
  const supports = tagLists(sorted, (a) => a.supports, code);
  const tags = codes.size;
  const modalities = modalityIndex.size;
  const prerequisiteStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++)
    prerequisiteStart[v + 1] = prerequisiteStart[v]! + graph.prerequisiteIndexes[v]!.length;
  const prerequisites = Int32Array.from(graph.prerequisiteIndexes.flat());
  return {
    graph,
    activities: sorted,
    activityStart,
    level: Int8Array.from(sorted, (a) => LEVELS.indexOf(a.level)),
    modality,
    modalities: [...modalityIndex.keys()],
    languages,
    topics,
    supports,
    codes,
    prerequisiteStart,
    prerequisites,
    scratch: {
      mastered: new Uint8Array(n),
      reports: new Array<MasteryReport | undefined>(n),
      learnNew: new Int32Array(n),
      practice: new Int32Array(n),
      languageRank: new Int32Array(tags).fill(-1),
      wanted: new Uint8Array(tags),
      needed: new Uint8Array(tags),
      preferred: new Uint8Array(modalities),
      usedModality: new Int32Array(modalities),
      slotOfModality: new Int32Array(modalities).fill(-1),
      slotActivity: new Int32Array(0),
      slotScore: new Float64Array(0),
      slotLanguage: new Int32Array(0),
      slotCount: new Int32Array(0),
    },
  };
}

export interface ChoiceBoardInput {
  profile: LearnerProfile;
  mastery: MasteryLookup;
  /** Ids of the evidence rows behind each competency's mastery estimate, newest last. */
  evidence: ReadonlyMap<string, readonly string[]>;
  /** Review dates from the memory model. */
  reviewDueAt?: ReadonlyMap<string, Date>;
  masteredAt?: ReadonlyMap<string, Date>;
  /** The learner model behind `mastery`, named in every decision. */
  masteryModel?: { name: string; version: string };
  now: Date;
  seed: number;
}

export interface ChoiceBoardOption {
  kind: OptionKind;
  competencyId: string;
  activityId: string;
  level: ActivityLevel;
  modality: string;
  language: string;
  minutes: number;
  decision: Decision;
}

export interface ChoiceBoard {
  learnerId: string;
  options: ChoiceBoardOption[];
  /** Set when fewer than three options could be offered (e.g. nothing left to learn, no activity in the learner's language). */
  shortBecause?: "not-enough-matching-activities";
}

const LEVELS: readonly ActivityLevel[] = ["below", "at", "above"];

interface Candidate {
  kind: OptionKind;
  competency: number;
  level: ActivityLevel;
  report: MasteryReport | undefined;
  reviewWhy?: "due" | "recent";
  prerequisitesMastered: number;
}

export function buildChoiceBoard(
  catalog: ChoiceBoardCatalog,
  input: ChoiceBoardInput,
  parameters: ChoiceBoardParameters = DEFAULT_CHOICE_BOARD_PARAMETERS,
): ChoiceBoard {
  const { graph, activityStart, prerequisiteStart, prerequisites } = catalog;
  const scratch = catalog.scratch;
  const random = seededRandom(hashString(input.profile.learnerId, input.seed));
  const { mastered, reports } = scratch;
  // Walk the learner's reports (often far fewer than the graph) rather than look every competency up.
  // `forEach` hands over the key with the report, so the lookup need not wait for the report's own
  // fields to arrive from memory — with a classroom of learners, reading them is most of the cost.
  mastered.fill(0);
  reports.fill(undefined);
  input.mastery.forEach((report, competencyId) => {
    const v = graph.findIndex(competencyId);
    if (v === undefined) return;
    reports[v] = report;
    if (isMastered(report)) mastered[v] = 1;
  });
  // Ready competencies as plain indexes; Candidate objects only for the few that make the shortlist.
  const learnNew = scratch.learnNew;
  const practice = scratch.practice;
  let learnNewCount = 0;
  let practiceCount = 0;
  const due: Candidate[] = [];
  const recent: Candidate[] = [];
  const enough = parameters.candidatesPerKind;
  const now = input.now.getTime();
  const recentMs = parameters.recentlyMasteredDays * 86_400_000;
  const topological = graph.topologicalIndexes;
  for (let t = 0; t < topological.length; t++) {
    const v = topological[t]!;
    // A competency with nothing to do for it cannot be offered; skipping it here keeps the shortlist
    // to options the board can actually fill.
    if (activityStart[v] === activityStart[v + 1]) continue;
    const report = reports[v];
    if (mastered[v] === 1) {
      // Reviews: the earliest in the sequence first (foundations before what rests on them), due before recent.
      if (due.length >= enough) continue;
      const id = graph.ids[v]!;
      const dueAt = input.reviewDueAt?.get(id);
      if (report!.status === "needs-review" || (dueAt !== undefined && dueAt.getTime() <= now)) {
        due.push({
          kind: "review",
          competency: v,
          level: "at",
          report,
          reviewWhy: "due",
          prerequisitesMastered: 0,
        });
      } else if (recent.length < enough) {
        const at = input.masteredAt?.get(id);
        if (at !== undefined && now - at.getTime() < recentMs)
          recent.push({
            kind: "review",
            competency: v,
            level: "at",
            report,
            reviewWhy: "recent",
            prerequisitesMastered: 0,
          });
      }
      continue;
    }
    let ready = true;
    for (let i = prerequisiteStart[v]!; i < prerequisiteStart[v + 1]!; i++) {
      if (mastered[prerequisites[i]!] === 0) {
        ready = false;
        break;
      }
    }
    if (!ready) continue;
    const started =
      report !== undefined && report.status !== "not-started" && report.confidence.evidenceCount > 0;
    if (started) practice[practiceCount++] = v;
    else learnNew[learnNewCount++] = v;
  }
  // Practice the least-mastered first (ties: earlier node first); reviews as collected above; new
  // competencies in a seeded shuffle so two learners with the same state see different boards.
  const k = parameters.candidatesPerKind;
  for (let i = 0; i < Math.min(k, practiceCount); i++) {
    let best = i;
    for (let j = i + 1; j < practiceCount; j++) {
      const a = practice[j]!;
      const b = practice[best]!;
      const pa = reports[a]!.probability;
      const pb = reports[b]!.probability;
      if (pa < pb || (pa === pb && a < b)) best = j;
    }
    const swap = practice[i]!;
    practice[i] = practice[best]!;
    practice[best] = swap;
  }
  for (let i = 0; i < Math.min(k, learnNewCount); i++) {
    const j = i + Math.floor(random() * (learnNewCount - i));
    const swap = learnNew[i]!;
    learnNew[i] = learnNew[j]!;
    learnNew[j] = swap;
  }
  const candidates: Candidate[] = [];
  const poolEnd = [0, 0, 0];
  for (let i = 0; i < Math.min(k, learnNewCount); i++) {
    const v = learnNew[i]!;
    candidates.push({
      kind: "learn-new",
      competency: v,
      level: "at",
      report: reports[v],
      prerequisitesMastered: graph.prerequisiteIndexes[v]!.length,
    });
  }
  poolEnd[0] = candidates.length;
  for (let i = 0; i < Math.min(k, practiceCount); i++) {
    const v = practice[i]!;
    const p = reports[v]!.probability;
    const level: ActivityLevel =
      p < parameters.scaffoldBelow ? "below" : p >= parameters.stretchFrom ? "above" : "at";
    candidates.push({
      kind: "practice",
      competency: v,
      level,
      report: reports[v],
      prerequisitesMastered: graph.prerequisiteIndexes[v]!.length,
    });
  }
  poolEnd[1] = candidates.length;
  for (const review of due) if (candidates.length - poolEnd[1] < k) candidates.push(review);
  for (const review of recent) if (candidates.length - poolEnd[1] < k) candidates.push(review);
  poolEnd[2] = candidates.length;

  // Each candidate's best activity per modality, scored once; the board then trades match against variety.
  const modalities = catalog.modalities.length;
  ensureSlots(scratch, candidates.length * modalities, candidates.length);
  const encoded = encodeLearner(catalog, input.profile);
  for (let c = 0; c < candidates.length; c++)
    matchActivities(catalog, candidates[c]!.competency, candidates[c]!.level, c, encoded, parameters, random);

  const { slotActivity, slotScore, slotLanguage, slotCount, usedModality } = scratch;
  const options: ChoiceBoardOption[] = [];
  const perKind = [0, 0, 0];
  const used = new Uint8Array(candidates.length);
  const repeated = parameters.weights.repeatedModality;
  // Round-robin over kinds so the board mixes them; within a round take each kind's best match.
  // When the cap per kind leaves the board short of three (a new learner has only new competencies),
  // a second pass lifts the cap: three good options of one kind beat a board of two.
  const fill = (cap: number): void => {
    for (
      let round = 0;
      options.length < parameters.boardSize && round < parameters.candidatesPerKind;
      round++
    ) {
      for (let pool = 0; pool < 3; pool++) {
        if (options.length >= parameters.boardSize) break;
        if (perKind[pool]! >= cap) continue;
        let bestSlot = -1;
        let bestCandidate = -1;
        let bestScore = 0;
        for (let c = pool === 0 ? 0 : poolEnd[pool - 1]!; c < poolEnd[pool]!; c++) {
          if (used[c] === 1) continue;
          for (let s = c * modalities; s < c * modalities + slotCount[c]!; s++) {
            const score = slotScore[s]! - repeated * usedModality[catalog.modality[slotActivity[s]!]!]!;
            if (bestSlot < 0 || score > bestScore) {
              bestSlot = s;
              bestCandidate = c;
              bestScore = score;
            }
          }
        }
        if (bestSlot < 0) continue;
        const a = slotActivity[bestSlot]!;
        used[bestCandidate] = 1;
        perKind[pool]!++;
        usedModality[catalog.modality[a]!]!++;
        const activity = catalog.activities[a]!;
        const interest =
          encoded.hasInterests && activityHasInterest(catalog, a)
            ? activity.topics.find((t) => input.profile.interests.includes(t))
            : undefined;
        options.push(
          toOption(
            graph,
            candidates[bestCandidate]!,
            activity,
            input.profile.languages[slotLanguage[bestSlot]!]!,
            interest,
            input,
          ),
        );
      }
    }
  };
  fill(parameters.maxPerKind);
  if (options.length < MINIMUM_BOARD) fill(parameters.boardSize);
  usedModality.fill(0);
  releaseLearner(catalog, input.profile);
  return options.length < MINIMUM_BOARD
    ? { learnerId: input.profile.learnerId, options, shortBecause: "not-enough-matching-activities" }
    : { learnerId: input.profile.learnerId, options };
}

/** Grows the per-candidate slot arrays when a board has more candidates than any before it. */
function ensureSlots(scratch: BoardScratch, slots: number, candidates: number): void {
  if (scratch.slotActivity.length < slots) {
    scratch.slotActivity = new Int32Array(slots);
    scratch.slotScore = new Float64Array(slots);
    scratch.slotLanguage = new Int32Array(slots);
  }
  if (scratch.slotCount.length < candidates) scratch.slotCount = new Int32Array(candidates);
}

interface EncodedLearner {
  /** How many distinct supports the learner needs (Infinity when the catalogue offers one of them nowhere). */
  neededCount: number;
  hasInterests: boolean;
}

/** The learner's profile as flags over the catalogue's tag codes (in the catalogue's scratch space). */
function encodeLearner(catalog: ChoiceBoardCatalog, profile: LearnerProfile): EncodedLearner {
  const { languageRank, wanted, needed, preferred } = catalog.scratch;
  const { codes } = catalog;
  for (let rank = 0; rank < profile.languages.length; rank++) {
    const code = codes.get(profile.languages[rank]!);
    if (code !== undefined && languageRank[code] === -1) languageRank[code] = rank;
  }
  let hasInterests = false;
  for (const interest of profile.interests) {
    const code = codes.get(interest);
    if (code !== undefined) {
      wanted[code] = 1;
      hasInterests = true;
    }
  }
  let neededCount = 0;
  for (const need of profile.accommodations) {
    const code = codes.get(need);
    if (code === undefined)
      neededCount = Infinity; // nothing in the catalogue offers it
    else if (needed[code] === 0) {
      needed[code] = 1;
      neededCount++;
    }
  }
  if (profile.preferredModalities)
    for (const modality of profile.preferredModalities) {
      const m = catalog.modalities.indexOf(modality);
      if (m >= 0) preferred[m] = 1;
    }
  return { neededCount, hasInterests };
}

/** Clears what `encodeLearner` set, so the scratch space is clean for the next board. */
function releaseLearner(catalog: ChoiceBoardCatalog, profile: LearnerProfile): void {
  const { languageRank, wanted, needed, preferred } = catalog.scratch;
  const { codes } = catalog;
  for (const tag of profile.languages) {
    const code = codes.get(tag);
    if (code !== undefined) languageRank[code] = -1;
  }
  for (const tag of profile.interests) {
    const code = codes.get(tag);
    if (code !== undefined) wanted[code] = 0;
  }
  for (const tag of profile.accommodations) {
    const code = codes.get(tag);
    if (code !== undefined) needed[code] = 0;
  }
  preferred.fill(0);
}

function activityHasInterest(catalog: ChoiceBoardCatalog, a: number): boolean {
  const { start, codes } = catalog.topics;
  const wanted = catalog.scratch.wanted;
  for (let i = start[a]!; i < start[a + 1]!; i++) if (wanted[codes[i]!] === 1) return true;
  return false;
}

/**
 * For candidate `c` (competency node `v`): the best-scoring activity of each modality that fits the
 * learner's language and needs, written to the candidate's slots in the order modalities first appear.
 */
function matchActivities(
  catalog: ChoiceBoardCatalog,
  v: number,
  targetLevel: ActivityLevel,
  c: number,
  learner: EncodedLearner,
  parameters: ChoiceBoardParameters,
  random: () => number,
): void {
  const w = parameters.weights;
  const target = LEVELS.indexOf(targetLevel);
  const { level, modality, languages, topics, supports } = catalog;
  const {
    languageRank,
    wanted,
    needed,
    preferred,
    slotOfModality,
    slotActivity,
    slotScore,
    slotLanguage,
    slotCount,
  } = catalog.scratch;
  const { neededCount, hasInterests } = learner;
  const base = c * catalog.modalities.length;
  let count = 0;
  for (let a = catalog.activityStart[v]!; a < catalog.activityStart[v + 1]!; a++) {
    const distance = Math.abs(level[a]! - target);
    if (distance > 1) continue;
    let rank = Infinity;
    for (let i = languages.start[a]!; i < languages.start[a + 1]!; i++) {
      const r = languageRank[languages.codes[i]!]!;
      if (r >= 0 && r < rank) rank = r;
    }
    if (rank === Infinity) continue;
    if (neededCount > 0) {
      let covered = 0;
      for (let i = supports.start[a]!; i < supports.start[a + 1]!; i++)
        covered += needed[supports.codes[i]!]!;
      if (covered < neededCount) continue;
    }
    let interested = false;
    if (hasInterests)
      for (let i = topics.start[a]!; i < topics.start[a + 1]!; i++)
        if (wanted[topics.codes[i]!] === 1) {
          interested = true;
          break;
        }
    const m = modality[a]!;
    const score =
      (distance === 0 ? w.levelExact : w.levelAdjacent) +
      (interested ? w.interest : 0) +
      (preferred[m] === 1 ? w.preferredModality : 0) +
      (rank === 0 ? w.firstLanguage : 0) +
      w.jitter * random();
    const at = slotOfModality[m]!;
    if (at < 0) {
      const s = base + count++;
      slotOfModality[m] = s;
      slotActivity[s] = a;
      slotScore[s] = score;
      slotLanguage[s] = rank;
    } else if (score > slotScore[at]!) {
      slotActivity[at] = a;
      slotScore[at] = score;
      slotLanguage[at] = rank;
    }
  }
  for (let s = base; s < base + count; s++) slotOfModality[modality[slotActivity[s]!]!] = -1;
  slotCount[c] = count;
}

function toOption(
  graph: CompetencyGraph,
  candidate: Candidate,
  activity: Activity,
  language: string,
  interest: string | undefined,
  input: ChoiceBoardInput,
): ChoiceBoardOption {
  const competencyId = graph.ids[candidate.competency]!;
  const competencyTitle = graph.titles[candidate.competency] ?? competencyId;
  const report = candidate.report;
  const basedOn: DecisionBasis[] = [];
  const modelValues: Record<string, string> = input.masteryModel
    ? { masteryModel: `${input.masteryModel.name} ${input.masteryModel.version}` }
    : {};
  if (candidate.kind === "learn-new") {
    const prerequisiteIds = graph.prerequisiteIndexes[candidate.competency]!.map((p) => graph.ids[p]!);
    const references = prerequisiteIds.flatMap((id) => input.evidence.get(id) ?? []);
    const values: Record<string, number | string> = {
      ...modelValues,
      prerequisitesMastered: prerequisiteIds.length,
    };
    prerequisiteIds.forEach((id, i) => {
      const p = input.mastery.get(id)?.probability;
      if (p !== undefined) values[`pMastery.prerequisite${i + 1}`] = round2(p);
    });
    basedOn.push({ kind: "performance", references, values });
  } else {
    const values: Record<string, number | string> = { ...modelValues, competency: competencyId };
    if (report) {
      values.pMastery = round2(report.probability);
      values.evidenceCount = round2(report.confidence.evidenceCount);
      values.status = report.status;
    }
    basedOn.push({ kind: "performance", references: [...(input.evidence.get(competencyId) ?? [])], values });
    if (candidate.kind === "review") {
      const due = input.reviewDueAt?.get(competencyId);
      const at = input.masteredAt?.get(competencyId);
      const activityValues: Record<string, string> = {};
      if (due) activityValues.reviewDueAt = due.toISOString();
      if (at) activityValues.masteredAt = at.toISOString();
      if (Object.keys(activityValues).length > 0)
        basedOn.push({
          kind: "activity",
          references: [...(input.evidence.get(competencyId) ?? [])].slice(-1),
          values: activityValues,
        });
    }
  }
  const profileReferences = ["languages", "accommodations"];
  const profileValues: Record<string, string> = {
    language,
    level: activity.level,
    modality: activity.modality,
  };
  if (input.profile.accommodations.length > 0)
    profileValues.accommodations = input.profile.accommodations.join(", ");
  if (interest !== undefined) {
    profileReferences.push("interests");
    profileValues.interest = interest;
  }
  if (input.profile.preferredModalities?.includes(activity.modality))
    profileReferences.push("preferredModalities");
  basedOn.push({ kind: "profile", references: profileReferences, values: profileValues });

  const reasonValues: Record<string, string | number> = {
    competency: competencyTitle,
    interest: interest ?? "none",
  };
  if (candidate.kind === "learn-new") reasonValues.prerequisiteCount = candidate.prerequisitesMastered;
  if (candidate.kind === "practice") {
    reasonValues.percent = Math.round((report?.probability ?? 0) * 100);
    reasonValues.attempts = Math.round(report?.confidence.evidenceCount ?? 0);
  }
  if (candidate.kind === "review") reasonValues.why = candidate.reviewWhy === "due" ? "due" : "recent";
  return {
    kind: candidate.kind,
    competencyId,
    activityId: activity.id,
    level: activity.level,
    modality: activity.modality,
    language,
    minutes: activity.minutes,
    decision: {
      what: "activity",
      how:
        candidate.kind === "learn-new"
          ? ["path"]
          : candidate.kind === "practice"
            ? ["path", "pace"]
            : ["time"],
      who: { kind: "engine", model: CHOICE_BOARD_MODEL.model, version: CHOICE_BOARD_MODEL.version },
      basedOn,
      reason: { messageId: `board.${candidate.kind}`, values: reasonValues },
    },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
