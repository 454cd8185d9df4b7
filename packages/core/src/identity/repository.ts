/** Identity queries. Sign-in looks accounts up by email across organizations (emails are unique). */
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import type { Actor } from "../shared/context.js";
import { sessions, signInAttempts, userRoles, users, type Role } from "./schema.js";

export async function findUserByEmail(db: Database, email: string) {
  const rows = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return rows[0] ?? null;
}

export async function rolesOf(db: Database, userId: string): Promise<Role[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role).sort();
}

export async function recentFailures(
  db: Database,
  by: { emailKey: string } | { clientAddress: string },
  since: Date,
): Promise<number> {
  const who =
    "emailKey" in by
      ? eq(signInAttempts.emailKey, by.emailKey)
      : eq(signInAttempts.clientAddress, by.clientAddress);
  const [row] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(and(who, eq(signInAttempts.succeeded, false), gt(signInAttempts.attemptedAt, since)));
  return Number(row?.n ?? 0);
}

/** The person as an actor (for work done on their behalf later, e.g. a queued import); null when disabled or gone. */
export async function actorById(db: Database, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.disabledAt) return null;
  return {
    userId: user.id,
    organizationId: user.organizationId,
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
    roles: await rolesOf(db, user.id),
  };
}

export async function actorForSession(db: Database, sessionId: string, now: Date): Promise<Actor | null> {
  // Every request asks this: the user and their roles in one query.
  const rows = await db
    .select({
      userId: users.id,
      organizationId: users.organizationId,
      givenName: users.givenName,
      familyName: users.familyName,
      locale: users.locale,
      disabledAt: users.disabledAt,
      roles: sql<
        Role[] | string
      >`(select coalesce(json_agg(${userRoles.role}), '[]'::json) from ${userRoles} where ${userRoles.userId} = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .limit(1)
    // Named: the text never changes (the values are parameters), so each connection plans it once.
    .prepare("pw_actor_for_session")
    .execute();
  const row = rows[0];
  if (!row || row.disabledAt) return null;
  const { disabledAt: _disabled, roles, ...rest } = row;
  return { ...rest, roles: (typeof roles === "string" ? (JSON.parse(roles) as Role[]) : roles).sort() };
}
