/**
 * A learner's choice board for now: the engine picks 3–6 options (learn new, practice, review)
 * matched to the learner, and every option is written to the decision ledger with what was
 * personalized, how, by whom and on what evidence. The learner or their teacher asks for a board;
 * the same day gives the same board (the seed is the day), unless new evidence changed the picture.
 */
import { buildChoiceBoard, renderReason, type ChoiceBoardOption } from "@pathwise/engine";
import { recordAudit } from "../audit/record-audit.js";
import type { SignedInCtx } from "../shared/context.js";
import { isSupportedLocale } from "../shared/locales.js";
import { PRIOR_MODEL } from "./defaults.js";
import { organizationModel } from "./learner-model.js";
import { boardCatalogOf } from "./board-catalog.js";
import { evidenceReferencesOf, frameworkIdsOfLearner, masteryOfLearner, profileOf } from "./board-inputs.js";
import { authorize } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { decisions } from "./schema.js";

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
  const now = ctx.now();
  const relation = await relationToLearner(db, actor, learnerId);
  authorize(actor, "record-own-work", relation);

  const frameworkIds = await frameworkIdsOfLearner(db, actor.organizationId, learnerId);
  const [catalog, { reports, masteredAt }, model, profile, references] = await Promise.all([
    boardCatalogOf(db, actor.organizationId, frameworkIds),
    masteryOfLearner(db, learnerId),
    organizationModel(db, actor.organizationId, now),
    profileOf(db, learnerId),
    evidenceReferencesOf(db, learnerId),
  ]);
  const board = buildChoiceBoard(catalog, {
    profile,
    mastery: reports,
    evidence: references,
    masteredAt,
    masteryModel: { name: model.name ?? PRIOR_MODEL.name, version: model.version },
    now,
    seed: Math.floor(now.getTime() / DAY_MS),
  });

  const locale = isSupportedLocale(actor.locale) ? actor.locale : "en";
  const options = await db.transaction(async (tx) => {
    const rows = board.options.length
      ? await tx
          .insert(decisions)
          .values(
            board.options.map((option) => {
              const d = option.decision;
              return {
                organizationId: actor.organizationId,
                learnerId,
                competencyId: option.competencyId,
                what: d.what,
                how: d.how,
                actorKind: d.who.kind,
                actorUserId: d.who.kind === "engine" ? null : d.who.userId,
                model: d.who.kind === "engine" ? d.who.model : null,
                modelVersion: d.who.kind === "engine" ? d.who.version : null,
                basedOn: d.basedOn,
                reasonMessageId: d.reason.messageId,
                reasonValues: d.reason.values,
                payload: {
                  board: true,
                  kind: option.kind,
                  activityId: option.activityId,
                  level: option.level,
                  modality: option.modality,
                  language: option.language,
                  minutes: option.minutes,
                },
                createdAt: now,
              };
            }),
          )
          .returning({ id: decisions.id, competencyId: decisions.competencyId })
      : [];
    // One decision per competency on a board, so the competency matches each row to its option.
    const idOf = new Map(rows.map((r) => [r.competencyId, r.id]));
    const written: BoardOption[] = board.options.map((option) => ({
      decisionId: idOf.get(option.competencyId)!,
      kind: option.kind,
      competencyId: option.competencyId,
      activityId: option.activityId,
      level: option.level,
      modality: option.modality,
      language: option.language,
      minutes: option.minutes,
      why: renderReason(option.decision.reason, locale),
    }));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "choice-board.build",
      subjectType: "learner",
      subjectId: learnerId,
      details: { decisions: written.map((o) => o.decisionId) },
      at: now,
    });
    return written;
  });
  return { learnerId, options, shortBecause: board.shortBecause ?? null };
}
