/**
 * Forwarding Pathwise's own statements (docs/xapi-profile.md) to an external LRS an admin
 * configured for the organization: endpoint, HTTP Basic credentials, xAPI version.
 *
 * The queue is a table (`xapi_forward_outbox`), filled in the transaction that stores each
 * statement, and emptied by `forwardDueStatements`, which the server calls in a polling loop. A
 * statement leaves the queue only after the external LRS answered 2xx. A 429, a 5xx or no answer
 * puts it back with an exponential delay; any other 4xx parks it as failed with the reason, for the
 * admin to see and retry. Pausing keeps the queue filling and sends nothing.
 */
import { and, asc, count, eq, inArray, lte, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { XapiStatement } from "@pathwise/standards";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import type { Ctx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorizeAdministration } from "./policies.js";
import { xapiForwardOutbox, xapiForwardTargets, xapiStatements } from "./schema.js";

export const XAPI_FORWARD_VERSIONS = ["2.0.0", "1.0.3"] as const;

export const SetXapiForwardingInput = z.object({
  endpoint: z
    .string()
    .trim()
    .max(2000)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash;
      } catch {
        return false;
      }
    }, "Give the LRS's address, starting with https:// (statements go to <address>/statements)."),
  username: z.string().min(1, "Give the user name (key) the external LRS issued.").max(500),
  /** Left out when editing: the one kept is used. */
  password: z.string().min(1, "Give the password (secret) the external LRS issued.").max(500).optional(),
  xapiVersion: z.enum(XAPI_FORWARD_VERSIONS, "Choose 2.0.0 or 1.0.3."),
});

export interface XapiForwardingView {
  target: {
    endpoint: string;
    username: string;
    xapiVersion: string;
    paused: boolean;
    version: number;
    sentCount: number;
    lastSentAt: Date | null;
    lastError: string | null;
    lastErrorAt: Date | null;
    updatedAt: Date;
  } | null;
  pending: number;
  failedCount: number;
  /** The oldest parked statements (at most 50). */
  failed: { statementId: string; attempts: number; lastError: string | null; lastAttemptAt: Date | null }[];
}

export async function getXapiForwarding(ctx: Ctx): Promise<XapiForwardingView> {
  authorizeAdministration(ctx.actor, "forward-statements");
  const organizationId = ctx.actor.organizationId;
  const [target] = await ctx.db
    .select()
    .from(xapiForwardTargets)
    .where(eq(xapiForwardTargets.organizationId, organizationId));
  const counts = await ctx.db
    .select({ status: xapiForwardOutbox.status, n: count() })
    .from(xapiForwardOutbox)
    .where(eq(xapiForwardOutbox.organizationId, organizationId))
    .groupBy(xapiForwardOutbox.status);
  const failed = await ctx.db
    .select({
      statementId: xapiForwardOutbox.statementId,
      attempts: xapiForwardOutbox.attempts,
      lastError: xapiForwardOutbox.lastError,
      lastAttemptAt: xapiForwardOutbox.lastAttemptAt,
    })
    .from(xapiForwardOutbox)
    .where(and(eq(xapiForwardOutbox.organizationId, organizationId), eq(xapiForwardOutbox.status, "failed")))
    .orderBy(asc(xapiForwardOutbox.seq))
    .limit(50);
  return {
    target: target
      ? {
          endpoint: target.endpoint,
          username: target.username,
          xapiVersion: target.xapiVersion,
          paused: target.paused,
          version: target.version,
          sentCount: target.sentCount,
          lastSentAt: target.lastSentAt,
          lastError: target.lastError,
          lastErrorAt: target.lastErrorAt,
          updatedAt: target.updatedAt,
        }
      : null,
    pending: Number(counts.find((c) => c.status === "pending")?.n ?? 0),
    failedCount: Number(counts.find((c) => c.status === "failed")?.n ?? 0),
    failed,
  };
}

/**
 * Sets the organization's external LRS (creating it, or editing it with If-Match). Statements told
 * from then on are queued for it; earlier ones are not sent.
 */
export async function setXapiForwarding(
  ctx: Ctx,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<XapiForwardingView> {
  authorizeAdministration(ctx.actor, "forward-statements");
  const actor = ctx.actor;
  const input = parseInput(SetXapiForwardingInput, raw, "body");
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(xapiForwardTargets)
      .where(eq(xapiForwardTargets.organizationId, actor.organizationId))
      .for("update");
    if (current) {
      assertVersion("forwarding settings", current.version, expectedVersion);
      await tx
        .update(xapiForwardTargets)
        .set({
          endpoint: input.endpoint,
          username: input.username,
          ...(input.password === undefined ? {} : { password: input.password }),
          xapiVersion: input.xapiVersion,
          version: current.version + 1,
          updatedBy: actor.userId,
          updatedAt: now,
        })
        .where(eq(xapiForwardTargets.organizationId, actor.organizationId));
    } else {
      if (input.password === undefined)
        throw new AppError("validation_failed", "Some fields are not valid.", [
          { path: "body.password", message: "Give the password (secret) the external LRS issued." },
        ]);
      await tx.insert(xapiForwardTargets).values({
        organizationId: actor.organizationId,
        endpoint: input.endpoint,
        username: input.username,
        password: input.password,
        xapiVersion: input.xapiVersion,
        updatedBy: actor.userId,
        updatedAt: now,
      });
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "xapi_forwarding.set",
      subjectType: "organization",
      subjectId: actor.organizationId,
      // Never the password.
      details: {
        endpoint: input.endpoint,
        username: input.username,
        xapiVersion: input.xapiVersion,
        passwordChanged: input.password !== undefined,
      },
      at: now,
    });
  });
  return getXapiForwarding(ctx);
}

/** Pause (nothing is sent; statements keep being queued) or resume. */
export async function pauseXapiForwarding(ctx: Ctx, paused: boolean): Promise<XapiForwardingView> {
  authorizeAdministration(ctx.actor, "forward-statements");
  const actor = ctx.actor;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(xapiForwardTargets)
      .set({
        paused,
        version: sql`${xapiForwardTargets.version} + 1`,
        updatedBy: actor.userId,
        updatedAt: now,
      })
      .where(eq(xapiForwardTargets.organizationId, actor.organizationId))
      .returning();
    if (!row) throw new AppError("conflict", "Forwarding is not set up: set an external LRS first.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: paused ? "xapi_forwarding.pause" : "xapi_forwarding.resume",
      subjectType: "organization",
      subjectId: actor.organizationId,
      at: now,
    });
  });
  return getXapiForwarding(ctx);
}

/** Puts failed statements back in the queue, to be sent at once (all of them, or those named). */
export async function retryFailedXapiForwards(
  ctx: Ctx,
  raw: unknown,
): Promise<{ requeued: number; forwarding: XapiForwardingView }> {
  authorizeAdministration(ctx.actor, "forward-statements");
  const actor = ctx.actor;
  const input = parseInput(
    z.object({ statementIds: z.array(z.uuid("Each statement id is a UUID.")).max(1000).optional() }),
    raw ?? {},
    "body",
  );
  const now = ctx.now();
  const requeued = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(xapiForwardOutbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, claimedUntil: null })
      .where(
        and(
          eq(xapiForwardOutbox.organizationId, actor.organizationId),
          eq(xapiForwardOutbox.status, "failed"),
          input.statementIds ? inArray(xapiForwardOutbox.statementId, input.statementIds) : undefined,
        ),
      )
      .returning({ seq: xapiForwardOutbox.seq });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "xapi_forwarding.retry",
      subjectType: "organization",
      subjectId: actor.organizationId,
      details: { requeued: rows.length },
      at: now,
    });
    return rows.length;
  });
  return { requeued, forwarding: await getXapiForwarding(ctx) };
}

export interface ForwardOptions {
  /** The HTTP client (global fetch by default). */
  fetch?: typeof fetch;
  /** Statements per request (100). */
  batchSize?: number;
  /** Batches per call, across organizations (20). */
  maxBatches?: number;
  /** First retry delay; doubled each attempt up to `maxDelayMs` (1 s, 1 h). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per request (15 s). */
  timeoutMs?: number;
}

export interface ForwardReport {
  sent: number;
  retrying: number;
  failed: number;
}

type Claimed = { seq: number; statementId: string; attempts: number };
type Target = typeof xapiForwardTargets.$inferSelect;
type Outcome =
  | { kind: "sent" }
  | { kind: "retry"; reason: string; retryAfterMs: number | null }
  | { kind: "refused"; reason: string };

/** Sends what is due: one batch per organization at a time, until nothing is due or `maxBatches`. */
export async function forwardDueStatements(
  db: Database,
  now: () => Date,
  options: ForwardOptions = {},
): Promise<ForwardReport> {
  const report: ForwardReport = { sent: 0, retrying: 0, failed: 0 };
  const batchSize = options.batchSize ?? 100;
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const claim = await claimBatch(db, now(), batchSize);
    if (!claim) break;
    const { target, rows } = claim;
    const stored = await db
      .select({ id: xapiStatements.id, statement: xapiStatements.statement })
      .from(xapiStatements)
      .where(
        and(
          eq(xapiStatements.organizationId, target.organizationId),
          inArray(
            xapiStatements.id,
            rows.map((r) => r.statementId),
          ),
        ),
      );
    const byId = new Map(stored.map((s) => [s.id, s.statement as unknown as XapiStatement]));
    // A statement no longer stored has nothing to send.
    const gone = rows.filter((r) => !byId.has(r.statementId));
    if (gone.length > 0)
      await db.delete(xapiForwardOutbox).where(
        inArray(
          xapiForwardOutbox.seq,
          gone.map((r) => r.seq),
        ),
      );
    const present = rows.filter((r) => byId.has(r.statementId));
    const outcome = await send(
      target,
      present.map((r) => byId.get(r.statementId)!),
      options,
    );
    if (outcome.kind === "refused" && present.length > 1) {
      // One statement the LRS will not take refuses the whole batch: find it by sending each alone.
      for (const row of present) {
        const alone = await send(target, [byId.get(row.statementId)!], options);
        await settle(db, now(), target, [row], alone, options, report);
      }
    } else {
      await settle(db, now(), target, present, outcome, options, report);
    }
  }
  return report;
}

/** Claims the due rows of one organization (the one whose oldest row is due first), skipping rows another worker holds. */
async function claimBatch(
  db: Database,
  now: Date,
  batchSize: number,
): Promise<{ target: Target; rows: Claimed[] } | null> {
  const due = and(
    eq(xapiForwardOutbox.status, "pending"),
    lte(xapiForwardOutbox.nextAttemptAt, now),
    or(isNull(xapiForwardOutbox.claimedUntil), lte(xapiForwardOutbox.claimedUntil, now)),
  );
  return db.transaction(async (tx) => {
    const [first] = await tx
      .select({ target: xapiForwardTargets })
      .from(xapiForwardOutbox)
      .innerJoin(xapiForwardTargets, eq(xapiForwardTargets.organizationId, xapiForwardOutbox.organizationId))
      .where(and(due, eq(xapiForwardTargets.paused, false)))
      .orderBy(asc(xapiForwardOutbox.seq))
      .limit(1);
    if (!first) return null;
    const target = first.target;
    const rows = await tx
      .select({
        seq: xapiForwardOutbox.seq,
        statementId: xapiForwardOutbox.statementId,
        attempts: xapiForwardOutbox.attempts,
      })
      .from(xapiForwardOutbox)
      .where(and(due, eq(xapiForwardOutbox.organizationId, target.organizationId)))
      .orderBy(asc(xapiForwardOutbox.seq))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return null;
    await tx
      .update(xapiForwardOutbox)
      .set({ claimedUntil: new Date(now.getTime() + 5 * 60_000) })
      .where(
        inArray(
          xapiForwardOutbox.seq,
          rows.map((r) => r.seq),
        ),
      );
    return { target, rows };
  });
}

/** The statement as the external LRS should receive it: it assigns `stored` and `authority` itself. */
function forTarget(statement: XapiStatement, version: string): XapiStatement {
  const { stored: _stored, authority: _authority, ...sent } = statement;
  return { ...sent, version: version === "1.0.3" ? "1.0.3" : "2.0.0" };
}

async function send(target: Target, statements: XapiStatement[], options: ForwardOptions): Promise<Outcome> {
  if (statements.length === 0) return { kind: "sent" };
  const url = `${target.endpoint.replace(/\/+$/, "")}/statements`;
  try {
    const res = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-experience-api-version": target.xapiVersion,
        authorization: `Basic ${Buffer.from(`${target.username}:${target.password}`).toString("base64")}`,
      },
      body: JSON.stringify(statements.map((s) => forTarget(s, target.xapiVersion))),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = res.ok ? "" : (await res.text().catch(() => "")).slice(0, 500);
    if (!res.ok) await res.body?.cancel().catch(() => undefined);
    if (res.ok) return { kind: "sent" };
    const reason = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers.get("retry-after"));
      return {
        kind: "retry",
        reason,
        retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : null,
      };
    }
    return { kind: "refused", reason };
  } catch (error) {
    return {
      kind: "retry",
      reason: `No answer from ${url}: ${(error as Error).message}`,
      retryAfterMs: null,
    };
  }
}

async function settle(
  db: Database,
  now: Date,
  target: Target,
  rows: Claimed[],
  outcome: Outcome,
  options: ForwardOptions,
  report: ForwardReport,
): Promise<void> {
  if (rows.length === 0) return;
  const seqs = rows.map((r) => r.seq);
  await db.transaction(async (tx) => {
    if (outcome.kind === "sent") {
      await tx.delete(xapiForwardOutbox).where(inArray(xapiForwardOutbox.seq, seqs));
      await tx
        .update(xapiForwardTargets)
        .set({
          sentCount: sql`${xapiForwardTargets.sentCount} + ${rows.length}`,
          lastSentAt: now,
          lastError: null,
          lastErrorAt: null,
        })
        .where(eq(xapiForwardTargets.organizationId, target.organizationId));
      report.sent += rows.length;
      return;
    }
    if (outcome.kind === "retry") {
      // Rows of one batch share their attempts count closely; each keeps its own.
      const base = options.baseDelayMs ?? 1000;
      const max = options.maxDelayMs ?? 3_600_000;
      for (const row of rows) {
        const delay = outcome.retryAfterMs ?? Math.min(max, base * 2 ** row.attempts);
        await tx
          .update(xapiForwardOutbox)
          .set({
            attempts: row.attempts + 1,
            nextAttemptAt: new Date(now.getTime() + delay),
            claimedUntil: null,
            lastError: outcome.reason,
            lastAttemptAt: now,
          })
          .where(eq(xapiForwardOutbox.seq, row.seq));
      }
      report.retrying += rows.length;
    } else {
      await tx
        .update(xapiForwardOutbox)
        .set({
          status: "failed",
          attempts: sql`${xapiForwardOutbox.attempts} + 1`,
          claimedUntil: null,
          lastError: outcome.reason,
          lastAttemptAt: now,
        })
        .where(inArray(xapiForwardOutbox.seq, seqs));
      report.failed += rows.length;
    }
    await tx
      .update(xapiForwardTargets)
      .set({ lastError: outcome.reason, lastErrorAt: now })
      .where(eq(xapiForwardTargets.organizationId, target.organizationId));
  });
}
