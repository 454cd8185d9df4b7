/**
 * How a family can help at home, for one learner, built only from what Pathwise knows:
 * - what the learner is working on now — this week's commitments and the next steps of their active
 *   plan, then competencies they are practising or reviewing (their mastery says so) — each with
 *   the framework's own wording shortened to its core, the framework's own example when it gives
 *   one, and the notes the staff of the learner's schools wrote for families on it;
 * - links tagged with those competencies that suit home: web links (nothing behind a sign-in), in a
 *   language of the learner (the organization's languages when the learner has not said) or of the
 *   reader, in a modality that needs no classroom; those that match the learner's interests and the
 *   supports they get come first, shorter ones before longer. The learner's languages and interests
 *   choose the links even when the learner does not share them with their family: they are used,
 *   never shown;
 * - the learner's accommodations, as things a family can mirror at home.
 * The wording around these facts (and general tips) is the interface's, in the reader's language.
 * Whoever may see the learner may read it: their guardians, the learner, their teachers, admins.
 */
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { homeNotesForLearner } from "../content/home-notes.js";
import { resourceCompetencies, resources } from "../content/schema.js";
import { competencies } from "../frameworks/schema.js";
import { competencyTitle } from "../personalization/board-inputs.js";
import { getLearnerMastery } from "../personalization/get-learner-mastery.js";
import { relationToLearner } from "../personalization/relationships.js";
import { organizationSettingsOf } from "../roster/organization-settings.js";
import type { SignedInCtx } from "../shared/context.js";
import { getAccommodations, type AccommodationsView } from "./accommodations.js";
import { weekOf } from "./plan-engine.js";
import { listPlans } from "./plans.js";
import { authorize } from "./policies.js";
import { learnerProfiles } from "./schema.js";

/** How many competencies a family is asked to help with at once: a few, so it stays doable. */
export const HOME_HELP_COMPETENCIES = 4;
/** How many upcoming plan steps (beyond this week's commitments) count as "working on now". */
export const HOME_HELP_PLAN_STEPS = 2;
/** Links offered per competency. */
export const HOME_HELP_LINKS = 3;
/** Modalities a family can do at home without a class (not discussions or class projects). */
export const HOME_MODALITIES = [
  "video",
  "reading",
  "audio",
  "game",
  "interactive",
  "hands-on",
  "practice",
] as const;
/** Modalities that suit a learner who is read to (their work is read aloud at school). */
const LISTENING_MODALITIES = new Set<string>(["video", "audio"]);

export type WhyNow = "this-week" | "next-in-plan" | "practising" | "reviewing";

export type HomeAccommodation =
  | { kind: "read-aloud" }
  | { kind: "breaks" }
  | { kind: "extended-time"; factor: number }
  | { kind: "no-timer" }
  | { kind: "reduced-choices" }
  | { kind: "large-text" }
  | { kind: "high-contrast" }
  | { kind: "dyslexia-font" };

export interface HomeNoteForFamily {
  schoolName: string;
  body: string;
  language: string;
  updatedAt: Date;
  /** The staff member who last wrote it. */
  writtenBy: string | null;
}

export interface HomeLink {
  id: string;
  title: string;
  url: string;
  modality: string;
  language: string;
  expectedMinutes: number;
}

export interface HomeCompetency {
  id: string;
  code: string | null;
  /** The framework's statement, whole. */
  statement: string;
  /** Its core: the short form, or the first sentence without the examples. */
  title: string;
  /** The example the framework itself gives, when it gives one. */
  example: string | null;
  why: WhyNow;
  notes: HomeNoteForFamily[];
  links: HomeLink[];
}

export interface HelpAtHome {
  learnerId: string;
  competencies: HomeCompetency[];
  accommodations: HomeAccommodation[];
}

/**
 * The example a framework gives in a statement ("… *For example, express 36 + 8 as 4 (9 + 2).*"):
 * its "For example" sentence, else what follows an "e.g.".
 */
export function frameworkExampleOf(statement: string): string | null {
  const match =
    statement.match(/\bfor example[,:]?\s*([\s\S]+)$/i) ?? statement.match(/\be\.g\.[,:]?\s*([\s\S]+)$/i);
  const example = match?.[1]
    ?.replace(/\*+/g, "")
    .trim()
    .replace(/[.;:]+$/, "");
  return example ? example : null;
}

/** What a family can mirror at home of the supports the learner gets at school. */
export function homeAccommodationsOf(a: AccommodationsView): HomeAccommodation[] {
  const out: HomeAccommodation[] = [];
  if (a.readAloud) out.push({ kind: "read-aloud" });
  if (a.breaks) out.push({ kind: "breaks" });
  if (a.extendedTimeFactor === null) out.push({ kind: "no-timer" });
  else if (a.extendedTimeFactor > 1) out.push({ kind: "extended-time", factor: a.extendedTimeFactor });
  if (a.reducedChoices) out.push({ kind: "reduced-choices" });
  if (a.largeText) out.push({ kind: "large-text" });
  if (a.highContrast) out.push({ kind: "high-contrast" });
  if (a.dyslexiaFont) out.push({ kind: "dyslexia-font" });
  return out;
}

const baseLanguage = (tag: string) => tag.split("-")[0]!.toLowerCase();

export async function getHelpAtHome(ctx: SignedInCtx, learnerId: string): Promise<HelpAtHome> {
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  const [mastery, plans, [profile], accommodations, settings] = await Promise.all([
    getLearnerMastery(ctx, learnerId),
    listPlans(ctx, learnerId),
    db
      .select({ languages: learnerProfiles.languages, interests: learnerProfiles.interests })
      .from(learnerProfiles)
      .where(eq(learnerProfiles.learnerId, learnerId)),
    getAccommodations(ctx, learnerId),
    organizationSettingsOf(db, actor.organizationId),
  ]);

  // What the learner is working on now, most immediate first.
  const statusOf = new Map(mastery.map((m) => [m.competencyId, m.status]));
  const chosen = new Map<string, WhyNow>();
  const take = (id: string, why: WhyNow) => {
    if (chosen.size < HOME_HELP_COMPETENCIES && !chosen.has(id) && statusOf.get(id) !== "mastered")
      chosen.set(id, why);
  };
  const plan = plans.find((p) => p.status === "active");
  if (plan) {
    const week = weekOf(ctx.now());
    const planned = plan.entries
      .filter((e) => !e.skipped)
      .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity));
    for (const e of planned) if (e.committedWeek === week) take(e.competencyId, "this-week");
    const upcoming = planned.filter(
      (e) =>
        e.position !== undefined &&
        !chosen.has(e.competencyId) &&
        statusOf.get(e.competencyId) !== "mastered",
    );
    for (const e of upcoming.slice(0, HOME_HELP_PLAN_STEPS)) take(e.competencyId, "next-in-plan");
  }
  const practising = mastery
    .filter((m) => m.evidenceCount > 0 && m.status !== "mastered" && m.status !== "not-started")
    .sort((a, b) => +new Date(b.updatedAt ?? 0) - +new Date(a.updatedAt ?? 0));
  for (const m of practising) take(m.competencyId, m.status === "needs-review" ? "reviewing" : "practising");

  const ids = [...chosen.keys()];
  if (ids.length === 0)
    return { learnerId, competencies: [], accommodations: homeAccommodationsOf(accommodations) };

  const learnerLanguages = profile?.languages.length ? profile.languages : settings.languages;
  const languages = new Set([...learnerLanguages, actor.locale].map(baseLanguage));
  const interests = new Set((profile?.interests ?? []).map((i) => i.toLowerCase()));
  const [rows, notes, links] = await Promise.all([
    db
      .select({
        id: competencies.id,
        code: competencies.humanCodingScheme,
        statement: competencies.statement,
        abbreviated: competencies.abbreviatedStatement,
      })
      .from(competencies)
      .where(
        and(
          eq(competencies.organizationId, actor.organizationId),
          inArray(competencies.id, ids),
          isNull(competencies.retiredAt),
        ),
      ),
    homeNotesForLearner(db, actor.organizationId, learnerId, ids),
    db
      .select({
        competencyId: resourceCompetencies.competencyId,
        id: resources.id,
        title: resources.title,
        url: resources.url,
        modality: resources.modality,
        language: resources.language,
        level: resources.level,
        interests: resources.interests,
        expectedMinutes: resources.expectedMinutes,
      })
      .from(resourceCompetencies)
      .innerJoin(resources, eq(resources.id, resourceCompetencies.resourceId))
      .where(
        and(
          eq(resourceCompetencies.organizationId, actor.organizationId),
          inArray(resourceCompetencies.competencyId, ids),
          eq(resources.kind, "link"),
          isNotNull(resources.url),
          isNull(resources.archivedAt),
          inArray(resources.modality, [...HOME_MODALITIES]),
        ),
      ),
  ]);

  const rank = (link: (typeof links)[number]) =>
    (link.interests.some((i) => interests.has(i.toLowerCase())) ? 0 : 4) +
    (accommodations.readAloud && !LISTENING_MODALITIES.has(link.modality) ? 2 : 0) +
    (link.level === "above" ? 1 : 0);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    learnerId,
    competencies: ids.flatMap((id) => {
      const c = byId.get(id);
      if (!c) return [];
      return [
        {
          id,
          code: c.code,
          statement: c.statement,
          title: competencyTitle(c.statement, c.abbreviated),
          example: frameworkExampleOf(c.statement),
          why: chosen.get(id)!,
          notes: notes
            .filter((n) => n.competencyId === id)
            .map((n) => ({
              schoolName: n.schoolName,
              body: n.body,
              language: n.language,
              updatedAt: n.updatedAt,
              writtenBy: n.updatedByGivenName ? `${n.updatedByGivenName} ${n.updatedByFamilyName}` : null,
            })),
          links: links
            .filter((l) => l.competencyId === id && languages.has(baseLanguage(l.language)))
            .sort(
              (a, b) =>
                rank(a) - rank(b) || a.expectedMinutes - b.expectedMinutes || a.title.localeCompare(b.title),
            )
            .slice(0, HOME_HELP_LINKS)
            .map((l) => ({
              id: l.id,
              title: l.title,
              url: l.url!,
              modality: l.modality,
              language: l.language,
              expectedMinutes: l.expectedMinutes,
            })),
        },
      ];
    }),
    accommodations: homeAccommodationsOf(accommodations),
  };
}
