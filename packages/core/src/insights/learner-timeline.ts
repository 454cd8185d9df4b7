/**
 * A learner's timeline, newest first: every piece of evidence (what kind, on which competencies,
 * the outcome), every decision about them (with its plain "why") and every claim they made — the
 * story a teacher reads on the learner's page. Responses themselves are not included.
 */
import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { evidence, learningClaims } from "../evidence/schema.js";
import { competencies } from "../frameworks/schema.js";
import { authorize } from "../personalization/policies.js";
import { whyOf } from "../personalization/list-decisions.js";
import { relationToLearner } from "../personalization/relationships.js";
import { decisions } from "../personalization/schema.js";
import type { SignedInCtx } from "../shared/context.js";
import { isSupportedLocale } from "../shared/locales.js";
import { decodeCursor, encodeCursor, PageInput, type Cursor, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";

export type TimelineEntry =
  | {
      type: "evidence";
      id: string;
      at: Date;
      kind: string;
      source: string;
      competencies: { id: string; statement: string }[];
      correct: boolean | null;
      score: number | null;
    }
  | {
      type: "decision";
      id: string;
      at: Date;
      what: string;
      actorKind: string;
      why: string;
      competencyId: string | null;
    }
  | { type: "claim"; id: string; at: Date; competencyId: string; status: string; statement: string };

function before(at: PgColumn, id: PgColumn, cursor: Cursor | null): SQL | undefined {
  if (!cursor) return undefined;
  const when = new Date(cursor.at);
  return or(lt(at, when), and(eq(at, when), lt(id, cursor.id)));
}

export async function learnerTimeline(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
): Promise<Page<TimelineEntry>> {
  const input = parseInput(PageInput, raw, "query");
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  const cursor = decodeCursor(input.cursor);
  const take = input.limit + 1;
  const org = actor.organizationId;
  const [evidenceRows, decisionRows, claimRows] = await Promise.all([
    db
      .select()
      .from(evidence)
      .where(
        and(
          eq(evidence.organizationId, org),
          eq(evidence.learnerId, learnerId),
          before(evidence.occurredAt, evidence.id, cursor),
        ),
      )
      .orderBy(desc(evidence.occurredAt), desc(evidence.id))
      .limit(take),
    db
      .select()
      .from(decisions)
      .where(
        and(
          eq(decisions.organizationId, org),
          eq(decisions.learnerId, learnerId),
          before(decisions.createdAt, decisions.id, cursor),
        ),
      )
      .orderBy(desc(decisions.createdAt), desc(decisions.id))
      .limit(take),
    db
      .select()
      .from(learningClaims)
      .where(
        and(
          eq(learningClaims.organizationId, org),
          eq(learningClaims.learnerId, learnerId),
          before(learningClaims.createdAt, learningClaims.id, cursor),
        ),
      )
      .orderBy(desc(learningClaims.createdAt), desc(learningClaims.id))
      .limit(take),
  ]);
  const competencyIds = [...new Set(evidenceRows.flatMap((r) => r.competencyIds))];
  const statements = new Map(
    (competencyIds.length
      ? await db
          .select({ id: competencies.id, statement: competencies.statement })
          .from(competencies)
          .where(and(eq(competencies.organizationId, org), inArray(competencies.id, competencyIds)))
      : []
    ).map((c) => [c.id, c.statement]),
  );
  const locale = isSupportedLocale(actor.locale) ? actor.locale : "en";
  const merged: TimelineEntry[] = [
    ...evidenceRows.map((r): TimelineEntry => ({
      type: "evidence",
      id: r.id,
      at: r.occurredAt,
      kind: r.kind,
      source: r.source,
      competencies: r.competencyIds.map((id) => ({ id, statement: statements.get(id) ?? "" })),
      correct: r.correct,
      score: r.score,
    })),
    ...decisionRows.map((r): TimelineEntry => ({
      type: "decision",
      id: r.id,
      at: r.createdAt,
      what: r.what,
      actorKind: r.actorKind,
      competencyId: r.competencyId,
      why: whyOf(r.reasonMessageId, r.reasonValues, locale),
    })),
    ...claimRows.map((r): TimelineEntry => ({
      type: "claim",
      id: r.id,
      at: r.createdAt,
      competencyId: r.competencyId,
      status: r.status,
      statement: r.statement,
    })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = merged.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      merged.length > input.limit && last ? encodeCursor({ at: last.at.toISOString(), id: last.id }) : null,
  };
}
