/**
 * What the engine needs to build a learner's board, read from the platform: the competency graph
 * of their classes' frameworks, their mastery, the activities that teach each competency, their
 * profile and accommodations, and the evidence behind each estimate.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { CompetencyGraph, type Activity, type LearnerProfile, type MasteryReport } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { itemCompetencies, items, itemVariants, resourceCompetencies, resources } from "../content/schema.js";
import { evidence } from "../evidence/schema.js";
import { competencies, competencyEdges } from "../frameworks/schema.js";
import { users } from "../identity/schema.js";
import { accommodations, learnerProfiles } from "../learners/schema.js";
import { classes, enrollments } from "../roster/schema.js";
import { competencyMastery } from "./schema.js";

/** Minutes an item takes when nothing better is known (one practice question, read and answered). */
export const ITEM_MINUTES = 3;
/** How many recent evidence ids each competency's decision cites. */
export const EVIDENCE_REFERENCES_PER_COMPETENCY = 5;

/**
 * Supports every Pathwise item has, because the Pathwise player provides them (speech synthesis,
 * timers, text size, contrast, fewer choices). Linked resources offer only what their authors tagged.
 */
export const PLAYER_SUPPORTS = [
  "text-to-speech",
  "extended-time",
  "large-text",
  "high-contrast",
  "reduced-choices",
  "dyslexia-font",
];

/** Each accommodation as the support an activity must offer to be suitable. */
const ACCOMMODATION_SUPPORTS = {
  readAloud: "text-to-speech",
  largeText: "large-text",
  highContrast: "high-contrast",
  reducedChoices: "reduced-choices",
  dyslexiaFont: "dyslexia-font",
} as const;

export async function frameworkIdsOfLearner(
  db: Database,
  organizationId: string,
  learnerId: string,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ frameworkId: classes.frameworkId })
    .from(enrollments)
    .innerJoin(classes, eq(classes.id, enrollments.classId))
    .where(
      and(
        eq(enrollments.organizationId, organizationId),
        eq(enrollments.userId, learnerId),
        eq(enrollments.role, "learner"),
      ),
    );
  return rows.flatMap((r) => (r.frameworkId ? [r.frameworkId] : []));
}

/**
 * How a competency is named inside a sentence ("You are ready for …: …"): the framework's short
 * statement when it has one, else the first sentence of the full statement, without its final
 * period and without the examples some frameworks append.
 */
export function competencyTitle(statement: string, abbreviated: string | null): string {
  const text = (abbreviated?.trim() || statement.trim()).replace(/\s*\*?For example[\s\S]*$/i, "");
  const first = text.match(/^[\s\S]*?[.;](?=\s|$)/)?.[0] ?? text;
  const clipped = first.length > 160 ? `${first.slice(0, 157).trimEnd()}…` : first;
  return clipped.replace(/[.;:]+$/, "").trim();
}

export async function competencyGraphOf(
  db: Database,
  organizationId: string,
  frameworkIds: string[],
): Promise<CompetencyGraph> {
  if (frameworkIds.length === 0) return CompetencyGraph.build({ competencies: [], prerequisites: [] });
  const nodes = await db
    .select({
      id: competencies.id,
      statement: competencies.statement,
      abbreviated: competencies.abbreviatedStatement,
      parentId: competencies.parentId,
    })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, organizationId),
        inArray(competencies.frameworkId, frameworkIds),
        isNull(competencies.retiredAt),
      ),
    );
  const live = new Set(nodes.map((n) => n.id));
  const edges = await db
    .select({ from: competencyEdges.fromId, to: competencyEdges.toId })
    .from(competencyEdges)
    .where(
      and(
        eq(competencyEdges.organizationId, organizationId),
        inArray(competencyEdges.frameworkId, frameworkIds),
        eq(competencyEdges.kind, "prerequisite"),
      ),
    );
  return CompetencyGraph.build({
    competencies: nodes.map((n) => ({ id: n.id, title: competencyTitle(n.statement, n.abbreviated) })),
    prerequisites: edges
      .filter((e) => live.has(e.from) && live.has(e.to))
      .map((e) => ({ prerequisiteId: e.from, dependentId: e.to })),
    partOf: nodes.flatMap((n) =>
      n.parentId && live.has(n.parentId) ? [{ childId: n.id, parentId: n.parentId }] : [],
    ),
  });
}

export async function masteryOfLearner(db: Database, learnerId: string) {
  const rows = await db.select().from(competencyMastery).where(eq(competencyMastery.learnerId, learnerId));
  const reports = new Map<string, MasteryReport>();
  const masteredAt = new Map<string, Date>();
  for (const row of rows) {
    reports.set(row.competencyId, {
      competencyId: row.competencyId,
      probability: row.probability,
      confidence: { lower: row.lower, upper: row.upper, evidenceCount: row.evidenceCount },
      status: row.status,
    });
    if (row.masteredAt) masteredAt.set(row.competencyId, row.masteredAt);
  }
  return { reports, masteredAt };
}

export async function activitiesOf(
  db: Database,
  organizationId: string,
  competencyIds: Set<string>,
): Promise<Activity[]> {
  const resourceRows = await db
    .select({ resource: resources, competencyId: resourceCompetencies.competencyId })
    .from(resourceCompetencies)
    .innerJoin(resources, eq(resources.id, resourceCompetencies.resourceId))
    .where(and(eq(resourceCompetencies.organizationId, organizationId), isNull(resources.archivedAt)));
  const itemRows = await db
    .select({ item: items, competencyId: itemCompetencies.competencyId })
    .from(itemCompetencies)
    .innerJoin(items, eq(items.id, itemCompetencies.itemId))
    .where(and(eq(itemCompetencies.organizationId, organizationId), isNull(items.archivedAt)));
  // An item's interest-context variants are its topics: a learner into sports is offered the item
  // whose sports wording they will be shown.
  const variantRows = await db
    .select({ itemId: itemVariants.itemId, interest: itemVariants.interest })
    .from(itemVariants)
    .where(and(eq(itemVariants.organizationId, organizationId), isNull(itemVariants.archivedAt)));
  const interestsOfItem = new Map<string, string[]>();
  for (const { itemId, interest } of variantRows) {
    const topic = interest.toLowerCase();
    const list = interestsOfItem.get(itemId);
    if (list === undefined) interestsOfItem.set(itemId, [topic]);
    else if (!list.includes(topic)) list.push(topic);
  }
  const activities: Activity[] = [];
  for (const { resource, competencyId } of resourceRows) {
    if (!competencyIds.has(competencyId)) continue;
    activities.push({
      id: `resource:${resource.id}`,
      title: resource.title,
      competencyId,
      level: resource.level,
      modality: resource.modality,
      languages: [resource.language],
      topics: resource.interests.map((interest) => interest.toLowerCase()),
      supports: resource.accessibilityFeatures,
      minutes: resource.expectedMinutes,
    });
  }
  for (const { item, competencyId } of itemRows) {
    if (!competencyIds.has(competencyId)) continue;
    activities.push({
      id: `item:${item.id}`,
      title: item.stem.length > 80 ? `${item.stem.slice(0, 77)}…` : item.stem,
      competencyId,
      level: item.level,
      modality: "practice",
      languages: [item.language],
      topics: interestsOfItem.get(item.id) ?? [],
      supports: PLAYER_SUPPORTS,
      minutes: ITEM_MINUTES,
    });
  }
  return activities;
}

export async function profileOf(db: Database, learnerId: string): Promise<LearnerProfile> {
  const [profile] = await db.select().from(learnerProfiles).where(eq(learnerProfiles.learnerId, learnerId));
  const [needs] = await db.select().from(accommodations).where(eq(accommodations.learnerId, learnerId));
  const [user] = await db.select({ locale: users.locale }).from(users).where(eq(users.id, learnerId));
  return profileFrom(learnerId, profile ?? null, needs ?? null, user?.locale ?? null);
}

/**
 * What the engine needs of a learner's profile: their languages (else their account's), their
 * interests, and the support each of their accommodations requires of an activity.
 */
export function profileFrom(
  learnerId: string,
  profile: { languages: string[]; interests: string[] } | null,
  needs: Partial<Record<keyof typeof ACCOMMODATION_SUPPORTS, unknown>> | null,
  locale: string | null,
): LearnerProfile {
  const languages = profile?.languages.length ? profile.languages : [locale ?? "en"];
  const required = needs
    ? Object.entries(ACCOMMODATION_SUPPORTS).flatMap(([field, support]) =>
        needs[field as keyof typeof ACCOMMODATION_SUPPORTS] ? [support] : [],
      )
    : [];
  // Interests match case-insensitively, as item delivery matches variants ("Sports" is "sports").
  const interests = (profile?.interests ?? []).map((interest) => interest.toLowerCase());
  return { learnerId, languages, interests, accommodations: required };
}

/** The newest evidence ids per competency, oldest first, as the decisions' references. */
export async function evidenceReferencesOf(db: Database, learnerId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ id: evidence.id, competencyIds: evidence.competencyIds })
    .from(evidence)
    .where(and(eq(evidence.learnerId, learnerId), sql`${evidence.kind} <> 'self_assessment'`))
    .orderBy(desc(evidence.occurredAt))
    .limit(2_000);
  const byCompetency = new Map<string, string[]>();
  for (const row of rows) {
    for (const competencyId of row.competencyIds) {
      const list = byCompetency.get(competencyId) ?? [];
      if (list.length < EVIDENCE_REFERENCES_PER_COMPETENCY) list.unshift(row.id);
      byCompetency.set(competencyId, list);
    }
  }
  return byCompetency;
}
