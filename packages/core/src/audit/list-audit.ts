/**
 * The audit trail for an organization's admins: who changed what, when — newest first, filtered by
 * actor, action, subject or period, cursor-paged. Nobody else may read it.
 */
import { and, desc, eq, gte, lt, lte, or } from "drizzle-orm";
import { z } from "zod";
import { users } from "../identity/schema.js";
import type { SignedInCtx } from "../shared/context.js";
import { decodeCursor, PageInput, pageOf } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { assertAdmin } from "../shared/admin.js";
import { auditEvents } from "./schema.js";

export const ListAuditInput = PageInput.extend({
  actorId: z.uuid().optional(),
  action: z.string().trim().min(1).max(100).optional(),
  subjectType: z.string().trim().min(1).max(100).optional(),
  subjectId: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export async function listAuditEvents(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(ListAuditInput, raw, "query");
  const cursor = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      details: auditEvents.details,
      actorId: auditEvents.actorId,
      actorGivenName: users.givenName,
      actorFamilyName: users.familyName,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.organizationId, ctx.actor.organizationId),
        input.actorId ? eq(auditEvents.actorId, input.actorId) : undefined,
        input.action ? eq(auditEvents.action, input.action) : undefined,
        input.subjectType ? eq(auditEvents.subjectType, input.subjectType) : undefined,
        input.subjectId ? eq(auditEvents.subjectId, input.subjectId) : undefined,
        input.from ? gte(auditEvents.at, new Date(input.from)) : undefined,
        input.to ? lte(auditEvents.at, new Date(input.to)) : undefined,
        cursor
          ? or(
              lt(auditEvents.at, new Date(cursor.at)),
              and(eq(auditEvents.at, new Date(cursor.at)), lt(auditEvents.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (r) => r.at);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      subject: { type: r.subjectType, id: r.subjectId },
      actor: r.actorId
        ? { id: r.actorId, name: `${r.actorGivenName ?? ""} ${r.actorFamilyName ?? ""}`.trim() }
        : null,
      details: r.details,
    })),
  };
}
