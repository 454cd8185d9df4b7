/**
 * LRS credentials: an admin issues a client (a name, scopes) and receives its key and secret once;
 * the LRS authenticates HTTP Basic credentials against them; an admin lists and revokes clients.
 * Secrets are 32 random bytes kept only as SHA-256 digests.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import type { Ctx } from "../shared/context.js";
import { notFound, unauthenticated } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import type { LrsClient } from "./lrs-context.js";
import { authorizeAdministration } from "./policies.js";
import { xapiClients, xapiScopeEnum } from "./schema.js";

export const IssueXapiClientInput = z.object({
  name: z.string().trim().min(1, "Give the client a name.").max(200),
  scopes: z
    .array(z.enum(xapiScopeEnum.enumValues))
    .min(1, "Choose at least one scope: read, write.")
    .transform((scopes) => [...new Set(scopes)]),
});
export type IssueXapiClientInput = z.input<typeof IssueXapiClientInput>;

export interface XapiClientSummary {
  id: string;
  name: string;
  key: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
}

export interface IssuedXapiClient extends XapiClientSummary {
  /** Shown once: only its digest is kept. */
  secret: string;
}

/** SHA-256 hex of an LRS secret: what is kept of it. */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Whether `secret` is the one whose digest was kept (constant time). */
export function secretMatches(secret: string, keptHash: string | null | undefined): boolean {
  const expected = Buffer.from(keptHash ?? hashSecret(""), "hex");
  const actual = Buffer.from(hashSecret(secret), "hex");
  const equal = timingSafeEqual(expected, actual);
  return keptHash !== null && keptHash !== undefined && equal;
}

/** The user name and password of an `Authorization: Basic …` header, or null when it is not one. */
export function parseBasicCredentials(
  authorization: string | undefined,
): { key: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export const refuseLrsCredentials = () =>
  unauthenticated("Send the LRS key and secret an administrator issued, as HTTP Basic credentials.");

export async function issueXapiClient(ctx: Ctx, raw: unknown): Promise<IssuedXapiClient> {
  authorizeAdministration(ctx.actor, "manage-clients");
  const actor = ctx.actor;
  const input = parseInput(IssueXapiClientInput, raw, "body");
  const key = `lrs_${randomBytes(12).toString("base64url")}`;
  const secret = randomBytes(32).toString("base64url");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(xapiClients)
      .values({
        organizationId: actor.organizationId,
        name: input.name,
        key,
        secretHash: hashSecret(secret),
        scopes: input.scopes,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "xapi_client.issue",
      subjectType: "xapi_client",
      subjectId: row!.id,
      details: { name: input.name, scopes: input.scopes },
      at: now,
    });
    return { ...summary(row!), secret };
  });
}

export async function listXapiClients(ctx: Ctx): Promise<XapiClientSummary[]> {
  authorizeAdministration(ctx.actor, "manage-clients");
  const rows = await ctx.db
    .select()
    .from(xapiClients)
    .where(eq(xapiClients.organizationId, ctx.actor.organizationId))
    .orderBy(asc(xapiClients.createdAt), asc(xapiClients.id));
  return rows.map(summary);
}

export async function revokeXapiClient(ctx: Ctx, clientId: string): Promise<XapiClientSummary> {
  authorizeAdministration(ctx.actor, "manage-clients");
  const actor = ctx.actor;
  if (!z.uuid().safeParse(clientId).success) throw notFound("The LRS client");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(xapiClients)
      .set({ revokedAt: now })
      .where(
        and(
          eq(xapiClients.id, clientId),
          eq(xapiClients.organizationId, actor.organizationId),
          isNull(xapiClients.revokedAt),
        ),
      )
      .returning();
    if (!row) throw notFound("An active LRS client with this id");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "xapi_client.revoke",
      subjectType: "xapi_client",
      subjectId: row.id,
      at: now,
    });
    return summary(row);
  });
}

/** The client an `Authorization: Basic …` header names, or a 401 for anything else. */
export async function authenticateXapiClient(
  db: Database,
  authorization: string | undefined,
): Promise<LrsClient> {
  const credentials = parseBasicCredentials(authorization);
  if (!credentials) throw refuseLrsCredentials();
  const [row] = await db
    .select()
    .from(xapiClients)
    .where(and(eq(xapiClients.key, credentials.key), isNull(xapiClients.revokedAt)));
  if (!row || !secretMatches(credentials.secret, row.secretHash)) throw refuseLrsCredentials();
  return { id: row.id, organizationId: row.organizationId, name: row.name, key: row.key, scopes: row.scopes };
}

function summary(row: typeof xapiClients.$inferSelect): XapiClientSummary {
  return {
    id: row.id,
    name: row.name,
    key: row.key,
    scopes: row.scopes,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
