/** End a session: the cookie's token stops working at once, on every server process. */
import { eq } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { sessions } from "./schema.js";
import { sessionIdOf } from "./tokens.js";

export async function signOut(deps: { db: Database }, token: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.id, sessionIdOf(token)));
}
