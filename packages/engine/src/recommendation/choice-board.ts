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

/** An activity with its tags turned into small integer codes, so matching a learner is array lookups. */
interface IndexedActivity {
  activity: Activity;
  level: number;
  modalityCode: number;
  languageCodes: Int32Array;
  topicCodes: Int32Array;
  supportCodes: Int32Array;
}

export interface ChoiceBoardCatalog {
  graph: CompetencyGraph;
  activitiesByCompetency: readonly (readonly IndexedActivity[])[];
  /** Tag → code, one table for languages, topics, supports and modalities alike. */
  codes: ReadonlyMap<string, number>;
  /** Reused between boards (JavaScript runs one board at a time), so a class of boards allocates little. */
  scratch: {
    mastered: Uint8Array;
    reports: (MasteryReport | undefined)[];
    languageRank: Int32Array;
    wanted: Uint8Array;
    needed: Uint8Array;
    bestByModality: Int32Array;
  };
}

/** Indexes activities by competency once; throws `CompetencyGraphError` for an activity on an unknown competency. */
export function prepareChoiceBoards(
  graph: CompetencyGraph,
  activities: readonly Activity[],
): ChoiceBoardCatalog {
  const codes = new Map<string, number>();
  const codesOf = (tags: readonly string[]): Int32Array =>
    Int32Array.from(tags, (tag) => {
      let code = codes.get(tag);
      if (code === undefined) codes.set(tag, (code = codes.size));
      return code;
    });
  const byCompetency: IndexedActivity[][] = Array.from({ length: graph.size }, () => []);
  for (const activity of activities) {
    byCompetency[graph.indexOf(activity.competencyId)]!.push({
      activity,
      level: LEVELS.indexOf(activity.level),
      modalityCode: codesOf([activity.modality])[0]!,
      languageCodes: codesOf(activity.languages),
      topicCodes: codesOf(activity.topics),
      supportCodes: codesOf(activity.supports),
    });
  }
  const tags = codes.size;
  return {
    graph,
    activitiesByCompetency: byCompetency,
    codes,
    scratch: {
      mastered: new Uint8Array(graph.size),
      reports: new Array<MasteryReport | undefined>(graph.size),
      languageRank: new Int32Array(tags),
      wanted: new Uint8Array(tags),
      needed: new Uint8Array(tags),
      bestByModality: new Int32Array(tags).fill(-1),
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
  const { graph } = catalog;
  const random = seededRandom(hashString(input.profile.learnerId, input.seed));
  const { mastered, reports } = catalog.scratch;
  // Walk the learner's reports (often far fewer than the graph) rather than look every competency up.
  mastered.fill(0);
  reports.fill(undefined);
  for (const report of input.mastery.values()) {
    const v = graph.findIndex(report.competencyId);
    if (v === undefined) continue;
    reports[v] = report;
    if (isMastered(report)) mastered[v] = 1;
  }
  // Ready competencies as plain indexes; Candidate objects only for the few that make the shortlist.
  const learnNew: number[] = [];
  const practice: number[] = [];
  const due: Candidate[] = [];
  const recent: Candidate[] = [];
  const enough = parameters.candidatesPerKind;
  const now = input.now.getTime();
  const recentMs = parameters.recentlyMasteredDays * 86_400_000;
  for (const v of graph.topologicalIndexes) {
    // A competency with nothing to do for it cannot be offered; skipping it here keeps the shortlist
    // to options the board can actually fill.
    if (catalog.activitiesByCompetency[v]!.length === 0) continue;
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
    const prerequisites = graph.prerequisiteIndexes[v]!;
    let ready = true;
    for (let i = 0; i < prerequisites.length; i++) {
      if (mastered[prerequisites[i]!] === 0) {
        ready = false;
        break;
      }
    }
    if (!ready) continue;
    const started =
      report !== undefined && report.status !== "not-started" && report.confidence.evidenceCount > 0;
    (started ? practice : learnNew).push(v);
  }
  // Practice the least-mastered first; reviews as collected above; new competencies in a seeded
  // shuffle so two learners with the same state see different boards.
  const k = parameters.candidatesPerKind;
  practice.sort((a, b) => reports[a]!.probability - reports[b]!.probability || a - b);
  for (let i = 0; i < Math.min(k, learnNew.length); i++) {
    const j = i + Math.floor(random() * (learnNew.length - i));
    [learnNew[i], learnNew[j]] = [learnNew[j]!, learnNew[i]!];
  }
  const newCandidates = learnNew.slice(0, k).map((v): Candidate => ({
    kind: "learn-new",
    competency: v,
    level: "at",
    report: reports[v],
    prerequisitesMastered: graph.prerequisiteIndexes[v]!.length,
  }));
  const practiceCandidates = practice.slice(0, k).map((v): Candidate => {
    const p = reports[v]!.probability;
    const level: ActivityLevel =
      p < parameters.scaffoldBelow ? "below" : p >= parameters.stretchFrom ? "above" : "at";
    return {
      kind: "practice",
      competency: v,
      level,
      report: reports[v],
      prerequisitesMastered: graph.prerequisiteIndexes[v]!.length,
    };
  });
  const pools = [newCandidates, practiceCandidates, [...due, ...recent].slice(0, k)];

  // Each candidate's best activity per modality, scored once; the board then trades match against variety.
  const learner = encodeLearner(catalog, input.profile);
  const matches = pools.map((pool) =>
    pool.map((candidate) =>
      matchActivities(
        catalog.activitiesByCompetency[candidate.competency]!,
        candidate.level,
        learner,
        parameters,
        random,
        catalog.scratch.bestByModality,
      ),
    ),
  );
  learner.release();
  const options: ChoiceBoardOption[] = [];
  const usedModalities = new Map<string, number>();
  const perKind = new Map<OptionKind, number>();
  const usedCompetencies = new Set<number>();
  // Round-robin over kinds so the board mixes them; within a round take each kind's best match.
  // When the cap per kind leaves the board short of three (a new learner has only new competencies),
  // a second pass lifts the cap: three good options of one kind beat a board of two.
  const fill = (cap: number): void => {
    for (
      let round = 0;
      options.length < parameters.boardSize && round < parameters.candidatesPerKind;
      round++
    ) {
      pools.forEach((pool, k) => {
        if (options.length >= parameters.boardSize) return;
        let best: { candidate: Candidate; match: ActivityMatch; score: number } | undefined;
        pool.forEach((candidate, c) => {
          if (usedCompetencies.has(candidate.competency) || (perKind.get(candidate.kind) ?? 0) >= cap) return;
          for (const match of matches[k]![c]!) {
            const score =
              match.score -
              parameters.weights.repeatedModality * (usedModalities.get(match.activity.modality) ?? 0);
            if (!best || score > best.score) best = { candidate, match, score };
          }
        });
        if (!best) return;
        const { candidate, match } = best;
        usedCompetencies.add(candidate.competency);
        perKind.set(candidate.kind, (perKind.get(candidate.kind) ?? 0) + 1);
        usedModalities.set(match.activity.modality, (usedModalities.get(match.activity.modality) ?? 0) + 1);
        options.push(toOption(graph, candidate, match.activity, match.language, match.interest, input));
      });
    }
  };
  fill(parameters.maxPerKind);
  if (options.length < MINIMUM_BOARD) fill(parameters.boardSize);
  return options.length < MINIMUM_BOARD
    ? { learnerId: input.profile.learnerId, options, shortBecause: "not-enough-matching-activities" }
    : { learnerId: input.profile.learnerId, options };
}

interface ActivityMatch {
  activity: Activity;
  language: string;
  score: number;
  interest: string | undefined;
  modalityCode: number;
}

interface EncodedLearner {
  profile: LearnerProfile;
  /** By tag code: the learner's preference rank of a language (−1 when not theirs). */
  languageRank: Int32Array;
  /** By tag code: 1 for an interest or preferred modality, 2 for both. */
  wanted: Uint8Array;
  /** By tag code: 1 for a support the learner needs. */
  needed: Uint8Array;
  neededCount: number;
  release(): void;
}

/** The learner's profile as flags over the catalogue's tag codes (in the catalogue's scratch space). */
function encodeLearner(catalog: ChoiceBoardCatalog, profile: LearnerProfile): EncodedLearner {
  const { languageRank, wanted, needed } = catalog.scratch;
  languageRank.fill(-1);
  const touched: number[] = [];
  profile.languages.forEach((language, rank) => {
    const code = catalog.codes.get(language);
    if (code !== undefined && languageRank[code] === -1) languageRank[code] = rank;
  });
  for (const interest of profile.interests) {
    const code = catalog.codes.get(interest);
    if (code !== undefined) {
      wanted[code] = 1;
      touched.push(code);
    }
  }
  let neededCount = 0;
  for (const need of profile.accommodations) {
    const code = catalog.codes.get(need);
    if (code === undefined)
      neededCount = Infinity; // nothing in the catalogue offers it
    else if (needed[code] === 0) {
      needed[code] = 1;
      neededCount++;
      touched.push(code);
    }
  }
  return {
    profile,
    languageRank,
    wanted,
    needed,
    neededCount,
    release: () => {
      for (const code of touched) wanted[code] = needed[code] = 0;
    },
  };
}

/** For one competency: the best-scoring activity of each modality that fits the learner's language and needs. */
function matchActivities(
  activities: readonly IndexedActivity[],
  targetLevel: ActivityLevel,
  learner: EncodedLearner,
  parameters: ChoiceBoardParameters,
  random: () => number,
  bestByModality: Int32Array,
): ActivityMatch[] {
  const w = parameters.weights;
  const target = LEVELS.indexOf(targetLevel);
  const { profile, languageRank, wanted, needed, neededCount } = learner;
  const matches: ActivityMatch[] = [];
  for (const indexed of activities) {
    const distance = Math.abs(indexed.level - target);
    if (distance > 1) continue;
    let rank = Infinity;
    const languageCodes = indexed.languageCodes;
    for (let i = 0; i < languageCodes.length; i++) {
      const r = languageRank[languageCodes[i]!]!;
      if (r >= 0 && r < rank) rank = r;
    }
    if (rank === Infinity) continue;
    if (neededCount > 0) {
      let covered = 0;
      const supportCodes = indexed.supportCodes;
      for (let i = 0; i < supportCodes.length; i++) covered += needed[supportCodes[i]!]!;
      if (covered < neededCount) continue;
    }
    let interestCode = -1;
    const topicCodes = indexed.topicCodes;
    for (let i = 0; i < topicCodes.length; i++) {
      if (wanted[topicCodes[i]!] === 1) {
        interestCode = topicCodes[i]!;
        break;
      }
    }
    const activity = indexed.activity;
    const score =
      (distance === 0 ? w.levelExact : w.levelAdjacent) +
      (interestCode >= 0 ? w.interest : 0) +
      (profile.preferredModalities?.includes(activity.modality) ? w.preferredModality : 0) +
      (rank === 0 ? w.firstLanguage : 0) +
      w.jitter * random();
    const at = bestByModality[indexed.modalityCode]!;
    if (at < 0 || score > matches[at]!.score) {
      const interest =
        interestCode >= 0 ? activity.topics.find((t) => profile.interests.includes(t)) : undefined;
      const match = {
        activity,
        language: profile.languages[rank]!,
        score,
        interest,
        modalityCode: indexed.modalityCode,
      };
      if (at < 0) {
        bestByModality[indexed.modalityCode] = matches.length;
        matches.push(match);
      } else matches[at] = match;
    }
  }
  for (const match of matches) bestByModality[match.modalityCode] = -1;
  return matches;
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
