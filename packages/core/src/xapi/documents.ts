/**
 * The document resources of the LRS — State (per activity, agent and optional registration),
 * Activity Profile and Agent Profile — with optimistic concurrency: each document's ETag is the
 * SHA-1 of its content; If-Match / If-None-Match are honoured (412 when they do not hold), and a
 * PUT over an existing profile (and, in xAPI 2.0, State) document without either is refused (409)
 * so that nobody overwrites blindly.
 * POST merges JSON objects into a stored JSON object (Communication 2.2.3 / 2.0 §4.1.6.7).
 */
import { createHash } from "node:crypto";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import {
  agentKey,
  isXapiIri,
  isXapiUuid,
  parseAgentParameter,
  xapiTimestampProblem,
  type XapiValidationError,
} from "@pathwise/standards";
import { AppError, notFound } from "../shared/errors.js";
import type { DocumentAddress, LrsCtx } from "./lrs-context.js";
import { authorizeClient } from "./policies.js";
import { xapiDocuments, type XapiDocumentKind } from "./schema.js";
import { invalid } from "./store-statements.js";

/** Which parameters each resource takes, and the name of its document id parameter. */
const RESOURCES: Record<
  XapiDocumentKind,
  { activity: boolean; agent: boolean; registration: boolean; idParameter: "stateId" | "profileId" }
> = {
  state: { activity: true, agent: true, registration: true, idParameter: "stateId" },
  activity_profile: { activity: true, agent: false, registration: false, idParameter: "profileId" },
  agent_profile: { activity: false, agent: true, registration: false, idParameter: "profileId" },
};

export interface StoredDocument {
  contentType: string;
  content: Uint8Array;
  etag: string;
  updated: Date;
}

export interface Preconditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/** Reads and checks a document request's query parameters. */
export function documentAddress(
  ctx: LrsCtx,
  kind: XapiDocumentKind,
  parameters: [string, string][],
  use: { requireId: boolean; allowSince: boolean },
): DocumentAddress {
  const resource = RESOURCES[kind];
  const errors: XapiValidationError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, code: "invalid", message });
  const known = new Set<string>([resource.idParameter]);
  if (resource.activity) known.add("activityId");
  if (resource.agent) known.add("agent");
  if (resource.registration) known.add("registration");
  if (use.allowSince) known.add("since");
  const values = new Map<string, string>();
  for (const [name, value] of parameters) {
    if (!known.has(name)) fail(name, "is not a parameter of this resource");
    else if (values.has(name)) fail(name, "must appear at most once");
    else values.set(name, value);
  }
  const address: DocumentAddress = {
    activityId: "",
    agentKey: "",
    registration: "",
    documentId: null,
    since: null,
  };
  if (resource.activity) {
    const activityId = values.get("activityId");
    if (activityId === undefined) fail("activityId", "is required");
    else if (!isXapiIri(activityId)) fail("activityId", "must be an absolute IRI");
    else address.activityId = activityId;
  }
  if (resource.agent) {
    const agent = values.get("agent");
    if (agent === undefined) fail("agent", "is required");
    else {
      const parsed = parseAgentParameter(agent, ctx.version, { allowGroup: false });
      if (parsed.ok) address.agentKey = agentKey(parsed.value)!;
      else errors.push(...parsed.errors);
    }
  }
  const registration = values.get("registration");
  if (registration !== undefined) {
    if (isXapiUuid(registration)) address.registration = registration.toLowerCase();
    else fail("registration", "must be a UUID");
  }
  const documentId = values.get(resource.idParameter);
  if (documentId !== undefined) address.documentId = documentId;
  else if (use.requireId) fail(resource.idParameter, "is required");
  const since = values.get("since");
  if (since !== undefined) {
    const problem = xapiTimestampProblem(since, { requireTimeZone: ctx.version === "2.0.0" });
    if (problem) fail("since", problem);
    else address.since = new Date(since);
  }
  if (errors.length > 0) throw invalid("The query parameters are not valid.", errors);
  return address;
}

function where(ctx: LrsCtx, kind: XapiDocumentKind, address: DocumentAddress): SQL {
  const conditions = [
    eq(xapiDocuments.organizationId, ctx.client.organizationId),
    eq(xapiDocuments.kind, kind),
    eq(xapiDocuments.activityId, address.activityId),
    eq(xapiDocuments.agentKey, address.agentKey),
  ];
  if (kind === "state") conditions.push(eq(xapiDocuments.registration, address.registration));
  if (address.documentId !== null) conditions.push(eq(xapiDocuments.documentId, address.documentId));
  return and(...conditions)!;
}

export async function getDocument(
  ctx: LrsCtx,
  kind: XapiDocumentKind,
  address: DocumentAddress,
): Promise<StoredDocument> {
  authorizeClient(ctx.client, "read");
  await ctx.session?.authorizeDocument(kind, address, "read");
  const [row] = await ctx.db
    .select()
    .from(xapiDocuments)
    .where(where(ctx, kind, address));
  if (!row) throw notFound("The document");
  return { contentType: row.contentType, content: row.content, etag: row.etag, updated: row.updated };
}

/** The ids of the documents at an address (optionally only those updated after `since`). */
export async function listDocumentIds(
  ctx: LrsCtx,
  kind: XapiDocumentKind,
  address: DocumentAddress,
): Promise<string[]> {
  authorizeClient(ctx.client, "read");
  await ctx.session?.authorizeDocument(kind, address, "read");
  const conditions = [where(ctx, kind, address)];
  if (address.since) conditions.push(gt(xapiDocuments.updated, address.since));
  const rows = await ctx.db
    .select({ documentId: xapiDocuments.documentId })
    .from(xapiDocuments)
    .where(and(...conditions))
    .orderBy(asc(xapiDocuments.documentId));
  return rows.map((row) => row.documentId);
}

/**
 * PUT (replace) or POST (merge) one document. Returns the new ETag.
 */
export async function saveDocument(
  ctx: LrsCtx,
  kind: XapiDocumentKind,
  address: DocumentAddress,
  document: { contentType: string; content: Uint8Array; merge: boolean },
  preconditions: Preconditions,
): Promise<string> {
  authorizeClient(ctx.client, "write");
  await ctx.session?.authorizeDocument(kind, address, "write", document);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(xapiDocuments)
      .where(where(ctx, kind, address))
      .for("update");
    checkPreconditions(existing?.etag ?? null, preconditions);
    const unconditional = preconditions.ifMatch === undefined && preconditions.ifNoneMatch === undefined;
    // xAPI 1.0.3 profiles: a PUT must say what it expects to replace, even when nothing is there yet.
    if (!existing && !document.merge && kind !== "state" && ctx.version === "1.0.3" && unconditional) {
      throw invalid("Send If-None-Match: * to create this profile (or If-Match with the ETag you replace).", [
        { path: "header.if-none-match", code: "required", message: "is required for a PUT of a profile" },
      ]);
    }
    if (
      existing &&
      !document.merge &&
      (kind !== "state" || ctx.version === "2.0.0") &&
      preconditions.ifMatch === undefined &&
      preconditions.ifNoneMatch === undefined
    ) {
      throw new AppError(
        "conflict",
        "This document exists: send If-Match with its ETag (or If-None-Match: *) to say what you are replacing.",
      );
    }
    let { contentType, content } = document;
    if (document.merge) {
      const incoming = jsonObject(contentType, content);
      if (!incoming) {
        throw invalid("Only JSON objects can be merged (POST); use PUT to store other content.", [
          {
            path: "body",
            code: "not_json_object",
            message: "must be a JSON object sent as application/json",
          },
        ]);
      }
      if (existing) {
        const stored = jsonObject(existing.contentType, existing.content);
        if (!stored) {
          throw invalid("The stored document is not a JSON object, so nothing can be merged into it.", [
            { path: "body", code: "not_json_object", message: "the stored document is not JSON" },
          ]);
        }
        content = new TextEncoder().encode(JSON.stringify({ ...stored, ...incoming }));
        contentType = "application/json";
      }
    }
    const etag = createHash("sha1").update(content).digest("hex");
    await tx
      .insert(xapiDocuments)
      .values({
        organizationId: ctx.client.organizationId,
        kind,
        activityId: address.activityId,
        agentKey: address.agentKey,
        registration: kind === "state" ? address.registration : "",
        documentId: address.documentId!,
        contentType,
        content,
        etag,
        updated: now,
      })
      .onConflictDoUpdate({
        target: [
          xapiDocuments.organizationId,
          xapiDocuments.kind,
          xapiDocuments.activityId,
          xapiDocuments.agentKey,
          xapiDocuments.registration,
          xapiDocuments.documentId,
        ],
        set: { contentType, content, etag, updated: now },
      });
    return etag;
  });
}

/** DELETE one document, or (State, without stateId) every state document at the address. */
export async function deleteDocuments(
  ctx: LrsCtx,
  kind: XapiDocumentKind,
  address: DocumentAddress,
  preconditions: Preconditions,
): Promise<void> {
  authorizeClient(ctx.client, "write");
  await ctx.session?.authorizeDocument(kind, address, "delete");
  await ctx.db.transaction(async (tx) => {
    if (address.documentId !== null) {
      const [existing] = await tx
        .select()
        .from(xapiDocuments)
        .where(where(ctx, kind, address))
        .for("update");
      checkPreconditions(existing?.etag ?? null, preconditions);
    }
    await tx.delete(xapiDocuments).where(where(ctx, kind, address));
  });
}

function checkPreconditions(current: string | null, preconditions: Preconditions) {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined && (current === null || !etagListHas(ifMatch, current))) {
    throw new AppError(
      "precondition_failed",
      "The document changed (or does not exist): If-Match does not hold.",
    );
  }
  if (ifNoneMatch !== undefined && current !== null && etagListHas(ifNoneMatch, current)) {
    throw new AppError("precondition_failed", "The document exists: If-None-Match does not hold.");
  }
}

function etagListHas(header: string, etag: string): boolean {
  return header.split(",").some((value) => {
    const tag = value.trim().replace(/^W\//, "");
    return tag === "*" || tag.replace(/^"(.*)"$/, "$1").toLowerCase() === etag;
  });
}

function jsonObject(contentType: string, content: Uint8Array): Record<string, unknown> | null {
  if (!/^application\/json\b/i.test(contentType.trim())) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(content));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
