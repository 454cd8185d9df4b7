/**
 * Reading statements (GET /statements): one by `statementId` / `voidedStatementId`, or a filtered
 * list, newest first unless `ascending`, in pages joined by a `more` token. Voided statements are
 * left out of lists, but statements that refer to a statement matching the filters (voiding
 * statements included) are returned with it (Communication 2.1.3 "StatementRef" rule). A `more`
 * token remembers the last storage position it covered, so later inserts never shift its pages.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  agentKey,
  formatXapiStatement,
  parseStatementQuery,
  xapiAttachmentsOf,
  type XapiStatement,
  type XapiStatementQuery,
} from "@pathwise/standards";
import { AppError, notFound } from "../shared/errors.js";
import type { LrsCtx } from "./lrs-context.js";
import { authorizeClient } from "./policies.js";
import { xapiAttachments, xapiStatements } from "./schema.js";
import { invalid } from "./store-statements.js";

/** The most statements one page returns; `limit=0` or a larger limit means this many. */
export const MAX_STATEMENTS_PER_PAGE = 500;

export interface StatementAttachmentContent {
  sha2: string;
  contentType: string;
  content: Uint8Array;
}

export type StatementsAnswer =
  | { kind: "single"; statement: XapiStatement; attachments: StatementAttachmentContent[] | null }
  | {
      kind: "list";
      statements: XapiStatement[];
      /** Token for the next page (`GET /statements?more=…`), or null on the last page. */
      more: string | null;
      attachments: StatementAttachmentContent[] | null;
    };

interface MoreToken {
  /** The original query parameters. */
  p: [string, string][];
  /** Storage position of the last statement returned. */
  after: number;
  /** The highest storage position when the first page was read: later statements are not part of this result. */
  through: number;
  o: string;
}

export async function queryStatements(
  ctx: LrsCtx,
  request: { parameters: [string, string][]; languages?: readonly string[] },
): Promise<StatementsAnswer> {
  authorizeClient(ctx.client, "read");
  const moreParameter = request.parameters.find(([name]) => name === "more");
  let parameters = request.parameters;
  let position: { after: number; through: number } | null = null;
  if (moreParameter) {
    const token = decodeMore(moreParameter[1], ctx.client.organizationId);
    parameters = token.p;
    position = { after: token.after, through: token.through };
  }
  const parsed = parseStatementQuery(parameters, ctx.version);
  if (!parsed.ok) throw invalid("The query parameters are not valid.", parsed.errors);
  const query = parsed.value;
  ctx.session?.authorizeStatementQuery(query);
  const languages = request.languages ?? [];

  if (query.kind === "single") {
    const [row] = await ctx.db
      .select({ statement: xapiStatements.statement, voided: xapiStatements.voided })
      .from(xapiStatements)
      .where(
        and(
          eq(xapiStatements.organizationId, ctx.client.organizationId),
          eq(xapiStatements.id, query.statementId.toLowerCase()),
        ),
      );
    if (!row || row.voided !== query.voided) {
      throw notFound(query.voided ? "A voided statement with this id" : "A statement with this id");
    }
    const statement = row.statement as unknown as XapiStatement;
    return {
      kind: "single",
      statement: formatXapiStatement(statement, query.format, languages),
      attachments: query.attachments ? await attachmentContents(ctx, [statement]) : null,
    };
  }

  const through = position?.through ?? (await highestPosition(ctx));
  const limit = query.limit === 0 ? MAX_STATEMENTS_PER_PAGE : Math.min(query.limit, MAX_STATEMENTS_PER_PAGE);
  const rows = await listPage(ctx, query, { after: position?.after ?? null, through, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const more =
    rows.length > limit && last
      ? encodeMore({ p: parameters, after: last.seq, through, o: ctx.client.organizationId })
      : null;
  const statements = page.map((row) => row.statement);
  return {
    kind: "list",
    statements: statements.map((s) => formatXapiStatement(s, query.format, languages)),
    more,
    attachments: query.attachments ? await attachmentContents(ctx, statements) : null,
  };
}

type ListQuery = Extract<XapiStatementQuery, { kind: "list" }>;

async function highestPosition(ctx: LrsCtx): Promise<number> {
  const [row] = await ctx.db
    .select({ seq: sql<string | null>`max(${xapiStatements.seq})` })
    .from(xapiStatements)
    .where(eq(xapiStatements.organizationId, ctx.client.organizationId));
  return Number(row?.seq ?? 0);
}

/**
 * The filters that select statements themselves (the StatementRef rule applies them to targets
 * too), as alternatives: an agent filter is "actor is the agent" OR "object is the agent", written
 * as two alternatives so that each is answered from its own index instead of one scan of both.
 */
function targetFilters(query: ListQuery, alias: string): SQL[][] {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  const common: SQL[] = [];
  if (query.verb) common.push(sql`${column("verb_id")} = ${query.verb}`);
  if (query.activity) {
    common.push(
      query.relatedActivities
        ? sql`${query.activity} = any(${column("related_activity_ids")})`
        : sql`${column("activity_id")} = ${query.activity}`,
    );
  }
  if (query.registration) common.push(sql`${column("registration")} = ${query.registration.toLowerCase()}`);
  if (!query.agent) return [common];
  const key = agentKey(query.agent)!;
  if (query.relatedAgents) return [[sql`${key} = any(${column("related_agent_keys")})`, ...common]];
  return [
    [sql`${column("actor_key")} = ${key}`, ...common],
    [sql`${column("object_agent_key")} = ${key}`, ...common],
  ];
}

async function listPage(
  ctx: LrsCtx,
  query: ListQuery,
  window: { after: number | null; through: number; limit: number },
): Promise<{ seq: number; statement: XapiStatement }[]> {
  const org = ctx.client.organizationId;
  const direction = sql.raw(query.ascending ? "asc" : "desc");
  const bounds = (alias: string): SQL[] => {
    const column = (name: string) => sql.raw(`${alias}.${name}`);
    const out: SQL[] = [sql`${column("organization_id")} = ${org}`, sql`not ${column("voided")}`];
    out.push(sql`${column("seq")} <= ${window.through}`);
    if (window.after !== null)
      out.push(
        query.ascending ? sql`${column("seq")} > ${window.after}` : sql`${column("seq")} < ${window.after}`,
      );
    if (query.since) out.push(sql`${column("stored")} > ${new Date(query.since).toISOString()}`);
    if (query.until) out.push(sql`${column("stored")} <= ${new Date(query.until).toISOString()}`);
    return out;
  };
  const and = (conditions: SQL[]) => sql.join(conditions, sql` and `);
  const alternatives = targetFilters(query, "s");
  const filtered = alternatives.some((filters) => filters.length > 0);
  const branches = alternatives.map(
    (filters) =>
      sql`(select s.seq, s.statement from ${xapiStatements} s where ${and([...bounds("s"), ...filters])} order by s.seq ${direction} limit ${window.limit})`,
  );
  if (filtered) {
    // Statements referring to a statement that matches the filters (voiding ones included) come along.
    const target = sql.join(
      alternatives.map((filters) => sql`(${and(filters)})`),
      sql` or `,
    );
    branches.push(
      sql`(select r.seq, r.statement from ${xapiStatements} r join ${xapiStatements} s on s.organization_id = r.organization_id and s.id = r.ref_id where ${and([...bounds("r"), sql`r.ref_id is not null`])} and (${target}) order by r.seq ${direction} limit ${window.limit})`,
    );
  }
  const text =
    branches.length === 1
      ? branches[0]!
      : sql`select seq, statement from (${sql.join(branches, sql` union `)}) page order by seq ${direction} limit ${window.limit}`;
  const result = await ctx.db.execute(text);
  const rows = (result as unknown as { rows: { seq: string | number; statement: unknown }[] }).rows;
  return rows.map((row) => ({
    seq: Number(row.seq),
    statement: (typeof row.statement === "string"
      ? JSON.parse(row.statement)
      : row.statement) as XapiStatement,
  }));
}

async function attachmentContents(
  ctx: LrsCtx,
  statements: XapiStatement[],
): Promise<StatementAttachmentContent[]> {
  const hashes = [
    ...new Set(statements.flatMap((s) => xapiAttachmentsOf(s).map((a) => a.attachment.sha2.toLowerCase()))),
  ];
  if (hashes.length === 0) return [];
  return ctx.db
    .select({
      sha2: xapiAttachments.sha2,
      contentType: xapiAttachments.contentType,
      content: xapiAttachments.content,
    })
    .from(xapiAttachments)
    .where(
      and(
        eq(xapiAttachments.organizationId, ctx.client.organizationId),
        inArray(xapiAttachments.sha2, hashes),
      ),
    );
}

function encodeMore(token: MoreToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeMore(text: string, organizationId: string): MoreToken {
  try {
    const token = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as MoreToken;
    if (
      token.o === organizationId &&
      Array.isArray(token.p) &&
      Number.isSafeInteger(token.after) &&
      Number.isSafeInteger(token.through)
    )
      return token;
  } catch {
    // fall through: any unreadable token gets the same answer
  }
  throw new AppError("validation_failed", "This `more` link is not one this LRS gave you.", [
    { path: "more", message: "unknown or damaged token" },
  ]);
}
