/**
 * Learning plans and their co-design. The engine builds the plan (ordered, paced, every step with
 * its "why" in the ledger); the learner and their teachers shape it: a teacher edits directly
 * (with If-Match: of two teachers editing at once, one is told the plan changed), either side
 * proposes a change the other side approves or declines, anyone in the conversation comments, and
 * the whole history stays readable. A re-plan (new evidence) keeps this week's commitments and
 * every pin and skip.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { PLANNER_MODEL } from "@pathwise/engine";
import { z } from "zod";
import { auditEvents } from "../audit/schema.js";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { evidence } from "../evidence/schema.js";
import { assertCompetencies } from "../portfolio/artifacts.js";
import { relationToLearner, type LearnerRelation } from "../personalization/relationships.js";
import { decisions } from "../personalization/schema.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { editStateOf, planBasisOf, runPlanner, sameBasis, weekOf, type EditState } from "./plan-engine.js";
import { authorize, can, sideOf } from "./policies.js";
import { learningPlans, planComments, planProposals, type PlanEntry } from "./schema.js";

export type LearningPlan = typeof learningPlans.$inferSelect;
export type PlanProposal = typeof planProposals.$inferSelect;
export type PlanComment = typeof planComments.$inferSelect;

const IsoDate = z.iso.date("Use a date like 2026-12-18.");
/** A weekly budget below a quarter of an hour cannot be planned on; above 50 hours is a typing slip. */
export const MIN_WEEKLY_MINUTES = 15;
export const MAX_WEEKLY_MINUTES = 3000;
const WeeklyMinutes = z
  .number()
  .int()
  .min(MIN_WEEKLY_MINUTES, `Plan at least ${MIN_WEEKLY_MINUTES} minutes a week.`)
  .max(MAX_WEEKLY_MINUTES);
const Reasoned = z.object({
  competencyId: z.uuid(),
  reason: z.string().trim().min(1, "Say why.").max(500),
});

export const CreatePlanInput = z.object({
  title: z.string().trim().min(1, "Give the plan a title.").max(200),
  goalCompetencyIds: z.array(z.uuid()).min(1, "Name at least one competency to aim for.").max(50),
  targetDate: IsoDate,
  weeklyMinutes: WeeklyMinutes,
});

/** A change to a plan, as a teacher makes it or either side proposes it. */
export const PlanChangesInput = z
  .object({
    pin: z.array(Reasoned).max(50),
    skip: z.array(Reasoned).max(50),
    unpin: z.array(z.uuid()).max(50),
    unskip: z.array(z.uuid()).max(50),
    /** This week's commitments, in the learner's order (replaces the week's earlier ones). */
    commitThisWeek: z.array(z.uuid()).max(30),
    targetDate: IsoDate,
    weeklyMinutes: WeeklyMinutes,
  })
  .partial()
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: "Say what to change: pin, skip, unpin, unskip, commitThisWeek, targetDate or weeklyMinutes.",
  });
export type PlanChanges = z.infer<typeof PlanChangesInput>;

export interface PlanView {
  plan: LearningPlan;
  /** Planned entries in order, then skipped ones. */
  entries: PlanEntry[];
  pacing: {
    status: string;
    days: number;
    expectedCompletion: string;
    minutesRemaining: number;
    warnings: unknown[];
    decisionId: string;
  } | null;
}

async function viewOf(db: Database, plan: LearningPlan): Promise<PlanView> {
  const [pace] = await db
    .select({ id: decisions.id, payload: decisions.payload })
    .from(decisions)
    .where(
      and(
        eq(decisions.organizationId, plan.organizationId),
        eq(decisions.learnerId, plan.learnerId),
        eq(decisions.what, "pace"),
        sql`${decisions.payload}->>'planId' = ${plan.id}`,
      ),
    )
    .orderBy(desc(decisions.createdAt))
    .limit(1);
  const p = pace?.payload as
    | {
        pacing: string;
        days: number;
        expectedCompletion: string;
        minutesRemaining: number;
        warnings: unknown[];
      }
    | undefined;
  return {
    plan,
    entries: [...plan.entries].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity)),
    pacing: p
      ? {
          status: p.pacing,
          days: p.days,
          expectedCompletion: p.expectedCompletion,
          minutesRemaining: p.minutesRemaining,
          warnings: p.warnings ?? [],
          decisionId: pace!.id,
        }
      : null,
  };
}

/** The competencies a change names, checked against the organization's current ones. */
async function assertChangeCompetencies(
  db: Database,
  organizationId: string,
  changes: PlanChanges,
  where: string,
) {
  for (const key of ["pin", "skip"] as const)
    await assertCompetencies(
      db,
      organizationId,
      (changes[key] ?? []).map((c) => c.competencyId),
      `${where}.${key}`,
    );
  for (const key of ["unpin", "unskip", "commitThisWeek"] as const)
    await assertCompetencies(db, organizationId, changes[key] ?? [], `${where}.${key}`);
}

/** The people's edits after a change by `byUserId`. */
function applyChanges(
  edits: readonly EditState[],
  changes: PlanChanges,
  byUserId: string,
  now: Date,
): EditState[] {
  const order: string[] = edits.map((e) => e.competencyId);
  const state = new Map(edits.map((e) => [e.competencyId, { ...e }]));
  const entry = (id: string) => {
    if (!state.has(id)) {
      state.set(id, { competencyId: id });
      order.push(id);
    }
    return state.get(id)!;
  };
  for (const { competencyId, reason } of changes.pin ?? []) {
    const e = entry(competencyId);
    e.pinned = { by: byUserId, reason };
    delete e.skipped;
  }
  for (const { competencyId, reason } of changes.skip ?? []) {
    const e = entry(competencyId);
    e.skipped = { by: byUserId, reason };
    delete e.pinned;
    delete e.committedWeek;
  }
  for (const id of changes.unpin ?? []) delete state.get(id)?.pinned;
  for (const id of changes.unskip ?? []) delete state.get(id)?.skipped;
  let ordered = order.map((id) => state.get(id)!);
  if (changes.commitThisWeek) {
    const week = weekOf(now);
    for (const e of ordered) if (e.committedWeek === week) delete e.committedWeek;
    const committed = changes.commitThisWeek.map((id) => {
      const e = entry(id);
      delete e.skipped;
      e.committedWeek = week;
      return e;
    });
    // The week's commitments lead, in the learner's order.
    ordered = [...committed, ...order.map((id) => state.get(id)!).filter((e) => !committed.includes(e))];
  }
  return ordered.filter((e) => e.pinned || e.skipped || e.committedWeek);
}

export async function createPlan(ctx: SignedInCtx, learnerId: string, raw: unknown): Promise<PlanView> {
  const input = parseInput(CreatePlanInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "plan", await relationToLearner(db, actor, learnerId));
  await assertCompetencies(db, actor.organizationId, input.goalCompetencyIds, "body.goalCompetencyIds");
  const now = ctx.now();
  const id = randomUUID();
  const goalCompetencyIds = [...new Set(input.goalCompetencyIds)];
  const plan = await db.transaction(async (tx) => {
    const { entries, basis } = await runPlanner(
      tx,
      actor.organizationId,
      learnerId,
      id,
      1,
      { goalCompetencyIds, targetDate: input.targetDate, weeklyMinutes: input.weeklyMinutes },
      [],
      now,
    );
    const [row] = await tx
      .insert(learningPlans)
      .values({
        id,
        organizationId: actor.organizationId,
        learnerId,
        title: input.title,
        status: "active",
        targetDate: input.targetDate,
        weeklyMinutes: input.weeklyMinutes,
        goalCompetencyIds,
        entries,
        basis,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "plan.create",
      subjectType: "learning_plan",
      subjectId: id,
      details: {
        learnerId,
        goalCompetencyIds,
        targetDate: input.targetDate,
        weeklyMinutes: input.weeklyMinutes,
      },
      at: now,
    });
    return row!;
  });
  return viewOf(db, plan);
}

/** A plan and how the caller relates to its learner; a plan they may not see does not exist. */
async function loadPlan(
  ctx: SignedInCtx,
  planId: string,
): Promise<{ plan: LearningPlan; relation: LearnerRelation }> {
  const { db, actor } = ctx;
  const [plan] = await db
    .select()
    .from(learningPlans)
    .where(and(eq(learningPlans.id, planId), eq(learningPlans.organizationId, actor.organizationId)));
  if (!plan) throw notFound("The plan");
  const relation = await relationToLearner(db, actor, plan.learnerId);
  if (!can(actor, "view", relation)) throw notFound("The plan");
  return { plan, relation };
}

export async function getPlan(ctx: SignedInCtx, planId: string): Promise<PlanView> {
  const { plan } = await loadPlan(ctx, planId);
  return viewOf(ctx.db, await onCurrentEvidence(ctx, plan));
}

/** The learner's plans, newest first (active ones re-planned first if their evidence moved on). */
export async function listPlans(ctx: SignedInCtx, learnerId: string): Promise<LearningPlan[]> {
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  const plans = await db
    .select()
    .from(learningPlans)
    .where(
      and(eq(learningPlans.organizationId, actor.organizationId), eq(learningPlans.learnerId, learnerId)),
    )
    .orderBy(desc(learningPlans.createdAt), desc(learningPlans.id));
  const out: LearningPlan[] = [];
  for (const plan of plans) out.push(await onCurrentEvidence(ctx, plan));
  return out;
}

/**
 * Plans re-plan as evidence arrives: an active plan read after the learner's state moved on (new
 * evidence, a placement, another learner model) since it was computed is re-planned first — lazily,
 * by whoever reads it — keeping this week's commitments, pins and skips. The re-plan is an engine
 * decision in the ledger, saying why and citing the evidence that arrived. Two readers at once
 * re-plan once: the second finds the plan current once it holds the lock.
 */
async function onCurrentEvidence(ctx: SignedInCtx, plan: LearningPlan): Promise<LearningPlan> {
  if (plan.status !== "active") return plan;
  if (sameBasis(plan.basis, await planBasisOf(ctx.db, plan.organizationId, plan.learnerId))) return plan;
  return ctx.db.transaction(async (tx) => {
    const current = await lockPlan(tx, plan.id);
    const basis = await planBasisOf(tx, current.organizationId, current.learnerId);
    if (current.status !== "active" || sameBasis(current.basis, basis)) return current;
    const since = await tx
      .select({ id: evidence.id })
      .from(evidence)
      .where(and(eq(evidence.learnerId, current.learnerId), gt(evidence.recordedAt, current.updatedAt)))
      .orderBy(asc(evidence.recordedAt))
      .limit(NEW_EVIDENCE_CITED + 1);
    const count = current.basis
      ? Math.max(0, basis.evidenceCount - current.basis.evidenceCount)
      : since.length;
    const row = await replanLocked(
      tx,
      ctx,
      current,
      null,
      "plan.replan-on-evidence",
      { from: current.basis, to: basis, readBy: ctx.actor.userId },
      null,
    );
    await tx.insert(decisions).values({
      organizationId: current.organizationId,
      learnerId: current.learnerId,
      what: "objective",
      how: ["path", "pace"],
      actorKind: "engine",
      model: PLANNER_MODEL.model,
      modelVersion: PLANNER_MODEL.version,
      basedOn: [
        {
          kind: "performance",
          references: since.slice(0, NEW_EVIDENCE_CITED).map((e) => e.id),
          values: {
            evidenceBefore: current.basis?.evidenceCount ?? -1,
            evidenceAfter: basis.evidenceCount,
            modelChanged: current.basis !== null && current.basis.modelId !== basis.modelId,
          },
        },
      ],
      reasonMessageId: "plan.replanned",
      reasonValues: { count },
      payload: {
        plan: true,
        planId: current.id,
        planVersion: row.version,
        replanned: true,
        from: current.version,
      },
      createdAt: ctx.now(),
    });
    return row;
  });
}

/** How many of the pieces of evidence that arrived a re-plan's decision cites. */
const NEW_EVIDENCE_CITED = 20;

/**
 * Re-plan a locked plan row with `changes` applied (none for a plain re-plan), bump its version and
 * audit it — inside the caller's transaction.
 */
async function replanLocked(
  tx: Database,
  ctx: SignedInCtx,
  current: LearningPlan,
  change: { changes: PlanChanges; by: string } | null,
  action: string,
  details: Record<string, unknown>,
  /** Who the audit names: the caller, or null when the engine re-plans on its own (a plan read on newer evidence). */
  auditActorId: string | null = ctx.actor.userId,
): Promise<LearningPlan> {
  const now = ctx.now();
  const version = current.version + 1;
  const changes = change?.changes;
  const edits = change
    ? applyChanges(editStateOf(current.entries), change.changes, change.by, now)
    : editStateOf(current.entries);
  const settings = {
    goalCompetencyIds: current.goalCompetencyIds,
    targetDate: changes?.targetDate ?? current.targetDate,
    weeklyMinutes: changes?.weeklyMinutes ?? current.weeklyMinutes,
  };
  const { entries, basis } = await runPlanner(
    tx,
    current.organizationId,
    current.learnerId,
    current.id,
    version,
    settings,
    edits,
    now,
  );
  const [row] = await tx
    .update(learningPlans)
    .set({
      entries,
      basis,
      targetDate: settings.targetDate,
      weeklyMinutes: settings.weeklyMinutes,
      version,
      updatedAt: now,
    })
    .where(eq(learningPlans.id, current.id))
    .returning();
  await recordAudit(tx, {
    organizationId: current.organizationId,
    actorId: auditActorId,
    action,
    subjectType: "learning_plan",
    subjectId: current.id,
    details: {
      learnerId: current.learnerId,
      version,
      ...(change ? { changes, changedBy: change.by } : {}),
      ...details,
    },
    at: now,
  });
  return row!;
}

async function lockPlan(tx: Database, planId: string): Promise<LearningPlan> {
  const [current] = await tx.select().from(learningPlans).where(eq(learningPlans.id, planId)).for("update");
  if (!current) throw notFound("The plan");
  return current;
}

async function lockAndCheck(tx: Database, planId: string, expectedVersion: number | undefined) {
  const current = await lockPlan(tx, planId);
  assertVersion("plan", current.version, expectedVersion);
  return current;
}

/** A teacher of the learner changes the plan directly (If-Match). */
export async function editPlan(
  ctx: SignedInCtx,
  planId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<PlanView> {
  const changes = parseInput(PlanChangesInput, raw, "body");
  const { actor, db } = ctx;
  const { relation } = await loadPlan(ctx, planId);
  authorize(actor, "edit-plan", relation);
  await assertChangeCompetencies(db, actor.organizationId, changes, "body");
  const plan = await db.transaction(async (tx) => {
    const current = await lockAndCheck(tx, planId, expectedVersion);
    return replanLocked(tx, ctx, current, { changes, by: actor.userId }, "plan.edit", {});
  });
  return viewOf(db, plan);
}

/** Re-plan on the newest evidence, keeping this week's commitments, pins and skips (If-Match). */
export async function replan(
  ctx: SignedInCtx,
  planId: string,
  expectedVersion: number | undefined,
): Promise<PlanView> {
  const { actor, db } = ctx;
  const { relation } = await loadPlan(ctx, planId);
  authorize(actor, "plan", relation);
  const plan = await db.transaction(async (tx) => {
    const current = await lockAndCheck(tx, planId, expectedVersion);
    return replanLocked(tx, ctx, current, null, "plan.replan", {});
  });
  return viewOf(db, plan);
}

export const ProposePlanChangeInput = z.object({
  summary: z.string().trim().min(1, "Say what you propose and why.").max(2000),
  changes: PlanChangesInput,
});

/** The learner or a teacher proposes a change; the other side answers it. */
export async function proposePlanChange(
  ctx: SignedInCtx,
  planId: string,
  raw: unknown,
): Promise<PlanProposal> {
  const input = parseInput(ProposePlanChangeInput, raw, "body");
  const { actor, db } = ctx;
  const { plan, relation } = await loadPlan(ctx, planId);
  authorize(actor, "propose", relation);
  await assertChangeCompetencies(db, actor.organizationId, input.changes, "body.changes");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planProposals)
      .values({
        organizationId: actor.organizationId,
        planId,
        proposedBy: actor.userId,
        summary: input.summary,
        changes: input.changes,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "plan.propose",
      subjectType: "learning_plan",
      subjectId: planId,
      details: {
        learnerId: plan.learnerId,
        proposalId: row!.id,
        summary: input.summary,
        changes: input.changes,
      },
      at: now,
    });
    return row!;
  });
}

export const DecideProposalInput = z.object({
  decision: z.enum(["approve", "decline"]),
  comment: z.string().trim().max(5000).optional(),
});

export interface ProposalDecision {
  proposal: PlanProposal;
  plan: PlanView;
}

/**
 * The other side answers a pending proposal: a teacher answers the learner's, the learner answers a
 * teacher's. Approval applies the change and re-plans; both are recorded with an optional comment.
 */
export async function decidePlanProposal(
  ctx: SignedInCtx,
  proposalId: string,
  raw: unknown,
): Promise<ProposalDecision> {
  const input = parseInput(DecideProposalInput, raw, "body");
  const { actor, db } = ctx;
  const [proposal] = await db
    .select()
    .from(planProposals)
    .where(and(eq(planProposals.id, proposalId), eq(planProposals.organizationId, actor.organizationId)));
  if (!proposal) throw notFound("The proposal");
  const { plan, relation } = await loadPlan(ctx, proposal.planId).catch(() => {
    throw notFound("The proposal");
  });
  authorize(actor, "propose", relation);
  const proposerSide = proposal.proposedBy === plan.learnerId ? "learner" : "teacher";
  if (sideOf(relation) === proposerSide)
    throw forbidden(
      proposerSide === "learner"
        ? "A teacher of the learner answers the learner's proposals."
        : "The learner answers their teachers' proposals.",
    );
  const now = ctx.now();
  const [decided, updatedPlan] = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(planProposals)
      .set({
        status: input.decision === "approve" ? "approved" : "declined",
        decidedBy: actor.userId,
        decidedAt: now,
      })
      .where(and(eq(planProposals.id, proposalId), eq(planProposals.status, "pending")))
      .returning();
    if (!row) throw new AppError("conflict", `This proposal was already ${proposal.status}.`);
    if (input.comment)
      await tx.insert(planComments).values({
        organizationId: actor.organizationId,
        planId: plan.id,
        proposalId,
        authorId: actor.userId,
        body: input.comment,
        createdAt: now,
      });
    const details = { learnerId: plan.learnerId, proposalId, decision: input.decision };
    if (input.decision === "approve") {
      // The change applies to the plan as it is now, whatever was edited since it was proposed.
      const current = await lockPlan(tx, plan.id);
      const changed = await replanLocked(
        tx,
        ctx,
        current,
        { changes: row.changes as PlanChanges, by: row.proposedBy },
        "plan.proposal-approved",
        details,
      );
      return [row, changed] as const;
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "plan.proposal-declined",
      subjectType: "learning_plan",
      subjectId: plan.id,
      details,
      at: now,
    });
    return [row, plan] as const;
  });
  return { proposal: decided, plan: await viewOf(db, updatedPlan) };
}

/** The proposer takes back a proposal nobody has answered yet. */
export async function withdrawPlanProposal(ctx: SignedInCtx, proposalId: string): Promise<PlanProposal> {
  const { actor, db } = ctx;
  const [proposal] = await db
    .select()
    .from(planProposals)
    .where(and(eq(planProposals.id, proposalId), eq(planProposals.organizationId, actor.organizationId)));
  if (!proposal) throw notFound("The proposal");
  const { plan } = await loadPlan(ctx, proposal.planId).catch(() => {
    throw notFound("The proposal");
  });
  if (proposal.proposedBy !== actor.userId)
    throw forbidden("Only the person who proposed it can withdraw it.");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(planProposals)
      .set({ status: "withdrawn", decidedBy: actor.userId, decidedAt: now })
      .where(and(eq(planProposals.id, proposalId), eq(planProposals.status, "pending")))
      .returning();
    if (!row) throw new AppError("conflict", `This proposal was already ${proposal.status}.`);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "plan.proposal-withdrawn",
      subjectType: "learning_plan",
      subjectId: plan.id,
      details: { learnerId: plan.learnerId, proposalId },
      at: now,
    });
    return row;
  });
}

export const PlanCommentInput = z.object({
  body: z.string().trim().min(1, "Write something.").max(5000),
  proposalId: z.uuid().optional(),
});

export async function commentOnPlan(ctx: SignedInCtx, planId: string, raw: unknown): Promise<PlanComment> {
  const input = parseInput(PlanCommentInput, raw, "body");
  const { actor, db } = ctx;
  const { plan, relation } = await loadPlan(ctx, planId);
  authorize(actor, "comment", relation);
  if (input.proposalId) {
    const [proposal] = await db
      .select({ id: planProposals.id })
      .from(planProposals)
      .where(and(eq(planProposals.id, input.proposalId), eq(planProposals.planId, planId)));
    if (!proposal)
      throw new AppError("validation_failed", "Some fields are not valid.", [
        { path: "body.proposalId", message: "No proposal with this id on this plan." },
      ]);
  }
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planComments)
      .values({
        organizationId: actor.organizationId,
        planId,
        proposalId: input.proposalId ?? null,
        authorId: actor.userId,
        body: input.body,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "plan.comment",
      subjectType: "learning_plan",
      subjectId: planId,
      details: { learnerId: plan.learnerId, commentId: row!.id, proposalId: input.proposalId ?? null },
      at: now,
    });
    return row!;
  });
}

export interface PlanHistory {
  /** Every change to the plan, oldest first: created, edited, re-planned, proposed, answered, commented. */
  events: {
    id: string;
    at: Date;
    action: string;
    actorId: string | null;
    details: Record<string, unknown>;
  }[];
  proposals: PlanProposal[];
  comments: PlanComment[];
}

export async function planHistory(ctx: SignedInCtx, planId: string): Promise<PlanHistory> {
  const { db, actor } = ctx;
  await loadPlan(ctx, planId);
  const [events, proposals, comments] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        action: auditEvents.action,
        actorId: auditEvents.actorId,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organizationId, actor.organizationId),
          eq(auditEvents.subjectType, "learning_plan"),
          eq(auditEvents.subjectId, planId),
        ),
      )
      .orderBy(asc(auditEvents.at), asc(auditEvents.id)),
    db
      .select()
      .from(planProposals)
      .where(eq(planProposals.planId, planId))
      .orderBy(asc(planProposals.createdAt)),
    db
      .select()
      .from(planComments)
      .where(eq(planComments.planId, planId))
      .orderBy(asc(planComments.createdAt)),
  ]);
  return { events, proposals, comments };
}
