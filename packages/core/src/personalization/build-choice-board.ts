/**
 * A learner's choice board for now: the engine picks 3–6 options (learn new, practice, review)
 * matched to the learner, and every option is written to the decision ledger with what was
 * personalized, how, by whom and on what evidence. The learner or their teacher asks for a board;
 * the same day gives the same board (the seed is the day), unless new evidence changed the picture.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { buildChoiceBoard, renderReason, type ChoiceBoardOption } from "@pathwise/engine";
import { executePrepared, type Database } from "../db/open-database.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { isSupportedLocale } from "../shared/locales.js";
import { PRIOR_MODEL } from "./defaults.js";
import { organizationModel } from "./learner-model.js";
import { boardCatalogOf } from "./board-catalog.js";
import { auditWrites } from "../audit/record-audit.js";
import { readLoopInputs, type BoardInputs, type LoopInputs } from "./loop-inputs.js";
import { authorize } from "./policies.js";

const DAY_MS = 86_400_000;

export interface BoardOption {
  decisionId: string;
  kind: ChoiceBoardOption["kind"];
  competencyId: string;
  activityId: string;
  level: string;
  modality: string;
  language: string;
  minutes: number;
  /** The plain-language "why", in the caller's language. */
  why: string;
}

export interface LearnerBoard {
  learnerId: string;
  options: BoardOption[];
  shortBecause: string | null;
}

export async function buildLearnerChoiceBoard(ctx: SignedInCtx, learnerId: string): Promise<LearnerBoard> {
  const { actor, db } = ctx;
  const inputs = await readLoopInputs(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    learnerId,
    board: true,
  });
  authorize(actor, "record-own-work", inputs.relation);
  return writeLearnerBoard(db, db, actor, learnerId, inputs, ctx.now());
}

/**
 * Build the board from inputs already read (`board` set) and write its decisions and the audit
 * event in one statement. `cache` is the database handle whose catalogue cache is used; `db` may be
 * a transaction on it (the central loop writes the board in the answer's transaction).
 */
export async function writeLearnerBoard(
  cache: Database,
  db: Database,
  actor: Actor,
  learnerId: string,
  inputs: Pick<LoopInputs, "model"> & { board: BoardInputs | null },
  now: Date,
): Promise<LearnerBoard> {
  const read = inputs.board!;
  const model = inputs.model ?? (await organizationModel(db, actor.organizationId, now));
  const catalog = await boardCatalogOf(
    cache,
    db,
    actor.organizationId,
    read.frameworkIds,
    read.catalogueVersion,
  );
  const board = buildChoiceBoard(catalog, {
    profile: read.profile,
    mastery: read.mastery,
    evidence: read.references,
    masteredAt: read.masteredAt,
    masteryModel: { name: model.name ?? PRIOR_MODEL.name, version: model.version },
    now,
    seed: Math.floor(now.getTime() / DAY_MS),
  });

  // Every option carries the board's id, so a pick can name the options it was chosen among.
  const boardId = randomUUID();
  const rows = board.options.map((option) => {
    const d = option.decision;
    return {
      id: randomUUID(),
      competency_id: option.competencyId,
      what: d.what,
      how: d.how,
      actor_kind: d.who.kind,
      actor_user_id: d.who.kind === "engine" ? null : d.who.userId,
      model: d.who.kind === "engine" ? d.who.model : null,
      model_version: d.who.kind === "engine" ? d.who.version : null,
      based_on: d.basedOn,
      reason_message_id: d.reason.messageId,
      reason_values: d.reason.values,
      payload: {
        board: true,
        boardId,
        kind: option.kind,
        activityId: option.activityId,
        level: option.level,
        modality: option.modality,
        language: option.language,
        minutes: option.minutes,
      },
    };
  });
  // The decisions and the audit event naming them, in one statement (nothing half written).
  const audit = auditWrites(
    {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "choice-board.build",
      subjectType: "learner",
      subjectId: learnerId,
      details: { decisions: rows.map((r) => r.id) },
      at: now,
    },
    null,
  );
  await executePrepared(db, sql`
    with written as (
      insert into decisions (id, organization_id, learner_id, competency_id, what, how, actor_kind, actor_user_id,
             model, model_version, based_on, reason_message_id, reason_values, payload, created_at)
      select r.id, ${actor.organizationId}::uuid, ${learnerId}::uuid, r.competency_id, r.what,
             array(select jsonb_array_elements_text(r.how)), r.actor_kind::decision_actor, r.actor_user_id,
             r.model, r.model_version, r.based_on, r.reason_message_id, r.reason_values, r.payload,
             ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, competency_id uuid, what text,
             how jsonb, actor_kind text, actor_user_id uuid, model text, model_version text, based_on jsonb,
             reason_message_id text, reason_values jsonb, payload jsonb)
      returning 1),
    ${audit}
    select 1`);
  const locale = isSupportedLocale(actor.locale) ? actor.locale : "en";
  return {
    learnerId,
    options: board.options.map((option, i) => ({
      decisionId: rows[i]!.id,
      kind: option.kind,
      competencyId: option.competencyId,
      activityId: option.activityId,
      level: option.level,
      modality: option.modality,
      language: option.language,
      minutes: option.minutes,
      why: renderReason(option.decision.reason, locale),
    })),
    shortBecause: board.shortBecause ?? null,
  };
}
