/**
 * Placement (diagnosis) sessions: a short adaptive quiz over the learner's class framework. The
 * engine picks each question (only competencies that have an auto-scored item can be asked; the
 * others are inferred through the prerequisite graph), the item is served without its answer key,
 * the answer is scored here, and when the stop rule says enough (or the learner stops), the result —
 * each competency with its confidence — is written as "diagnosis" evidence and into the learner's
 * state in one transaction. The session's state is the list of answers: it is resumed by replaying them.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  DEFAULT_DIAGNOSIS_PARAMETERS,
  PlacementDiagnosis,
  type DiagnosisItemNoise,
  type DiagnosisResult,
} from "@pathwise/engine";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { itemCompetencies, items, type ItemBody } from "../content/schema.js";
import type { Database } from "../db/open-database.js";
import { evidence } from "../evidence/schema.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { competencyGraphOf, frameworkIdsOfLearner } from "./board-inputs.js";
import { organizationModel } from "./learner-model.js";
import { authorize, can } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { diagnosisSessions } from "./schema.js";
import { DIAGNOSIS_ITEM_KINDS, scoreDiagnosisAnswer } from "./score-diagnosis-answer.js";
import { lockLearnerState, upsertMastery } from "./update-learner-state.js";
import { learnerStates } from "./schema.js";
import type { BktLearnerState } from "@pathwise/engine";

/**
 * How many responses a confident placement estimate weighs in the learner's state: enough for the
 * estimate to show a status, few enough that the learner's own answers soon outweigh it.
 */
export const DIAGNOSIS_EVIDENCE_WEIGHT = 3;

interface DiagnosisAnswerRecord {
  competencyId: string;
  itemId: string;
  response: unknown;
  correct: boolean;
}

/** What a session keeps: the answers (replayed to resume) and the question being asked. */
interface SessionState {
  answers: DiagnosisAnswerRecord[];
  current: { competencyId: string; itemId: string } | null;
  result?: DiagnosisResultView;
}

export interface DiagnosisQuestion {
  itemId: string;
  competencyId: string;
  kind: string;
  stem: string;
  /** For choice items; never says which is correct. */
  choices: { id: string; text: string }[] | null;
  unit: string | null;
  /** 1 for the first question. */
  number: number;
}

export interface DiagnosisResultView {
  stoppedBecause: string;
  expectedAccuracy: number;
  competencies: {
    competencyId: string;
    probability: number;
    confidence: number;
    mastered: boolean;
    status: string;
    asked: boolean;
  }[];
}

export interface DiagnosisSessionView {
  id: string;
  learnerId: string;
  frameworkId: string;
  status: "in_progress" | "finished" | "abandoned";
  questionsAsked: number;
  question: DiagnosisQuestion | null;
  result: DiagnosisResultView | null;
  startedAt: Date;
  finishedAt: Date | null;
}

type SessionRow = typeof diagnosisSessions.$inferSelect;

/** The framework's graph and, per askable competency, its auto-scored items (stable order). */
async function placementInputs(db: Database, organizationId: string, frameworkId: string) {
  const graph = await competencyGraphOf(db, organizationId, [frameworkId]);
  const rows = graph.size
    ? await db
        .select({ itemId: items.id, competencyId: itemCompetencies.competencyId, guessRate: items.guessRate })
        .from(itemCompetencies)
        .innerJoin(items, eq(items.id, itemCompetencies.itemId))
        .where(
          and(
            eq(itemCompetencies.organizationId, organizationId),
            inArray(itemCompetencies.competencyId, [...graph.ids]),
            inArray(items.kind, [...DIAGNOSIS_ITEM_KINDS]),
          ),
        )
        .orderBy(asc(items.id))
    : [];
  const itemsOf = new Map<string, string[]>();
  // An item's own guess rate (e.g. 0.25 for four choices) replaces the default where the author gave one.
  const noise = new Map<string, DiagnosisItemNoise>();
  for (const row of rows) {
    if (!itemsOf.has(row.competencyId) && row.guessRate > 0)
      noise.set(row.competencyId, { slip: DEFAULT_DIAGNOSIS_PARAMETERS.slip, guess: row.guessRate });
    itemsOf.set(row.competencyId, [...(itemsOf.get(row.competencyId) ?? []), row.itemId]);
  }
  return { graph, itemsOf, noise };
}

type PlacementInputs = Awaited<ReturnType<typeof placementInputs>>;

/** The placement after the answers so far: the same answers always give the same state and next question. */
function replay({ graph, itemsOf, noise }: PlacementInputs, answers: readonly DiagnosisAnswerRecord[]) {
  const placement = new PlacementDiagnosis(graph, {}, noise, new Set(itemsOf.keys()));
  for (const a of answers) if (graph.has(a.competencyId)) placement.recordAnswer(a);
  return placement;
}

/** The next question: the engine's competency, with an item of it not yet used in this session. */
function nextQuestionOf(
  placement: PlacementDiagnosis,
  itemsOf: Map<string, string[]>,
  answers: readonly DiagnosisAnswerRecord[],
): SessionState["current"] {
  const competencyId = placement.nextQuestion();
  if (!competencyId) return null;
  const used = new Set(answers.map((a) => a.itemId));
  const candidates = itemsOf.get(competencyId)!;
  return { competencyId, itemId: candidates.find((id) => !used.has(id)) ?? candidates[0]! };
}

function resultView(result: DiagnosisResult, stoppedBecause: string): DiagnosisResultView {
  return {
    stoppedBecause,
    expectedAccuracy: result.expectedAccuracy,
    competencies: result.competencies.map((c) => ({
      competencyId: c.competencyId,
      probability: c.probability,
      confidence: c.confidence,
      mastered: c.mastered,
      status: c.status,
      asked: c.asked,
    })),
  };
}

async function viewOf(db: Database, row: SessionRow): Promise<DiagnosisSessionView> {
  const state = row.state as SessionState;
  let question: DiagnosisQuestion | null = null;
  if (row.status === "in_progress" && state.current) {
    const [item] = await db.select().from(items).where(eq(items.id, state.current.itemId));
    if (item) {
      const body = item.body;
      question = {
        itemId: item.id,
        competencyId: state.current.competencyId,
        kind: item.kind,
        stem: item.stem,
        choices: body.kind === "single_choice" || body.kind === "multiple_choice" ? body.choices : null,
        unit: body.kind === "numeric" ? (body.unit ?? null) : null,
        number: state.answers.length + 1,
      };
    }
  }
  return {
    id: row.id,
    learnerId: row.learnerId,
    frameworkId: row.frameworkId,
    status: row.status,
    questionsAsked: row.questionsAsked,
    question,
    result: state.result ?? null,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export const StartDiagnosisInput = z.object({ frameworkId: z.uuid().optional() });

/**
 * Start a placement for a learner over their class's framework (or the one named, if the learner
 * has a class on it). A placement already under way on that framework is resumed instead.
 */
export async function startDiagnosis(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
): Promise<{ session: DiagnosisSessionView; resumed: boolean }> {
  const input = parseInput(StartDiagnosisInput, raw ?? {}, "body");
  const { actor, db } = ctx;
  authorize(actor, "record-own-work", await relationToLearner(db, actor, learnerId));
  const frameworkIds = await frameworkIdsOfLearner(db, actor.organizationId, learnerId);
  const frameworkId = input.frameworkId ?? frameworkIds[0];
  if (!frameworkId || !frameworkIds.includes(frameworkId))
    throw new AppError("validation_failed", "Some fields are not valid.", [
      {
        path: "body.frameworkId",
        message: frameworkId
          ? "The learner has no class on this framework."
          : "The learner has no class with a framework to place them in.",
      },
    ]);
  const [open] = await db
    .select()
    .from(diagnosisSessions)
    .where(
      and(
        eq(diagnosisSessions.organizationId, actor.organizationId),
        eq(diagnosisSessions.learnerId, learnerId),
        eq(diagnosisSessions.frameworkId, frameworkId),
        eq(diagnosisSessions.status, "in_progress"),
      ),
    )
    .limit(1);
  if (open) return { session: await viewOf(db, open), resumed: true };

  const inputs = await placementInputs(db, actor.organizationId, frameworkId);
  const { itemsOf } = inputs;
  if (itemsOf.size === 0)
    throw new AppError(
      "conflict",
      "This framework has no auto-scored questions yet, so a placement cannot ask anything.",
    );
  const placement = replay(inputs, []);
  const state: SessionState = { answers: [], current: nextQuestionOf(placement, itemsOf, []) };
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(diagnosisSessions)
      .values({ organizationId: actor.organizationId, learnerId, frameworkId, state, startedAt: now })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "diagnosis.start",
      subjectType: "diagnosis_session",
      subjectId: created!.id,
      details: { learnerId, frameworkId },
      at: now,
    });
    return created!;
  });
  return { session: await viewOf(db, row), resumed: false };
}

async function loadSession(ctx: SignedInCtx, sessionId: string) {
  const { db, actor } = ctx;
  const [row] = await db
    .select()
    .from(diagnosisSessions)
    .where(
      and(eq(diagnosisSessions.id, sessionId), eq(diagnosisSessions.organizationId, actor.organizationId)),
    );
  if (!row) throw notFound("The placement");
  const relation = await relationToLearner(db, actor, row.learnerId);
  if (!can(actor, "view", relation)) throw notFound("The placement");
  return { row, relation };
}

export async function getDiagnosis(ctx: SignedInCtx, sessionId: string): Promise<DiagnosisSessionView> {
  const { row } = await loadSession(ctx, sessionId);
  return viewOf(ctx.db, row);
}

export const AnswerDiagnosisInput = z.object({
  itemId: z.uuid(),
  response: z.union([z.string().max(200), z.number(), z.array(z.string().max(200)).max(50)]),
});

/** Answer the question being asked; the next one comes back, or the result when the stop rule says enough. */
export async function answerDiagnosis(
  ctx: SignedInCtx,
  sessionId: string,
  raw: unknown,
): Promise<DiagnosisSessionView> {
  const input = parseInput(AnswerDiagnosisInput, raw, "body");
  const { actor, db } = ctx;
  const { row: first, relation } = await loadSession(ctx, sessionId);
  authorize(actor, "record-own-work", relation);
  const inputs = await placementInputs(db, actor.organizationId, first.frameworkId);
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(diagnosisSessions)
      .where(eq(diagnosisSessions.id, sessionId))
      .for("update");
    const state = row!.state as SessionState;
    if (row!.status !== "in_progress" || !state.current)
      throw new AppError("conflict", "This placement is over; start a new one to be placed again.");
    if (state.current.itemId !== input.itemId)
      throw new AppError("conflict", "This is not the question being asked. Reload the placement.", [
        { path: "body.itemId", message: `The question being asked is ${state.current.itemId}.` },
      ]);
    const [item] = await tx.select({ body: items.body }).from(items).where(eq(items.id, input.itemId));
    const correct = item ? scoreDiagnosisAnswer(item.body as ItemBody, input.response) : null;
    if (correct === null) throw new AppError("conflict", "This question cannot be scored automatically.");
    const answers = [...state.answers, { ...state.current, response: input.response, correct }];
    const placement = replay(inputs, answers);
    const current = nextQuestionOf(placement, inputs.itemsOf, answers);
    if (!current) return finish(tx, ctx, row!, answers, placement, now);
    const [updated] = await tx
      .update(diagnosisSessions)
      .set({ state: { answers, current }, questionsAsked: answers.length, version: row!.version + 1 })
      .where(eq(diagnosisSessions.id, sessionId))
      .returning();
    return updated!;
  });
  return viewOf(db, row);
}

/** Stop now (the learner has had enough): the result is written from the answers so far. */
export async function finishDiagnosis(ctx: SignedInCtx, sessionId: string): Promise<DiagnosisSessionView> {
  const { actor, db } = ctx;
  const { row: first, relation } = await loadSession(ctx, sessionId);
  authorize(actor, "record-own-work", relation);
  const inputs = await placementInputs(db, actor.organizationId, first.frameworkId);
  const now = ctx.now();
  const row = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(diagnosisSessions)
      .where(eq(diagnosisSessions.id, sessionId))
      .for("update");
    const state = row!.state as SessionState;
    if (row!.status !== "in_progress") throw new AppError("conflict", "This placement is already over.");
    if (state.answers.length === 0)
      throw new AppError(
        "conflict",
        "Answer at least one question before stopping: there is nothing to place yet.",
      );
    return finish(tx, ctx, row!, state.answers, replay(inputs, state.answers), now);
  });
  return viewOf(db, row);
}

/**
 * Write the result: one "diagnosis" evidence row per competency (the estimate and its confidence),
 * and, for competencies the learner has no evidence of their own on yet, the estimate as their
 * starting state — unless it is not confident enough to say anything.
 */
async function finish(
  tx: Database,
  ctx: SignedInCtx,
  row: SessionRow,
  answers: DiagnosisAnswerRecord[],
  placement: PlacementDiagnosis,
  now: Date,
): Promise<SessionRow> {
  const result = placement.result();
  const view = resultView(result, result.stoppedBecause ?? "stopped-by-learner");
  const { actor } = ctx;
  const { organizationId, learnerId } = row;
  if (view.competencies.length > 0)
    await tx.insert(evidence).values(
      view.competencies.map((c) => ({
        organizationId,
        learnerId,
        kind: "diagnosis" as const,
        competencyIds: [c.competencyId],
        score: c.probability,
        recordedBy: actor.userId,
        source: "api" as const,
        idempotencyKey: `diagnosis:${row.id}:${c.competencyId}`,
        occurredAt: now,
        recordedAt: now,
        details: {
          sessionId: row.id,
          confidence: c.confidence,
          status: c.status,
          asked: c.asked,
          answers: answers.filter((a) => a.competencyId === c.competencyId).map((a) => a.correct),
        },
      })),
    );

  const model = await organizationModel(tx, organizationId, now);
  const locked = await lockLearnerState(tx, organizationId, learnerId, model.modelId, now);
  const state = (locked.state as BktLearnerState | undefined) ?? { skills: {} };
  const placed = view.competencies.filter(
    (c) => c.status !== "not-enough-data" && (state.skills[c.competencyId]?.attempts ?? 0) === 0,
  );
  if (placed.length > 0) {
    const bkt = model.forCompetencies(placed.map((c) => c.competencyId));
    const skills = { ...state.skills };
    for (const c of placed)
      skills[c.competencyId] = {
        pKnown: c.probability,
        attempts: DIAGNOSIS_EVIDENCE_WEIGHT,
        masteredBefore: false,
      };
    const next: BktLearnerState = { skills };
    for (const c of placed) {
      const report = bkt.masteryOf(next, c.competencyId);
      skills[c.competencyId] = { ...skills[c.competencyId]!, masteredBefore: report.status === "mastered" };
      await upsertMastery(tx, organizationId, learnerId, report, now);
    }
    await tx
      .update(learnerStates)
      .set({ state: next, updatedAt: now })
      .where(and(eq(learnerStates.learnerId, learnerId), eq(learnerStates.modelId, model.modelId)));
  }
  const [finished] = await tx
    .update(diagnosisSessions)
    .set({
      status: "finished",
      state: { answers, current: null, result: view } satisfies SessionState,
      questionsAsked: answers.length,
      finishedAt: now,
      version: row.version + 1,
    })
    .where(eq(diagnosisSessions.id, row.id))
    .returning();
  await recordAudit(tx, {
    organizationId,
    actorId: actor.userId,
    action: "diagnosis.finish",
    subjectType: "diagnosis_session",
    subjectId: row.id,
    details: {
      learnerId,
      questionsAsked: answers.length,
      stoppedBecause: view.stoppedBecause,
      placed: placed.map((c) => c.competencyId),
    },
    at: now,
  });
  return finished!;
}
