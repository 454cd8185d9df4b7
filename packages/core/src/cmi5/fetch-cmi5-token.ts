/**
 * The fetch URL (cmi5 §8.2): the AU POSTs to it once and receives the authorization token for the
 * LRS — HTTP Basic credentials valid for its session only. Any later request, or one after the
 * session ended or `FETCH_URL_LIFETIME_MS` after the launch, gets error-code 1; a URL that names no
 * session of ours, or with the wrong secret, error-code 2. Always status 200 with JSON (§8.2.2).
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { cmi5FetchResponse, isXapiUuid, type Cmi5FetchResponse } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { hashSecret, secretMatches } from "../xapi/clients.js";
import { SESSION_KEY_PREFIX } from "./identifiers.js";
import { cmi5Sessions } from "./schema.js";

/** A fetch URL not used within this time after its launch no longer gives a token. */
export const FETCH_URL_LIFETIME_MS = 60 * 60 * 1000;

export async function fetchCmi5AuthToken(
  db: Database,
  now: () => Date,
  request: { sessionId: string; secret: string },
): Promise<Cmi5FetchResponse> {
  if (!isXapiUuid(request.sessionId)) return cmi5FetchResponse({ error: "security" });
  return db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(cmi5Sessions)
      .where(eq(cmi5Sessions.id, request.sessionId.toLowerCase()))
      .for("update");
    if (!session || !secretMatches(request.secret, session.fetchSecretHash))
      return cmi5FetchResponse({ error: "security" });
    const at = now();
    if (
      session.tokenIssuedAt !== null ||
      session.ended !== null ||
      at.getTime() - session.launchedAt.getTime() > FETCH_URL_LIFETIME_MS
    )
      return cmi5FetchResponse({ error: "already-used" });
    const secret = randomBytes(32).toString("base64url");
    await tx
      .update(cmi5Sessions)
      .set({ tokenSecretHash: hashSecret(secret), tokenIssuedAt: at })
      .where(eq(cmi5Sessions.id, session.id));
    const token = Buffer.from(`${SESSION_KEY_PREFIX}${session.id}:${secret}`, "utf8").toString("base64");
    return cmi5FetchResponse({ token });
  });
}
