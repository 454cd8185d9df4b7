import { error, redirect } from "@sveltejs/kit";
import { decidePlanProposal, getLearnerMastery, listMyClasses, listPlans, planHistory } from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

interface Reasoned {
  competencyId: string;
  reason: string;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const learnerId = idOrNotFound(params.learnerId);
  const classes = await listMyClasses(ctx);
  const learner = classes.flatMap((c) => c.learners).find((l) => l.id === learnerId);
  if (!learner) error(404, { message: "not_found", code: "not_found" });
  const [plans, mastery] = await Promise.all([
    listPlans(ctx, learnerId),
    getLearnerMastery(ctx, learnerId),
  ]).catch(pageErrorFrom);
  const names = new Map(
    mastery.map((m) => [m.competencyId, m.code ? `${m.code} · ${m.statement}` : m.statement]),
  );
  const histories = await Promise.all(plans.map((p) => planHistory(ctx, p.id)));
  const people = new Map([[learner.id, `${learner.givenName} ${learner.familyName}`]]);
  return {
    learner: { id: learner.id, givenName: learner.givenName, familyName: learner.familyName },
    plans: plans.map((plan, i) => {
      const history = histories[i]!;
      return {
        id: plan.id,
        title: plan.title,
        status: plan.status,
        targetDate: plan.targetDate,
        weeklyMinutes: plan.weeklyMinutes,
        proposals: history.proposals.map((p) => {
          const changes = p.changes as {
            pin?: Reasoned[];
            skip?: Reasoned[];
            unpin?: string[];
            unskip?: string[];
            commitThisWeek?: string[];
            targetDate?: string;
            weeklyMinutes?: number;
          };
          const named = (id: string) => names.get(id) ?? id;
          return {
            id: p.id,
            summary: p.summary,
            status: p.status,
            byLearner: p.proposedBy === learner.id,
            createdAt: p.createdAt,
            decidedAt: p.decidedAt,
            changes: [
              ...(changes.pin ?? []).map((c) => ({
                kind: "pin",
                what: named(c.competencyId),
                reason: c.reason,
              })),
              ...(changes.skip ?? []).map((c) => ({
                kind: "skip",
                what: named(c.competencyId),
                reason: c.reason,
              })),
              ...(changes.unpin ?? []).map((id) => ({ kind: "unpin", what: named(id), reason: "" })),
              ...(changes.unskip ?? []).map((id) => ({ kind: "unskip", what: named(id), reason: "" })),
              ...(changes.commitThisWeek?.length
                ? [{ kind: "commit", what: changes.commitThisWeek.map(named).join(", "), reason: "" }]
                : []),
              ...(changes.targetDate ? [{ kind: "targetDate", what: changes.targetDate, reason: "" }] : []),
              ...(changes.weeklyMinutes !== undefined
                ? [{ kind: "weeklyMinutes", what: String(changes.weeklyMinutes), reason: "" }]
                : []),
            ],
            comments: history.comments
              .filter((c) => c.proposalId === p.id)
              .map((c) => ({
                id: c.id,
                body: c.body,
                author: people.get(c.authorId) ?? null,
                createdAt: c.createdAt,
              })),
          };
        }),
      };
    }),
    done: url.searchParams.get("done"),
  };
};

export const actions: Actions = {
  decide: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const learnerId = idOrNotFound(params.learnerId);
    const form = await request.formData();
    const proposalId = idOrNotFound(field(form, "proposalId"));
    const values = { decision: field(form, "decision"), comment: field(form, "comment") };
    try {
      await decidePlanProposal(ctx, proposalId, {
        decision: values.decision,
        comment: values.comment.trim() || undefined,
      });
    } catch (cause) {
      return failFrom(
        cause,
        "decide",
        proposalId,
        values,
        {
          decision: "planProposals.decisionMissing",
          comment: "planProposals.commentTooLong",
          conflict: "planProposals.alreadyDecided",
        },
        "planProposals.decideFailed",
      );
    }
    redirect(
      303,
      `/teacher/learners/${learnerId}/plan?done=${values.decision === "approve" ? "approved" : "declined"}`,
    );
  },
};
