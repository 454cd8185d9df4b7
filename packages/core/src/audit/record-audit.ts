/**
 * Append one audit event in the caller's transaction: who changed what, when. The xAPI statements
 * the event tells (Pathwise's own profile, docs/xapi-profile.md) are stored in the same transaction.
 */
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { ownStatementsFor } from "../xapi/own-statements.js";
import { indexStatement } from "../xapi/statement-index.js";

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
  await db.execute(sql`with ${auditWrites(entry, null)} select 1`);
}

/**
 * The writes of one audit event — the event and the statements it tells, queued for the
 * organization's external LRS when one is configured — as common table expressions (`audit_write`,
 * `own_statements_write`, `own_statements_forward`). `recordAudit` runs them alone; a caller that
 * writes everything of one change in a single statement (the central loop) puts them beside its
 * own. With `onlyIf`, the name of an earlier expression, nothing is written unless that expression
 * returned a row. Storing the same statement twice stores nothing new.
 */
export function auditWrites(entry: AuditEntry, onlyIf: string | null): SQL {
  const event = { ...entry, id: randomUUID(), details: entry.details ?? {} };
  const gate = onlyIf ? sql.raw(`exists (select 1 from ${onlyIf})`) : sql`true`;
  const at = event.at.toISOString();
  const statements = ownStatementsFor(event).map((statement) => ({
    id: statement.id,
    statement,
    ...indexStatement(statement),
  }));
  const audit = sql`
    audit_write as (
      insert into audit_events (id, organization_id, actor_id, action, subject_type, subject_id, details, at)
      select ${event.id}::uuid, ${event.organizationId}::uuid, ${event.actorId}::uuid, ${event.action},
             ${event.subjectType}, ${event.subjectId}, ${JSON.stringify(event.details)}::jsonb, ${at}::timestamptz
       where ${gate}
      returning 1)`;
  if (statements.length === 0) return audit;
  return sql`${audit},
    own_statements_write as (
      insert into xapi_statements (organization_id, id, client_id, statement, stored, actor_key,
             object_agent_key, verb_id, activity_id, ref_id, registration, related_agent_keys,
             related_activity_ids, is_voiding)
      select ${event.organizationId}::uuid, r.id, null, r.statement, ${at}::timestamptz, r."actorKey",
             r."objectAgentKey", r."verbId", r."activityId", r."refId", r.registration,
             array(select jsonb_array_elements_text(r."relatedAgentKeys")),
             array(select jsonb_array_elements_text(r."relatedActivityIds")), r."isVoiding"
        from jsonb_to_recordset(${JSON.stringify(statements)}::jsonb) as r(id uuid, statement jsonb,
             "actorKey" text, "objectAgentKey" text, "verbId" text, "activityId" text, "refId" uuid,
             registration uuid, "relatedAgentKeys" jsonb, "relatedActivityIds" jsonb, "isVoiding" boolean)
       where ${gate}
      on conflict do nothing
      returning id),
    own_statements_forward as (
      insert into xapi_forward_outbox (organization_id, statement_id, next_attempt_at, created_at)
      select t.organization_id, w.id, ${at}::timestamptz, ${at}::timestamptz
        from own_statements_write w, xapi_forward_targets t
       where t.organization_id = ${event.organizationId}::uuid
      on conflict do nothing
      returning 1)`;
}
