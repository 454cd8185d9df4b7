/**
 * What every use-case receives: the database, who is acting, and the clock. The clock is passed in
 * so that tests and replays control time.
 */
import type { Database } from "../db/open-database.js";
import type { Role } from "../identity/schema.js";

export interface Actor {
  userId: string;
  organizationId: string;
  roles: Role[];
  givenName: string;
  familyName: string;
  locale: string;
}

export interface Ctx {
  db: Database;
  actor: Actor | null;
  now: () => Date;
}

export interface SignedInCtx extends Ctx {
  actor: Actor;
}
