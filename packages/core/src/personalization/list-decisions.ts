/**
 * The decision ledger of one learner, newest first: every adaptation with what, how, who and based
 * on what, the plain "why" in the reader's language, whether it was superseded, and its contests.
 */
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import { renderReason } from "@pathwise/engine";
import { z } from "zod";
import type { SignedInCtx } from "../shared/context.js";
import { isSupportedLocale } from "../shared/locales.js";
import { decodeCursor, pageOf, PageInput, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { authorize } from "./policies.js";
import { relationToLearner } from "./relationships.js";
import { decisionContests, decisions } from "./schema.js";

export const ListDecisionsInput = PageInput.extend({ competencyId: z.uuid().optional() });

export interface LedgerEntry {
  id: string;
  createdAt: Date;
  competencyId: string | null;
  what: string;
  how: string[];
  who: { kind: string; userId: string | null; model: string | null; modelVersion: string | null };
  basedOn: unknown[];
  why: string;
  payload: Record<string, unknown>;
  supersedes: string | null;
  supersededBy: string | null;
  contests: { id: string; status: string; reason: string; resolution: string | null }[];
}

export async function listDecisions(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
): Promise<Page<LedgerEntry>> {
  const input = parseInput(ListDecisionsInput, raw, "query");
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.organizationId, actor.organizationId),
        eq(decisions.learnerId, learnerId),
        input.competencyId ? eq(decisions.competencyId, input.competencyId) : undefined,
        cursor
          ? or(
              lt(decisions.createdAt, new Date(cursor.at)),
              and(eq(decisions.createdAt, new Date(cursor.at)), lt(decisions.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(decisions.createdAt), desc(decisions.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => r.createdAt);
  const ids = page.items.map((r) => r.id);
  const contests = ids.length
    ? await db.select().from(decisionContests).where(inArray(decisionContests.decisionId, ids))
    : [];
  const overrides = ids.length
    ? await db
        .select({ id: decisions.id, supersedesId: decisions.supersedesId })
        .from(decisions)
        .where(inArray(decisions.supersedesId, ids))
    : [];
  const locale = isSupportedLocale(actor.locale) ? actor.locale : "en";
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      competencyId: r.competencyId,
      what: r.what,
      how: r.how,
      who: { kind: r.actorKind, userId: r.actorUserId, model: r.model, modelVersion: r.modelVersion },
      basedOn: r.basedOn,
      why: whyOf(r.reasonMessageId, r.reasonValues, locale),
      payload: r.payload,
      supersedes: r.supersedesId,
      supersededBy: overrides.find((o) => o.supersedesId === r.id)?.id ?? null,
      contests: contests
        .filter((c) => c.decisionId === r.id)
        .map((c) => ({ id: c.id, status: c.status, reason: c.reason, resolution: c.resolution })),
    })),
  };
}

/** Engine reasons render from the engine's catalogs; a teacher's override carries their own words. */
export function whyOf(
  messageId: string,
  values: Record<string, string | number>,
  locale: "en" | "es",
): string {
  if (messageId === "teacher.override") return String(values.reason ?? "");
  return renderReason({ messageId, values }, locale);
}
