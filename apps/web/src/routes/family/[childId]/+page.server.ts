import { error } from "@sveltejs/kit";
import {
  getHelpAtHome,
  getLearnerMastery,
  getLearnerProfile,
  listArtifacts,
  listGoalCheckIns,
  listGoals,
  listMyChildren,
} from "@pathwise/core";
import { parseGoalBody } from "$lib/goals/tasks.js";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

/** The "short, regular practice" tip: a span of minutes most days (spaced practice beats cramming). */
const SHORT_PRACTICE_MINUTES = { min: 10, max: 15 } as const;

export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "guardian");
  const childId = idOrNotFound(params.childId);
  const child = (await listMyChildren(ctx)).find((c) => c.id === childId);
  if (!child) error(404, { message: "not_found", code: "not_found" });
  const [goals, mastery, artifacts, profile, helpAtHome] = await Promise.all([
    listGoals(ctx, childId, { status: "active" }),
    getLearnerMastery(ctx, childId),
    listArtifacts(ctx, childId, { limit: 20 }),
    getLearnerProfile(ctx, childId),
    getHelpAtHome(ctx, childId),
  ]).catch(pageErrorFrom);
  const checkIns = await Promise.all(goals.map((g) => listGoalCheckIns(ctx, g.id)));
  const working = mastery
    .filter((m) => m.status !== "mastered" && m.evidenceCount > 0)
    .sort((a, b) => +new Date(b.updatedAt ?? 0) - +new Date(a.updatedAt ?? 0))
    .slice(0, 8);
  const mastered = mastery
    .filter((m) => m.status === "mastered")
    .sort((a, b) => +new Date(b.masteredAt ?? 0) - +new Date(a.masteredAt ?? 0))
    .slice(0, 8);
  const named = (m: (typeof mastery)[number]) => ({
    id: m.competencyId,
    code: m.code,
    statement: m.statement,
  });
  return {
    child: { id: child.id, givenName: child.givenName, familyName: child.familyName },
    goals: goals.map((goal, i) => {
      const { tasks } = parseGoalBody(goal.description);
      const last = (checkIns[i] ?? []).at(-1) ?? null;
      return {
        id: goal.id,
        title: goal.title,
        targetDate: goal.targetDate,
        tasksDone: tasks.filter((t) => t.done).length,
        tasksTotal: tasks.length,
        lastProgress: [...(checkIns[i] ?? [])].reverse().find((c) => c.progress !== null)?.progress ?? null,
        lastCheckInAt: last?.createdAt ?? null,
      };
    }),
    working: working.map(named),
    mastered: mastered.map(named),
    artifacts: artifacts.items.map((a) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      url: a.url,
      createdAt: a.createdAt,
    })),
    profile: {
      interests: profile.interests,
      strengths: profile.strengths,
      howILearnBest: profile.howILearnBest,
    },
    helpAtHome: {
      topics: helpAtHome.competencies.map((c) => ({
        id: c.id,
        title: c.title,
        example: c.example,
        why: c.why,
        notes: c.notes,
        links: c.links.map((link) => {
          const base = link.language.split("-")[0]!;
          // Said only when the link is in another language than the page.
          return { ...link, otherLanguage: base === locals.locale ? null : base };
        }),
      })),
      shortPractice: SHORT_PRACTICE_MINUTES,
      supports: helpAtHome.accommodations.map((a) =>
        a.kind === "extended-time" ? { kind: a.kind, extra: a.factor - 1 } : { kind: a.kind, extra: 0 },
      ),
    },
  };
};
