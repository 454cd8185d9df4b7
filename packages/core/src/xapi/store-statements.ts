/**
 * Storing statements (POST /statements, PUT /statements?statementId=): validate the whole request,
 * check attachment data against its SHA-2 and every signature, then store everything in one
 * transaction — a batch is atomic: one bad statement and nothing is stored. A statement whose id is
 * already stored is accepted again only if it is the same statement (409 otherwise): statements are
 * immutable. Voiding statements mark their target voided; activity definitions feed the Activities
 * resource; statements about mapped activities become evidence for the learner model.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  completeStatementForStorage,
  matchXapiAttachmentParts,
  statementsEquivalent,
  validateStatementBatch,
  verifySignedStatement,
  xapiAttachmentsOf,
  type XapiAttachmentPart,
  type XapiStatement,
  type XapiValidationError,
} from "@pathwise/standards";
import { AppError } from "../shared/errors.js";
import {
  candidateActivityIds,
  evidenceCandidates,
  recordStatementEvidence,
  type ActivityCompetencies,
} from "./statement-evidence.js";
import { authorityOf, type LrsCtx } from "./lrs-context.js";
import { authorizeClient } from "./policies.js";
import { xapiActivities, xapiAttachments, xapiStatements } from "./schema.js";
import { indexStatement } from "./statement-index.js";

export interface StoreStatementsRequest {
  /** The parsed JSON body: one statement or an array of them. */
  body: unknown;
  /** Attachment parts of a multipart/mixed request, by their X-Experience-API-Hash. */
  attachments?: readonly XapiAttachmentPart[];
  /** For PUT: the `statementId` parameter, which the statement must carry or will be given. */
  statementId?: string;
}

export function invalid(message: string, errors: readonly XapiValidationError[]): AppError {
  return new AppError(
    "validation_failed",
    message,
    errors.map((e) => ({ path: e.path, message: e.message })),
  );
}

/** Stores the statements and answers their ids, in the order sent. */
export async function storeStatements(ctx: LrsCtx, request: StoreStatementsRequest): Promise<string[]> {
  authorizeClient(ctx.client, "write");
  const { version } = ctx;
  let body = request.body;
  if (request.statementId !== undefined) {
    if (Array.isArray(body) || body === null || typeof body !== "object") {
      throw invalid("A PUT carries exactly one statement.", [
        { path: "$", code: "invalid_type", message: "must be one statement object" },
      ]);
    }
    const sent = (body as Record<string, unknown>).id;
    if (
      sent !== undefined &&
      (typeof sent !== "string" || sent.toLowerCase() !== request.statementId.toLowerCase())
    ) {
      throw invalid("The statement's id differs from the statementId parameter.", [
        { path: "$.id", code: "id_mismatch", message: "must equal the statementId parameter" },
      ]);
    }
    body = { ...(body as Record<string, unknown>), id: request.statementId };
  }
  const validated = validateStatementBatch(body, version);
  if (!validated.ok) throw invalid("The statements are not valid xAPI; none was stored.", validated.errors);
  const statements = validated.value;

  const parts = await matchXapiAttachmentParts(statements, request.attachments ?? []);
  if (!parts.ok) throw invalid("The attachments do not match the statements; none was stored.", parts.errors);
  for (const [index, statement] of statements.entries()) {
    const signature = await verifySignedStatement(
      statement,
      parts.value,
      version,
      Array.isArray(body) ? `$[${index}]` : "$",
    );
    if (!signature.ok)
      throw invalid("A signed statement does not verify; none was stored.", signature.errors);
  }

  const now = ctx.now();
  const stored = now.toISOString();
  const authority = authorityOf(ctx.client);
  const complete = statements.map((statement) =>
    completeStatementForStorage(statement, version, { id: randomUUID(), stored, authority }),
  );
  const ids = complete.map((statement) => statement.id!.toLowerCase());
  const indexes = complete.map(indexStatement);
  const organizationId = ctx.client.organizationId;

  return ctx.db.transaction(async (tx) => {
    // A cmi5 session's rules see only the statements not stored yet, before anything is stored.
    const alreadyStored = new Set<string>();
    if (ctx.session) {
      const existing = await tx
        .select({ id: xapiStatements.id, statement: xapiStatements.statement })
        .from(xapiStatements)
        .where(and(eq(xapiStatements.organizationId, organizationId), inArray(xapiStatements.id, ids)));
      for (const row of existing) {
        assertSameStatement(row, ids, statements, body);
        alreadyStored.add(row.id);
      }
    }

    // A voiding statement cannot target another voiding statement (Data 2.3.2).
    const targets = indexes.filter((i) => i.isVoiding).map((i) => i.refId!);
    if (targets.length > 0) {
      const voidingTargets = await tx
        .select({ id: xapiStatements.id })
        .from(xapiStatements)
        .where(
          and(
            eq(xapiStatements.organizationId, organizationId),
            inArray(xapiStatements.id, targets),
            eq(xapiStatements.isVoiding, true),
          ),
        );
      const inBatch = ids.filter((id, i) => indexes[i]!.isVoiding && targets.includes(id));
      const bad = [...voidingTargets.map((r) => r.id), ...inBatch];
      if (bad.length > 0) {
        throw invalid("A voiding statement cannot be voided; none was stored.", [
          {
            path: "$.object.id",
            code: "voids_voiding",
            message: `statement ${bad[0]} is itself a voiding statement`,
          },
        ]);
      }
    }

    const candidates = complete
      .map((statement, i) => ({ statement, sent: statements[i]!, index: indexes[i]!, id: ids[i]! }))
      .filter(({ id }, i) => !alreadyStored.has(id) && ids.indexOf(id) === i);
    if (candidates.length === 0) return ids;
    await ctx.session?.acceptStatements(
      tx,
      candidates.map((f) => f.sent),
    );
    // One round trip stores the batch and reads the competencies mapped to the activities it is
    // about (for evidence). Rows travel as one JSON parameter: building a 100-row insert column by
    // column costs more than storing it (measured with bench:xapi).
    const rows = candidates.map(({ statement, index, id }) => ({ id, statement, ...index }));
    const mappedIds = candidateActivityIds(evidenceCandidates(candidates.map((c) => c.statement)));
    const result = await tx.execute(sql`
      with ins as (
        insert into ${xapiStatements} (organization_id, id, client_id, statement, stored, actor_key,
          object_agent_key, verb_id, activity_id, ref_id, registration, related_agent_keys,
          related_activity_ids, is_voiding)
        select ${organizationId}::uuid, r.id, ${ctx.client.id}::uuid, r.statement, ${stored}::timestamptz,
          r."actorKey", r."objectAgentKey", r."verbId", r."activityId", r."refId", r.registration,
          array(select jsonb_array_elements_text(r."relatedAgentKeys")),
          array(select jsonb_array_elements_text(r."relatedActivityIds")), r."isVoiding"
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, statement jsonb, "actorKey" text,
          "objectAgentKey" text, "verbId" text, "activityId" text, "refId" uuid, registration uuid,
          "relatedAgentKeys" jsonb, "relatedActivityIds" jsonb, "isVoiding" boolean)
        on conflict do nothing
        returning id
      )
      select (select coalesce(jsonb_agg(id), '[]'::jsonb) from ins) as inserted,
        (select coalesce(jsonb_agg(jsonb_build_object('activityId', a.activity_id, 'competencyIds', a.competency_ids)), '[]'::jsonb)
          from ${xapiActivities} a
          where a.organization_id = ${organizationId}::uuid and cardinality(a.competency_ids) > 0
            and a.activity_id in (select jsonb_array_elements_text(${JSON.stringify(mappedIds)}::jsonb))) as mapped`);
    const [answer] = (result as unknown as { rows: { inserted: unknown; mapped: unknown }[] }).rows;
    const parse = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
    const inserted = new Set(parse<string[]>(answer!.inserted));
    const mapped = parse<ActivityCompetencies[]>(answer!.mapped);

    // Ids stored before (or by another request meanwhile): the same statement again is a no-op,
    // a different one a conflict that undoes the whole batch.
    const skipped = candidates.filter((c) => !inserted.has(c.id)).map((c) => c.id);
    if (skipped.length > 0) {
      const existing = await tx
        .select({ id: xapiStatements.id, statement: xapiStatements.statement })
        .from(xapiStatements)
        .where(and(eq(xapiStatements.organizationId, organizationId), inArray(xapiStatements.id, skipped)));
      for (const row of existing) assertSameStatement(row, ids, statements, body);
    }
    const fresh = candidates.filter((c) => inserted.has(c.id));
    if (fresh.length > 0) {
      if (targets.length > 0) {
        await tx
          .update(xapiStatements)
          .set({ voided: true })
          .where(
            and(
              eq(xapiStatements.organizationId, organizationId),
              inArray(xapiStatements.id, targets),
              eq(xapiStatements.isVoiding, false),
            ),
          );
      }
      await storeAttachments(
        tx,
        organizationId,
        fresh.map((f) => f.statement),
        parts.value,
      );
      await storeActivityDefinitions(
        tx,
        organizationId,
        fresh.map((f) => f.statement),
      );
      await recordStatementEvidence(
        tx,
        organizationId,
        fresh.map((f) => f.statement),
        now,
        mapped,
      );
      await ctx.session?.statementsStored(
        tx,
        fresh.map((f) => f.statement),
      );
    }
    return ids;
  });
}

/** Throws 409 unless the stored statement is the one sent again (statements are immutable). */
function assertSameStatement(
  row: { id: string; statement: Record<string, unknown> },
  ids: readonly string[],
  statements: readonly XapiStatement[],
  body: unknown,
): void {
  const index = ids.indexOf(row.id);
  if (!statementsEquivalent(row.statement as unknown as XapiStatement, statements[index]!)) {
    throw new AppError(
      "conflict",
      `A different statement with id ${row.id} is already stored; statements cannot change.`,
      [
        {
          path: Array.isArray(body) ? `$[${index}].id` : "$.id",
          message: "already used by another statement",
        },
      ],
    );
  }
}

type Tx = Parameters<Parameters<LrsCtx["db"]["transaction"]>[0]>[0];

async function storeAttachments(
  tx: Tx,
  organizationId: string,
  statements: XapiStatement[],
  parts: ReadonlyMap<string, XapiAttachmentPart>,
) {
  const rows = new Map<string, { sha2: string; contentType: string; content: Uint8Array }>();
  for (const statement of statements) {
    for (const { attachment } of xapiAttachmentsOf(statement)) {
      const sha2 = attachment.sha2.toLowerCase();
      const part = parts.get(sha2);
      if (part) rows.set(sha2, { sha2, contentType: attachment.contentType, content: part.body });
    }
  }
  if (rows.size === 0) return;
  await tx
    .insert(xapiAttachments)
    .values([...rows.values()].map((row) => ({ organizationId, ...row })))
    .onConflictDoNothing();
}

/**
 * The canonical definition of each activity: the latest one sent, merged over what was known —
 * language maps entry by entry, so a name sent in French keeps the one sent earlier in English.
 */
async function storeActivityDefinitions(tx: Tx, organizationId: string, statements: XapiStatement[]) {
  const definitions = new Map<string, Record<string, unknown>>();
  const visit = (activity: { id: string; definition?: object }) => {
    if (!activity.definition) return;
    definitions.set(activity.id, mergeDefinitions(definitions.get(activity.id), activity.definition));
  };
  for (const statement of statements) {
    const object = statement.object;
    if (object.objectType === "Activity") visit(object);
    if (object.objectType === "SubStatement" && object.object.objectType === "Activity") visit(object.object);
    for (const context of [
      statement.context,
      object.objectType === "SubStatement" ? object.context : undefined,
    ]) {
      for (const list of Object.values(context?.contextActivities ?? {}))
        for (const a of list ?? []) visit(a);
    }
  }
  if (definitions.size === 0) return;
  const known = await tx
    .select({ activityId: xapiActivities.activityId, definition: xapiActivities.definition })
    .from(xapiActivities)
    .where(
      and(
        eq(xapiActivities.organizationId, organizationId),
        inArray(xapiActivities.activityId, [...definitions.keys()]),
      ),
    );
  for (const row of known) {
    if (row.definition)
      definitions.set(row.activityId, mergeDefinitions(row.definition, definitions.get(row.activityId)!));
  }
  await tx
    .insert(xapiActivities)
    .values([...definitions].map(([activityId, definition]) => ({ organizationId, activityId, definition })))
    .onConflictDoUpdate({
      target: [xapiActivities.organizationId, xapiActivities.activityId],
      set: { definition: sql`excluded.definition` },
    });
}

const LANGUAGE_MAPS = new Set(["name", "description"]);

function mergeDefinitions(
  earlier: Record<string, unknown> | undefined,
  later: object,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...earlier };
  for (const [key, value] of Object.entries(later)) {
    const before = merged[key];
    merged[key] =
      LANGUAGE_MAPS.has(key) && before && typeof before === "object"
        ? { ...before, ...(value as object) }
        : value;
  }
  return merged;
}
