/**
 * A learner picks one option of a choice board the engine gave them. The pick is a decision of its
 * own in the ledger — who: the learner; what: the option chosen, among which options (the board's
 * decision ids, in `basedOn`) — so that the ledger shows not only what was offered but what the
 * learner made of it. Picking the same option again records nothing new.
 */
import { and, asc, eq, gte, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit.js";
import type { SignedInCtx } from "../shared/context.js";
import { notFound } from "../shared/errors.js";
import { authorize } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { decisions } from "./schema.js";

export interface BoardPick {
  /** The pick's own decision id. */
  id: string;
  /** The board option (a decision) that was chosen. */
  decisionId: string;
  /** Every option of that board, the chosen one included, by decision id. */
  options: string[];
  activityId: string | null;
  createdAt: Date;
  /** True when this option had already been picked: nothing new was recorded. */
  replayed: boolean;
}

export async function pickBoardOption(
  ctx: SignedInCtx,
  learnerId: string,
  decisionId: string,
): Promise<BoardPick> {
  const { actor, db } = ctx;
  authorize(actor, "pick", await relationToLearner(db, actor, learnerId));
  const now = ctx.now();
  return db.transaction(async (tx) => {
    // The option is locked while its pick is looked for and written: two clicks record one pick.
    const [chosen] = await tx
      .select()
      .from(decisions)
      .where(
        and(
          eq(decisions.organizationId, actor.organizationId),
          eq(decisions.learnerId, learnerId),
          eq(decisions.id, decisionId),
          sql`${decisions.payload} ->> 'board' = 'true'`,
        ),
      )
      .for("update");
    if (!chosen) throw notFound("The board option");
    const [already] = await tx
      .select()
      .from(decisions)
      .where(
        and(
          eq(decisions.learnerId, learnerId),
          gte(decisions.createdAt, chosen.createdAt),
          eq(decisions.actorKind, "learner"),
          sql`${decisions.payload} ->> 'pickOf' = ${decisionId}`,
        ),
      )
      .limit(1);
    if (already) return pickOf(already, true);

    // The board: the options written with the same board id (boards written before board ids
    // existed: the options written at the same moment).
    const boardId = typeof chosen.payload.boardId === "string" ? chosen.payload.boardId : null;
    const board = await tx
      .select({ id: decisions.id })
      .from(decisions)
      .where(
        and(
          eq(decisions.learnerId, learnerId),
          eq(decisions.createdAt, chosen.createdAt),
          sql`${decisions.payload} ->> 'board' = 'true'`,
          boardId ? sql`${decisions.payload} ->> 'boardId' = ${boardId}` : undefined,
        ),
      )
      .orderBy(asc(decisions.id));
    const options = board.map((o) => o.id);
    const activityId = typeof chosen.payload.activityId === "string" ? chosen.payload.activityId : null;
    const [row] = await tx
      .insert(decisions)
      .values({
        organizationId: actor.organizationId,
        learnerId,
        competencyId: chosen.competencyId,
        what: chosen.what,
        how: ["path"],
        actorKind: "learner",
        actorUserId: actor.userId,
        basedOn: [
          { kind: "activity", references: options, values: { chosen: decisionId, options: options.length } },
        ],
        reasonMessageId: "board.pick",
        reasonValues: { competency: String(chosen.reasonValues.competency ?? ""), options: options.length },
        payload: {
          pickOf: decisionId,
          options,
          activityId,
          kind: chosen.payload.kind ?? null,
          boardBuiltAt: chosen.createdAt.toISOString(),
        },
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "decision.pick",
      subjectType: "decision",
      subjectId: decisionId,
      details: { learnerId, pick: row!.id, options, activityId },
      at: now,
    });
    return pickOf(row!, false);
  });
}

function pickOf(row: typeof decisions.$inferSelect, replayed: boolean): BoardPick {
  const payload = row.payload as { pickOf: string; options: string[]; activityId: string | null };
  return {
    id: row.id,
    decisionId: payload.pickOf,
    options: payload.options,
    activityId: payload.activityId,
    createdAt: row.createdAt,
    replayed,
  };
}
