/** Small builders for tests: an organization, people with roles, classes and their links. */
import { randomUUID } from "node:crypto";
import type { Database } from "../db/open-database.js";
import { hashPassword } from "../identity/passwords.js";
import { organizations, sessions, userRoles, users, type Role } from "../identity/schema.js";
import { newSessionToken, sessionIdOf } from "../identity/tokens.js";
import {
  classes,
  enrollments,
  guardianships,
  schools,
  terms,
  type EnrollmentRole,
} from "../roster/schema.js";
import type { Actor, SignedInCtx } from "../shared/context.js";

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | null = null;

export async function buildOrganization(db: Database, name = "Test District") {
  const [org] = await db
    .insert(organizations)
    .values({ name, slug: `org-${randomUUID().slice(0, 8)}` })
    .returning();
  const [school] = await db
    .insert(schools)
    .values({ organizationId: org!.id, name: `${name} School` })
    .returning();
  const [term] = await db
    .insert(terms)
    .values({
      organizationId: org!.id,
      schoolId: school!.id,
      name: "Fall",
      startsOn: "2026-08-24",
      endsOn: "2026-12-18",
    })
    .returning();
  return { organization: org!, school: school!, term: term! };
}

export async function buildUser(
  db: Database,
  organizationId: string,
  roles: Role[],
  fields: Partial<{
    givenName: string;
    familyName: string;
    email: string;
    grade: string;
    disabledAt: Date;
  }> = {},
) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const givenName = fields.givenName ?? "Test";
  const familyName = fields.familyName ?? `Person ${randomUUID().slice(0, 6)}`;
  const [user] = await db
    .insert(users)
    .values({
      organizationId,
      givenName,
      familyName,
      email: fields.email ?? `${randomUUID().slice(0, 12)}@example.test`,
      grade: fields.grade ?? null,
      disabledAt: fields.disabledAt ?? null,
      passwordHash: await cachedHash,
    })
    .returning();
  await db.insert(userRoles).values(roles.map((role) => ({ organizationId, userId: user!.id, role })));
  return user!;
}

export function actorOf(
  user: { id: string; organizationId: string; givenName: string; familyName: string; locale: string },
  roles: Role[],
): Actor {
  return {
    userId: user.id,
    organizationId: user.organizationId,
    roles,
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
  };
}

export async function buildClass(
  db: Database,
  place: { organization: { id: string }; school: { id: string }; term: { id: string } },
  fields: Partial<{ name: string; grade: string; frameworkId: string }> = {},
) {
  const [klass] = await db
    .insert(classes)
    .values({
      organizationId: place.organization.id,
      schoolId: place.school.id,
      termId: place.term.id,
      name: fields.name ?? `Class ${randomUUID().slice(0, 4)}`,
      grade: fields.grade ?? null,
      frameworkId: fields.frameworkId ?? null,
    })
    .returning();
  return klass!;
}

export async function enroll(
  db: Database,
  klass: { id: string; organizationId: string },
  userId: string,
  role: EnrollmentRole,
) {
  await db
    .insert(enrollments)
    .values({ organizationId: klass.organizationId, classId: klass.id, userId, role });
}

export async function linkGuardian(
  db: Database,
  organizationId: string,
  guardianId: string,
  learnerId: string,
  relationship = "mother",
) {
  await db.insert(guardianships).values({ organizationId, guardianId, learnerId, relationship });
}

/** A signed-in session for a user, without the cost of a password check (tests only). */
export async function sessionFor(
  db: Database,
  user: { id: string; organizationId: string },
  now = new Date(),
): Promise<string> {
  const token = newSessionToken();
  await db.insert(sessions).values({
    id: sessionIdOf(token),
    organizationId: user.organizationId,
    userId: user.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 3_600_000),
  });
  return token;
}

/** A signed-in use-case context for `user` with `roles`, on the test's clock. */
export function contextOf(
  db: Database,
  user: Parameters<typeof actorOf>[0],
  roles: Role[],
  now: () => Date,
): SignedInCtx {
  return { db, actor: actorOf(user, roles), now };
}
