/**
 * What the LMS side of cmi5 writes into Pathwise's own LRS: its statements (launched, satisfied,
 * abandoned, waived) and the LMS.LaunchData state document. They are stored through the LRS's own
 * use-cases, as one LRS client per organization — "cmi5 launches (Pathwise)" — so they are
 * validated, indexed and turned into evidence exactly like any other client's. An administrator
 * who revokes that client switches cmi5 launching off.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import {
  agentKey,
  buildCmi5Statement,
  type Cmi5StatementInput,
  type XapiActor,
  type XapiStatement,
} from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { AppError, forbidden } from "../shared/errors.js";
import { hashSecret } from "../xapi/clients.js";
import { saveDocument } from "../xapi/documents.js";
import type { LrsClient, LrsCtx } from "../xapi/lrs-context.js";
import { xapiClients } from "../xapi/schema.js";
import { storeStatements } from "../xapi/store-statements.js";
import { LAUNCHER_CLIENT_NAME, launcherClientKey } from "./identifiers.js";

/** The LRS context the launcher writes with (inside the caller's transaction). */
export async function launcherContext(
  tx: Database,
  organizationId: string,
  now: () => Date,
): Promise<LrsCtx> {
  return { db: tx, client: await launcherClient(tx, organizationId), now, version: "1.0.3" };
}

/** The organization's launcher client, created on first use; refused when an admin revoked it. */
export async function launcherClient(db: Database, organizationId: string): Promise<LrsClient> {
  const key = launcherClientKey(organizationId);
  const find = () => db.select().from(xapiClients).where(eq(xapiClients.key, key));
  let [row] = await find();
  if (!row) {
    // Nobody ever authenticates as the launcher: its secret is thrown away.
    await db
      .insert(xapiClients)
      .values({
        organizationId,
        name: LAUNCHER_CLIENT_NAME,
        key,
        secretHash: hashSecret(randomBytes(32).toString("base64url")),
        scopes: ["read", "write"],
      })
      .onConflictDoNothing();
    [row] = await find();
  }
  if (!row || row.organizationId !== organizationId)
    throw new AppError("internal", "No cmi5 launcher client.");
  if (row.revokedAt) {
    throw forbidden(
      `cmi5 launching is switched off: an administrator revoked the LRS client "${LAUNCHER_CLIENT_NAME}".`,
    );
  }
  return { id: row.id, organizationId, name: row.name, key: row.key, scopes: row.scopes };
}

type LmsStatement = Cmi5StatementInput extends infer T
  ? T extends unknown
    ? Omit<T, "id" | "timestamp">
    : never
  : never;

/** Builds the LMS's cmi5 statements (ids and timestamps assigned) and stores them, in order. */
export async function recordLmsStatements(
  tx: Database,
  organizationId: string,
  now: () => Date,
  inputs: readonly LmsStatement[],
): Promise<XapiStatement[]> {
  if (inputs.length === 0) return [];
  const timestamp = now().toISOString();
  const statements = inputs.map((input) => {
    const built = buildCmi5Statement({ ...input, id: randomUUID(), timestamp } as Cmi5StatementInput);
    if (!built.ok) {
      throw new AppError(
        "internal",
        `The LMS built an invalid cmi5 ${input.verb} statement: ${built.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`,
      );
    }
    return built.value;
  });
  await storeStatements(await launcherContext(tx, organizationId, now), { body: statements });
  return statements;
}

export const LAUNCH_DATA_STATE_ID = "LMS.LaunchData";

/** Writes LMS.LaunchData for a session (replacing the previous launch's). */
export async function writeLaunchData(
  tx: Database,
  organizationId: string,
  now: () => Date,
  where: { activityId: string; actor: XapiActor; registration: string },
  launchData: object,
): Promise<void> {
  const ctx = await launcherContext(tx, organizationId, now);
  await saveDocument(
    ctx,
    "state",
    {
      activityId: where.activityId,
      agentKey: agentKey(where.actor)!,
      registration: where.registration.toLowerCase(),
      documentId: LAUNCH_DATA_STATE_ID,
      since: null,
    },
    {
      contentType: "application/json",
      content: new TextEncoder().encode(JSON.stringify(launchData)),
      merge: false,
    },
    {},
  );
}
