/**
 * Append one audit event in the caller's transaction: who changed what, when. The xAPI statements
 * the event tells (Pathwise's own profile, docs/xapi-profile.md) are stored in the same transaction.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../db/open-database.js";
import { recordOwnStatements } from "../xapi/own-statements.js";
import { auditEvents } from "./schema.js";

export interface AuditEntry {
  organizationId: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  const event = { ...entry, id: randomUUID(), details: entry.details ?? {} };
  await db.insert(auditEvents).values(event);
  await recordOwnStatements(db, event);
}
