import { error, fail, redirect } from "@sveltejs/kit";
import {
  getAccommodations,
  getLearnerMastery,
  isAppError,
  learnerTimeline,
  listClaims,
  listDecisions,
  listMyClasses,
  overrideDecision,
  resolveClaim,
  resolveContest,
  setAccommodations,
} from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";
import { failFrom, field, idOrNotFound, type FormProblem } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

/** The on/off accommodations, in the order the form lists them. */
const ACCOMMODATION_FLAGS = [
  "readAloud",
  "reducedChoices",
  "largeText",
  "highContrast",
  "dyslexiaFont",
  "breaks",
] as const;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const learnerId = idOrNotFound(params.learnerId);
  const classes = await listMyClasses(ctx);
  const learner = classes.flatMap((c) => c.learners).find((l) => l.id === learnerId);
  if (!learner) error(404, { message: "not_found", code: "not_found" });
  const cursor = url.searchParams.get("older") ?? undefined;
  const [accommodations, mastery, decisions, claims, timeline] = await Promise.all([
    getAccommodations(ctx, learnerId),
    getLearnerMastery(ctx, learnerId),
    listDecisions(ctx, learnerId, { limit: 100 }),
    listClaims(ctx, learnerId),
    learnerTimeline(ctx, learnerId, { limit: 25, cursor }),
  ]).catch(pageErrorFrom);
  const statements = new Map(mastery.map((m) => [m.competencyId, m.code ?? m.statement]));
  return {
    learner: { id: learner.id, givenName: learner.givenName, familyName: learner.familyName },
    accommodations: { ...accommodations, updatedAt: accommodations.updatedAt?.toISOString() ?? null },
    accommodationFlags: ACCOMMODATION_FLAGS,
    classNames: classes.filter((c) => c.learners.some((l) => l.id === learnerId)).map((c) => c.name),
    mastery,
    decisions: decisions.items.map((d) => ({
      id: d.id,
      createdAt: d.createdAt,
      competency: d.competencyId ? (statements.get(d.competencyId) ?? null) : null,
      what: d.what,
      whoKind: d.who.kind,
      model: d.who.model,
      why: d.why,
      kind: typeof d.payload.kind === "string" ? d.payload.kind : null,
      supersedes: d.supersedes,
      supersededBy: d.supersededBy,
      contests: d.contests,
    })),
    claims: claims.map((c) => ({
      id: c.id,
      competency: statements.get(c.competencyId) ?? null,
      statement: c.statement,
      status: c.status,
      teacherResponse: c.teacherResponse,
      createdAt: c.createdAt,
    })),
    timeline: timeline.items,
    olderCursor: timeline.nextCursor,
    done: url.searchParams.get("done"),
  };
};

const back = (learnerId: string, done: string) => `/teacher/learners/${learnerId}?done=${done}`;

export const actions: Actions = {
  accommodations: async ({ locals, request, params }) => {
    const ctx = await requireRole(locals, "teacher");
    const learnerId = idOrNotFound(params.learnerId);
    const form = await request.formData();
    const values: Record<string, string> = Object.fromEntries(
      [...form.entries()].filter(([, v]) => typeof v === "string") as [string, string][],
    );
    const factorText = field(form, "extendedTimeFactor").trim().replace(",", ".");
    const input = {
      extendedTimeFactor:
        field(form, "noTimer") === "on" ? null : factorText === "" ? Number.NaN : Number(factorText),
      ...Object.fromEntries(ACCOMMODATION_FLAGS.map((name) => [name, field(form, name) === "on"])),
      notes: field(form, "notes"),
    };
    const problem = (message: MessageKey, status: number, at: string | null) =>
      fail(status, {
        problem: {
          form: "accommodations",
          target: learnerId,
          field: at,
          message,
          values,
        } satisfies FormProblem,
      });
    try {
      await setAccommodations(ctx, learnerId, input, Number(field(form, "version")));
    } catch (cause) {
      // Where the organization leaves accommodations to admins, say so rather than refuse the page.
      if (isAppError(cause) && cause.code === "forbidden")
        return problem("learnerDetail.accommodationsNotYours", 403, null);
      return failFrom(
        cause,
        "accommodations",
        learnerId,
        values,
        {
          extendedTimeFactor: "learnerDetail.accommodationsTime",
          notes: "learnerDetail.accommodationsNotes",
          "if-match": "learnerDetail.accommodationsStale",
        },
        "learnerDetail.actionFailed",
      );
    }
    redirect(303, back(params.learnerId, "accommodations"));
  },
  override: async ({ locals, request, params }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const decisionId = idOrNotFound(field(form, "decisionId"));
    const values = { reason: field(form, "reason") };
    try {
      await overrideDecision(ctx, decisionId, { reason: values.reason });
    } catch (cause) {
      return failFrom(
        cause,
        "override",
        decisionId,
        values,
        { reason: "learnerDetail.reasonShort", conflict: "learnerDetail.alreadyOverridden" },
        "learnerDetail.actionFailed",
      );
    }
    redirect(303, back(params.learnerId, "overridden"));
  },
  resolveContest: async ({ locals, request, params }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const contestId = idOrNotFound(field(form, "contestId"));
    const values = { resolution: field(form, "resolution"), outcome: field(form, "outcome") };
    try {
      await resolveContest(ctx, contestId, { outcome: values.outcome, resolution: values.resolution });
    } catch (cause) {
      return failFrom(
        cause,
        "contest",
        contestId,
        values,
        {
          outcome: "learnerDetail.outcomeMissing",
          resolution: "learnerDetail.reasonShort",
          conflict: "learnerDetail.alreadyResolved",
        },
        "learnerDetail.actionFailed",
      );
    }
    redirect(303, back(params.learnerId, "contest"));
  },
  resolveClaim: async ({ locals, request, params }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const claimId = idOrNotFound(field(form, "claimId"));
    const values = { response: field(form, "response"), decision: field(form, "decision") };
    try {
      await resolveClaim(ctx, claimId, { decision: values.decision, response: values.response });
    } catch (cause) {
      return failFrom(
        cause,
        "claim",
        claimId,
        values,
        {
          decision: "learnerDetail.outcomeMissing",
          response: "learnerDetail.reasonShort",
          conflict: "learnerDetail.alreadyResolved",
        },
        "learnerDetail.actionFailed",
      );
    }
    redirect(303, back(params.learnerId, "claim"));
  },
};
