/** Ledger queries: decisions and contests, scoped to one organization. */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { decisionContests, decisions } from "./schema.js";

export async function findDecision(db: Database, organizationId: string, decisionId: string) {
  const [row] = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.organizationId, organizationId), eq(decisions.id, decisionId)));
  return row ?? null;
}

export async function findContest(db: Database, organizationId: string, contestId: string) {
  const [row] = await db
    .select()
    .from(decisionContests)
    .where(and(eq(decisionContests.organizationId, organizationId), eq(decisionContests.id, contestId)));
  return row ?? null;
}

export type DecisionRow = typeof decisions.$inferSelect;
