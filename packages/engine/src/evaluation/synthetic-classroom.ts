/**
 * Synthetic activity catalogues and learners for the recommendation benchmark and tests: every
 * competency gets activities across levels, modalities, languages, interest topics and supports;
 * every learner gets a profile, a mastery state that respects the prerequisites (a learning walk),
 * evidence ids behind it and review dates. Seeded, so every run sees the same classroom.
 */
import type { CompetencyGraph } from "../graph/competency-graph.js";
import type { MasteryReport, MasteryStatus } from "../mastery.js";
import type { Activity, ActivityLevel, LearnerProfile } from "../recommendation/choice-board.js";
import type { RandomSource } from "../recommendation/seeded-random.js";
import { simulateKnowledgeState } from "./simulate-learners.js";

export const SYNTHETIC_MODALITIES = [
  "video",
  "reading",
  "practice",
  "game",
  "project",
  "audio",
  "hands-on",
] as const;
export const SYNTHETIC_TOPICS = [
  "sports",
  "music",
  "animals",
  "space",
  "cooking",
  "art",
  "games",
  "nature",
] as const;
export const SYNTHETIC_SUPPORTS = ["captions", "text-to-speech", "extended-time", "large-print"] as const;
const LEVELS: readonly ActivityLevel[] = ["below", "at", "above"];

const pick = <T>(list: readonly T[], random: RandomSource): T => list[Math.floor(random() * list.length)]!;

export function syntheticActivities(
  graph: CompetencyGraph,
  perCompetency: number,
  random: RandomSource,
): Activity[] {
  const out: Activity[] = [];
  for (const competencyId of graph.ids) {
    for (let k = 0; k < perCompetency; k++) {
      const supports = SYNTHETIC_SUPPORTS.filter(() => random() < 0.6);
      out.push({
        id: `${competencyId}#${k}`,
        title: `Activity ${k + 1} for ${competencyId}`,
        competencyId,
        level: LEVELS[k % 3]!,
        modality: SYNTHETIC_MODALITIES[k % SYNTHETIC_MODALITIES.length]!,
        languages: random() < 0.5 ? ["en", "es"] : [pick(["en", "es"], random)],
        topics: [pick(SYNTHETIC_TOPICS, random)],
        supports,
        minutes: 5 + Math.floor(random() * 26),
      });
    }
  }
  return out;
}

export interface SyntheticLearner {
  profile: LearnerProfile;
  mastery: Map<string, MasteryReport>;
  evidence: Map<string, string[]>;
  reviewDueAt: Map<string, Date>;
  masteredAt: Map<string, Date>;
}

/** A learner whose mastered set is a learning walk; the frontier is part-way through. */
export function syntheticLearner(
  graph: CompetencyGraph,
  learnerId: string,
  now: Date,
  random: RandomSource,
): SyntheticLearner {
  const known = simulateKnowledgeState(graph, random, 0.02);
  const mastery = new Map<string, MasteryReport>();
  const evidence = new Map<string, string[]>();
  const reviewDueAt = new Map<string, Date>();
  const masteredAt = new Map<string, Date>();
  const day = 86_400_000;
  let evidenceCounter = 0;
  graph.ids.forEach((id, v) => {
    const readyToStart = graph.prerequisiteIndexes[v]!.every((p) => known[p] === 1);
    let status: MasteryStatus;
    let probability: number;
    let attempts: number;
    if (known[v] === 1) {
      status = random() < 0.1 ? "needs-review" : "mastered";
      probability = 0.85 + 0.14 * random();
      attempts = 3 + Math.floor(random() * 6);
      masteredAt.set(id, new Date(now.getTime() - Math.floor(random() * 60) * day));
      reviewDueAt.set(id, new Date(now.getTime() + Math.floor(random() * 40 - 10) * day));
    } else if (readyToStart && random() < 0.4) {
      status = random() < 0.5 ? "developing" : "approaching";
      probability = status === "developing" ? 0.2 + 0.3 * random() : 0.5 + 0.3 * random();
      attempts = 1 + Math.floor(random() * 8);
    } else {
      return; // not started: no report, no evidence
    }
    const ids = Array.from({ length: attempts }, () => `${learnerId}:e${++evidenceCounter}`);
    evidence.set(id, ids);
    mastery.set(id, {
      competencyId: id,
      probability,
      status,
      confidence: {
        lower: Math.max(0, probability - 0.15),
        upper: Math.min(1, probability + 0.1),
        evidenceCount: attempts,
      },
    });
  });
  const profile: LearnerProfile = {
    learnerId,
    languages: random() < 0.3 ? ["es", "en"] : ["en"],
    interests: SYNTHETIC_TOPICS.filter(() => random() < 0.25),
    accommodations: random() < 0.15 ? [pick(SYNTHETIC_SUPPORTS, random)] : [],
    preferredModalities: [pick(SYNTHETIC_MODALITIES, random)],
  };
  return { profile, mastery, evidence, reviewDueAt, masteredAt };
}
