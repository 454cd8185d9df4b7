/** Who is behind a session cookie, or null when the token is unknown, expired or the account disabled. */
import type { Database } from "../db/open-database.js";
import type { Actor } from "../shared/context.js";
import { actorForSession } from "./repository.js";
import { sessionIdOf } from "./tokens.js";

export async function resolveSession(
  deps: { db: Database; now: () => Date },
  token: string | undefined | null,
): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  return actorForSession(deps.db, sessionIdOf(token), deps.now());
}
