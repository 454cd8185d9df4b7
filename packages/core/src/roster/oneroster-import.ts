/**
 * OneRoster 1.2 CSV import (bulk or delta), by an admin: a zip as the SIS exports it, or its files.
 *
 * Mapping: `orgs` of type school → schools (the district is the organization itself);
 * `academicSessions` → a term of each school whose classes use it; `classes` → classes (grade from
 * the class, else its course); `users` with their `roles` → people (student → learner,
 * teacher/aide/proctor → teacher, administrators → admin, parent/guardian/relative → guardian);
 * `enrollments` → enrollments (a non-primary teacher is a co-teacher); a student's `agentSourcedIds`
 * naming a guardian → guardianships. Records marked `tobedeleted` remove the enrollment or
 * guardianship, and disable the person.
 *
 * Every sourcedId is remembered per source system (`external_ids`), so importing the same roster
 * again updates what it created and duplicates nothing. People without an email get a reserved
 * address (`<sourcedId>.<organization>@roster.invalid`) that cannot receive mail; they sign in once an
 * admin sets their email and password. Passwords in the file are ignored unless the admin asks for
 * them to be imported. A file with errors imports nothing and the answer lists every error with its
 * file, row and column. All of the import is one transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import { unzipSync, strFromU8 } from "fflate";
import { parseOneRosterBulk, type OneRosterBulk } from "@pathwise/standards";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { organizations, userRoles, users, type Role } from "../identity/schema.js";
import { hashPassword } from "../identity/passwords.js";
import { applyDefaultAccommodations } from "../learners/accommodations.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertAdmin } from "../shared/admin.js";
import { classes, enrollments, externalIds, guardianships, schools, terms } from "./schema.js";

/** A roster archive larger than this is refused. */
export const MAX_ROSTER_BYTES = 100 * 1024 * 1024;

export const OneRosterFilesInput = z.object({
  files: z
    .record(z.string().regex(/\.csv$/i, "Each file name ends in .csv."), z.string())
    .refine((files) => Object.keys(files).some((name) => /(^|\/)manifest\.csv$/i.test(name)), {
      message: "A OneRoster set needs its manifest.csv.",
    }),
  importPasswords: z.boolean().default(false),
});

export interface RosterImportSummary {
  source: string;
  schools: { created: number; updated: number };
  terms: { created: number; updated: number };
  classes: { created: number; updated: number };
  people: { created: number; updated: number; disabled: number };
  enrollments: { upserted: number; removed: number };
  guardianships: { upserted: number; removed: number };
  skipped: { file: string; sourcedId: string; reason: string }[];
  warnings: { file: string; row: number | null; column: string | null; message: string }[];
}

/** The CSV files of a zip (directory prefixes dropped), or a clear error. */
export function filesOfZip(bytes: Uint8Array): Record<string, string> {
  if (bytes.byteLength > MAX_ROSTER_BYTES)
    throw new AppError("validation_failed", "The roster archive is too large.", [
      { path: "body", message: "The archive is larger than 100 MB." },
    ]);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => /\.csv$/i.test(f.name) });
  } catch (error) {
    throw new AppError("validation_failed", "This is not a zip archive we can read.", [
      { path: "body", message: (error as Error).message },
    ]);
  }
  const files: Record<string, string> = {};
  for (const [name, data] of Object.entries(entries)) files[name.split("/").pop()!] = strFromU8(data);
  return files;
}

const ROLE_MAP: Record<string, Role | undefined> = {
  student: "learner",
  teacher: "teacher",
  aide: "teacher",
  proctor: "teacher",
  districtAdministrator: "admin",
  siteAdministrator: "admin",
  systemAdministrator: "admin",
  principal: "admin",
  parent: "guardian",
  guardian: "guardian",
  relative: "guardian",
};

type Kind = "school" | "term" | "class" | "user";

export async function importOneRoster(ctx: SignedInCtx, raw: unknown): Promise<RosterImportSummary> {
  assertAdmin(ctx);
  const input = parseInput(OneRosterFilesInput, raw, "body");
  const bulk = parseOneRosterBulk(input.files);
  if (!bulk.ok || !bulk.manifest)
    throw new AppError(
      "validation_failed",
      `The roster has ${bulk.errors.length} error(s); nothing was imported.`,
      bulk.errors.slice(0, 200).map((e) => ({
        path: `files.${e.file}${e.row ? `[row ${e.row}]` : ""}${e.column ? `.${e.column}` : ""}`,
        message: e.message,
      })),
    );
  const passwords = new Map<string, string>();
  if (input.importPasswords)
    for (const u of bulk.records.users)
      if (u.password && u.password.length >= 8) passwords.set(u.sourcedId, await hashPassword(u.password));
  return ctx.db.transaction((tx) => apply(tx, ctx, bulk, passwords));
}

async function apply(
  tx: Database,
  ctx: SignedInCtx,
  bulk: OneRosterBulk,
  passwords: Map<string, string>,
): Promise<RosterImportSummary> {
  const orgId = ctx.actor.organizationId;
  const system = `oneroster:${bulk.manifest!.sourceSystemCode ?? bulk.manifest!.sourceSystemName ?? "unnamed"}`;
  const records = bulk.records;
  const summary: RosterImportSummary = {
    source: system,
    schools: { created: 0, updated: 0 },
    terms: { created: 0, updated: 0 },
    classes: { created: 0, updated: 0 },
    people: { created: 0, updated: 0, disabled: 0 },
    enrollments: { upserted: 0, removed: 0 },
    guardianships: { upserted: 0, removed: 0 },
    skipped: [],
    warnings: bulk.warnings.map((w) => ({ file: w.file, row: w.row, column: w.column, message: w.message })),
  };
  const [org] = await tx
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(eq(organizations.id, orgId));

  const known = new Map<string, string>();
  const mapped = await tx
    .select()
    .from(externalIds)
    .where(and(eq(externalIds.organizationId, orgId), eq(externalIds.system, system)));
  for (const m of mapped) known.set(`${m.kind}:${m.externalId}`, m.internalId);
  const idOf = (kind: Kind, externalId: string) => known.get(`${kind}:${externalId}`);
  const remember = async (kind: Kind, externalId: string, internalId: string) => {
    known.set(`${kind}:${externalId}`, internalId);
    await tx
      .insert(externalIds)
      .values({ organizationId: orgId, system, kind, externalId, internalId })
      .onConflictDoNothing();
  };
  const skip = (file: string, sourcedId: string, reason: string) =>
    summary.skipped.push({ file, sourcedId, reason });

  // Schools.
  for (const o of records.orgs) {
    if (o.type !== "school") continue;
    const existing = idOf("school", o.sourcedId);
    if (existing) {
      await tx.update(schools).set({ name: o.name }).where(eq(schools.id, existing));
      summary.schools.updated++;
    } else {
      const [row] = await tx.insert(schools).values({ organizationId: orgId, name: o.name }).returning();
      await remember("school", o.sourcedId, row!.id);
      summary.schools.created++;
    }
  }

  // Terms: one per (session, school) that a class uses.
  const sessions = new Map(records.academicSessions.map((s) => [s.sourcedId, s]));
  const termFor = async (sessionId: string, schoolId: string, schoolSourcedId: string) => {
    const key = `${sessionId}@${schoolSourcedId}`;
    const session = sessions.get(sessionId);
    const existing = idOf("term", key);
    if (existing && !session) return existing;
    if (!session) return undefined;
    const values = { name: session.title, startsOn: session.startDate, endsOn: session.endDate };
    if (existing) {
      await tx.update(terms).set(values).where(eq(terms.id, existing));
      summary.terms.updated++;
      return existing;
    }
    const [row] = await tx
      .insert(terms)
      .values({ organizationId: orgId, schoolId, ...values })
      .returning();
    await remember("term", key, row!.id);
    summary.terms.created++;
    return row!.id;
  };

  // Classes.
  const courses = new Map(records.courses.map((c) => [c.sourcedId, c]));
  for (const c of records.classes) {
    const schoolId = idOf("school", c.schoolSourcedId);
    if (!schoolId) {
      skip("classes", c.sourcedId, `its school ${c.schoolSourcedId} is not in this roster or an earlier one`);
      continue;
    }
    const termId = await termFor(c.termSourcedIds[0] ?? "", schoolId, c.schoolSourcedId);
    if (!termId) {
      skip("classes", c.sourcedId, `its term ${c.termSourcedIds[0] ?? "(none)"} is not in this roster`);
      continue;
    }
    const grade = c.grades?.[0] ?? courses.get(c.courseSourcedId)?.grades?.[0] ?? null;
    const existing = idOf("class", c.sourcedId);
    if (existing) {
      await tx
        .update(classes)
        .set({ name: c.title, grade, schoolId, termId })
        .where(eq(classes.id, existing));
      summary.classes.updated++;
    } else {
      const [row] = await tx
        .insert(classes)
        .values({ organizationId: orgId, schoolId, termId, name: c.title, grade })
        .returning();
      await remember("class", c.sourcedId, row!.id);
      summary.classes.created++;
    }
  }

  // People and their roles.
  const rolesByUser = new Map<string, Set<Role>>();
  const newLearners: string[] = [];
  for (const r of records.roles) {
    const role = ROLE_MAP[r.role];
    if (!role || r.status === "tobedeleted") continue;
    rolesByUser.set(r.userSourcedId, (rolesByUser.get(r.userSourcedId) ?? new Set()).add(role));
  }
  for (const e of records.enrollments) {
    const role = ROLE_MAP[e.role];
    if (role && e.status !== "tobedeleted")
      rolesByUser.set(e.userSourcedId, (rolesByUser.get(e.userSourcedId) ?? new Set()).add(role));
  }
  for (const u of records.users) {
    const roles = [...(rolesByUser.get(u.sourcedId) ?? [])];
    const disabled = u.status === "tobedeleted" || !u.enabledUser;
    const existing = idOf("user", u.sourcedId);
    const email =
      u.email && /^[^\s@]+@[^\s@]+$/.test(u.email)
        ? u.email
        : `${u.sourcedId.toLowerCase().replaceAll(/[^a-z0-9._-]/g, "-")}.${org!.slug}@roster.invalid`;
    const fields = {
      givenName: u.preferredGivenName || u.givenName,
      familyName: u.preferredFamilyName || u.familyName,
      grade: u.grades?.[0] ?? null,
      disabledAt: disabled ? ctx.now() : null,
    };
    let userId = existing;
    if (userId) {
      await tx
        .update(users)
        .set(fields)
        .where(and(eq(users.id, userId), eq(users.organizationId, orgId)));
      summary.people.updated++;
    } else {
      const [clash] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = lower(${email})`);
      if (clash) {
        skip("users", u.sourcedId, `the email ${email} already belongs to someone else`);
        continue;
      }
      const [row] = await tx
        .insert(users)
        .values({ organizationId: orgId, email, ...fields, passwordHash: passwords.get(u.sourcedId) ?? null })
        .returning({ id: users.id });
      userId = row!.id;
      await remember("user", u.sourcedId, userId);
      summary.people.created++;
      if (roles.includes("learner")) newLearners.push(userId);
    }
    if (disabled) summary.people.disabled++;
    if (roles.length)
      await tx
        .insert(userRoles)
        .values(roles.map((role) => ({ organizationId: orgId, userId: userId!, role })))
        .onConflictDoNothing();
  }
  await applyDefaultAccommodations(tx, orgId, newLearners, ctx.now());

  // Enrollments.
  for (const e of records.enrollments) {
    const classId = idOf("class", e.classSourcedId);
    const userId = idOf("user", e.userSourcedId);
    if (!classId || !userId) {
      skip("enrollments", e.sourcedId, !classId ? "its class was not imported" : "its user was not imported");
      continue;
    }
    if (e.status === "tobedeleted") {
      await tx
        .delete(enrollments)
        .where(and(eq(enrollments.classId, classId), eq(enrollments.userId, userId)));
      summary.enrollments.removed++;
      continue;
    }
    const role =
      e.role === "student"
        ? "learner"
        : e.role === "teacher" && e.primary === false
          ? "co-teacher"
          : "teacher";
    if (!["student", "teacher", "aide", "proctor"].includes(e.role)) {
      skip("enrollments", e.sourcedId, `the role ${e.role} is not one a class has in Pathwise`);
      continue;
    }
    await tx
      .insert(enrollments)
      .values({ organizationId: orgId, classId, userId, role })
      .onConflictDoUpdate({ target: [enrollments.classId, enrollments.userId], set: { role } });
    summary.enrollments.upserted++;
  }

  // Guardianships from students' agents.
  const guardianIds = new Set(
    [...rolesByUser].filter(([, roles]) => roles.has("guardian")).map(([sourcedId]) => sourcedId),
  );
  for (const u of records.users) {
    const learnerId = idOf("user", u.sourcedId);
    if (!learnerId || !rolesByUser.get(u.sourcedId)?.has("learner")) continue;
    for (const agent of u.agentSourcedIds ?? []) {
      const guardianId = idOf("user", agent);
      if (!guardianId || !guardianIds.has(agent)) continue;
      if (u.status === "tobedeleted") {
        await tx
          .delete(guardianships)
          .where(and(eq(guardianships.guardianId, guardianId), eq(guardianships.learnerId, learnerId)));
        summary.guardianships.removed++;
      } else {
        await tx
          .insert(guardianships)
          .values({ organizationId: orgId, guardianId, learnerId, relationship: "legal_guardian" })
          .onConflictDoNothing();
        summary.guardianships.upserted++;
      }
    }
  }

  await recordAudit(tx, {
    organizationId: orgId,
    actorId: ctx.actor.userId,
    action: "roster.import",
    subjectType: "organization",
    subjectId: orgId,
    details: { ...summary, skipped: summary.skipped.length, warnings: summary.warnings.length },
    at: ctx.now(),
  });
  return summary;
}

/** The same import from a zip archive as the SIS exports it (checked for an admin before unzipping). */
export async function importOneRosterZip(
  ctx: SignedInCtx,
  bytes: Uint8Array,
  options: { importPasswords?: boolean } = {},
): Promise<RosterImportSummary> {
  assertAdmin(ctx);
  return importOneRoster(ctx, {
    files: filesOfZip(bytes),
    importPasswords: options.importPasswords ?? false,
  });
}
