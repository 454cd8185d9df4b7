/**
 * At-home notes: a school's advice to families on one competency — what to try at home, in plain
 * words. Staff of the school (teachers of one of its classes, and admins) write them; families read
 * them on their child's page (learners/help-at-home.ts). One note per school and competency; an
 * edit names the version it was based on (If-Match), and saving an empty note removes the advice
 * while keeping the version count going, so a stale edit is still recognised.
 */
import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { competencies, frameworks } from "../frameworks/schema.js";
import { users } from "../identity/schema.js";
import { classes, enrollments, schools } from "../roster/schema.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorizeHomeNote, canHomeNote } from "./policies.js";
import { competencyHomeNotes } from "./schema.js";

/** Long enough for a few concrete suggestions; a family reads it on a phone. */
export const MAX_HOME_NOTE_LENGTH = 2000;

export const HomeNoteInput = z.object({
  body: z
    .string()
    .trim()
    .max(MAX_HOME_NOTE_LENGTH, `Keep the note under ${MAX_HOME_NOTE_LENGTH} characters.`),
  /** The language the note is written in; the writer's own language when not given. */
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en, es or pt-BR.")
    .optional(),
});

export interface HomeNote {
  schoolId: string;
  competencyId: string;
  /** Empty when the school has no note on this competency. */
  body: string;
  language: string;
  updatedBy: { id: string; givenName: string; familyName: string } | null;
  updatedAt: Date | null;
  /** 0 until the first save. */
  version: number;
}

export interface StaffSchool {
  id: string;
  name: string;
}

/** The schools whose families the actor writes to: where they teach a class; every school for admins. */
export async function staffSchoolsOf(db: Database, actor: Actor): Promise<StaffSchool[]> {
  const admin = actor.roles.includes("admin");
  return db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(
      and(
        eq(schools.organizationId, actor.organizationId),
        admin
          ? undefined
          : inArray(
              schools.id,
              db
                .select({ id: classes.schoolId })
                .from(classes)
                .innerJoin(enrollments, eq(enrollments.classId, classes.id))
                .where(
                  and(
                    eq(enrollments.userId, actor.userId),
                    sql`${enrollments.role} in ('teacher', 'co-teacher')`,
                  ),
                ),
            ),
      ),
    )
    .orderBy(asc(schools.name));
}

async function schoolOf(db: Database, actor: Actor, schoolId: string) {
  const [row] = await db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(and(eq(schools.organizationId, actor.organizationId), eq(schools.id, schoolId)));
  if (!row) throw notFound("The school");
  return row;
}

async function competencyOf(db: Database, actor: Actor, competencyId: string) {
  const [row] = await db
    .select({
      id: competencies.id,
      frameworkId: competencies.frameworkId,
      code: competencies.humanCodingScheme,
      statement: competencies.statement,
    })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, actor.organizationId),
        eq(competencies.id, competencyId),
        isNull(competencies.retiredAt),
      ),
    );
  if (!row) throw notFound("The competency");
  return row;
}

async function assertStaffOf(db: Database, actor: Actor, schoolId: string) {
  const staff = await staffSchoolsOf(db, actor);
  authorizeHomeNote(actor, "write", { staffOfSchool: staff.some((s) => s.id === schoolId) });
}

const noteColumns = {
  schoolId: competencyHomeNotes.schoolId,
  competencyId: competencyHomeNotes.competencyId,
  body: competencyHomeNotes.body,
  language: competencyHomeNotes.language,
  updatedAt: competencyHomeNotes.updatedAt,
  version: competencyHomeNotes.version,
  updatedById: users.id,
  updatedByGivenName: users.givenName,
  updatedByFamilyName: users.familyName,
};

type NoteRow = {
  schoolId: string;
  competencyId: string;
  body: string;
  language: string;
  updatedAt: Date;
  version: number;
  updatedById: string | null;
  updatedByGivenName: string | null;
  updatedByFamilyName: string | null;
};

function noteOf(row: NoteRow): HomeNote {
  return {
    schoolId: row.schoolId,
    competencyId: row.competencyId,
    body: row.body,
    language: row.language,
    updatedBy: row.updatedById
      ? { id: row.updatedById, givenName: row.updatedByGivenName!, familyName: row.updatedByFamilyName! }
      : null,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

function emptyNote(schoolId: string, competencyId: string, language: string): HomeNote {
  return { schoolId, competencyId, body: "", language, updatedBy: null, updatedAt: null, version: 0 };
}

const languageOf = (actor: Actor) => actor.locale.split("-")[0]?.toLowerCase() || "en";

/** The school's note on a competency, as its staff see it to edit it (version 0 when none yet). */
export async function getHomeNote(
  ctx: SignedInCtx,
  schoolId: string,
  competencyId: string,
): Promise<HomeNote> {
  const { actor, db } = ctx;
  await schoolOf(db, actor, schoolId);
  await competencyOf(db, actor, competencyId);
  await assertStaffOf(db, actor, schoolId);
  const [row] = await db
    .select(noteColumns)
    .from(competencyHomeNotes)
    .leftJoin(users, eq(users.id, competencyHomeNotes.updatedBy))
    .where(
      and(eq(competencyHomeNotes.schoolId, schoolId), eq(competencyHomeNotes.competencyId, competencyId)),
    );
  return row ? noteOf(row) : emptyNote(schoolId, competencyId, languageOf(actor));
}

/** Write (or, with an empty body, remove) the school's note on a competency. */
export async function setHomeNote(
  ctx: SignedInCtx,
  schoolId: string,
  competencyId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<HomeNote> {
  const input = parseInput(HomeNoteInput, raw, "body");
  const { actor, db } = ctx;
  await schoolOf(db, actor, schoolId);
  const competency = await competencyOf(db, actor, competencyId);
  await assertStaffOf(db, actor, schoolId);
  const now = ctx.now();
  const language = input.language ?? languageOf(actor);
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ version: competencyHomeNotes.version })
      .from(competencyHomeNotes)
      .where(
        and(eq(competencyHomeNotes.schoolId, schoolId), eq(competencyHomeNotes.competencyId, competencyId)),
      )
      .for("update");
    assertVersion("at-home note", current?.version ?? 0, expectedVersion);
    const fields = { body: input.body, language, updatedBy: actor.userId, updatedAt: now };
    const [saved] = current
      ? await tx
          .update(competencyHomeNotes)
          .set({ ...fields, version: current.version + 1 })
          .where(
            and(
              eq(competencyHomeNotes.schoolId, schoolId),
              eq(competencyHomeNotes.competencyId, competencyId),
              eq(competencyHomeNotes.version, current.version),
            ),
          )
          .returning({ version: competencyHomeNotes.version })
      : await tx
          .insert(competencyHomeNotes)
          .values({ ...fields, organizationId: actor.organizationId, schoolId, competencyId, version: 1 })
          .onConflictDoNothing()
          .returning({ version: competencyHomeNotes.version });
    if (!saved) {
      // Two first saves at once: the second finds version 1 already there, like any stale edit.
      assertVersion("at-home note", 1, expectedVersion);
      throw new AppError("internal", "The at-home note could not be saved.");
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: input.body ? "home_note.set" : "home_note.clear",
      subjectType: "competency",
      subjectId: competencyId,
      details: { schoolId, frameworkId: competency.frameworkId, language, version: saved.version },
      at: now,
    });
  });
  return getHomeNote(ctx, schoolId, competencyId);
}

/**
 * For the page where staff write a competency's note: the competency and its framework, and for each school they
 * write for, its note (version 0 when none yet).
 */
export async function listHomeNotesToEdit(ctx: SignedInCtx, competencyId: string) {
  const { actor, db } = ctx;
  const competency = await competencyOf(db, actor, competencyId);
  const staff = await staffSchoolsOf(db, actor);
  authorizeHomeNote(actor, "write", { staffOfSchool: staff.length > 0 });
  const [framework] = await db
    .select({ id: frameworks.id, title: frameworks.title })
    .from(frameworks)
    .where(eq(frameworks.id, competency.frameworkId));
  const rows = await db
    .select(noteColumns)
    .from(competencyHomeNotes)
    .leftJoin(users, eq(users.id, competencyHomeNotes.updatedBy))
    .where(
      and(
        eq(competencyHomeNotes.competencyId, competencyId),
        inArray(
          competencyHomeNotes.schoolId,
          staff.map((s) => s.id),
        ),
      ),
    );
  return {
    framework: framework!,
    competency,
    schools: staff.map((school) => {
      const row = rows.find((r) => r.schoolId === school.id);
      return { school, note: row ? noteOf(row) : emptyNote(school.id, competencyId, languageOf(actor)) };
    }),
  };
}

/**
 * For a framework's page: whether the actor writes at-home notes for any school, and which of the
 * framework's competencies already have a note in a school they write for.
 */
export async function homeNotesOverview(
  ctx: SignedInCtx,
  frameworkId: string,
): Promise<{ writesForSchools: boolean; competencyIds: string[] }> {
  const { actor, db } = ctx;
  const staff = await staffSchoolsOf(db, actor);
  if (!canHomeNote(actor, "write", { staffOfSchool: staff.length > 0 }))
    return { writesForSchools: false, competencyIds: [] };
  const rows = await db
    .selectDistinct({ id: competencyHomeNotes.competencyId })
    .from(competencyHomeNotes)
    .innerJoin(competencies, eq(competencies.id, competencyHomeNotes.competencyId))
    .where(
      and(
        eq(competencyHomeNotes.organizationId, actor.organizationId),
        eq(competencies.frameworkId, frameworkId),
        ne(competencyHomeNotes.body, ""),
        inArray(
          competencyHomeNotes.schoolId,
          staff.map((s) => s.id),
        ),
      ),
    );
  return { writesForSchools: true, competencyIds: rows.map((r) => r.id) };
}

/**
 * The notes a learner's family is given: those of the schools the learner is enrolled in, on the
 * given competencies, newest first. The caller has checked that the reader may see the learner.
 */
export async function homeNotesForLearner(
  db: Database,
  organizationId: string,
  learnerId: string,
  competencyIds: readonly string[],
) {
  if (competencyIds.length === 0) return [];
  return db
    .select({
      competencyId: competencyHomeNotes.competencyId,
      schoolId: competencyHomeNotes.schoolId,
      schoolName: schools.name,
      body: competencyHomeNotes.body,
      language: competencyHomeNotes.language,
      updatedAt: competencyHomeNotes.updatedAt,
      updatedByGivenName: users.givenName,
      updatedByFamilyName: users.familyName,
    })
    .from(competencyHomeNotes)
    .innerJoin(schools, eq(schools.id, competencyHomeNotes.schoolId))
    .leftJoin(users, eq(users.id, competencyHomeNotes.updatedBy))
    .where(
      and(
        eq(competencyHomeNotes.organizationId, organizationId),
        inArray(competencyHomeNotes.competencyId, [...competencyIds]),
        ne(competencyHomeNotes.body, ""),
        inArray(
          competencyHomeNotes.schoolId,
          db
            .select({ id: classes.schoolId })
            .from(classes)
            .innerJoin(enrollments, eq(enrollments.classId, classes.id))
            .where(and(eq(enrollments.userId, learnerId), eq(enrollments.role, "learner"))),
        ),
      ),
    )
    .orderBy(sql`${competencyHomeNotes.updatedAt} desc`);
}
