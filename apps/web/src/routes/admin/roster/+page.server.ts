import { redirect } from "@sveltejs/kit";
import {
  createClass,
  createPerson,
  createSchool,
  createTerm,
  enrollInClass,
  GUARDIAN_RELATIONSHIPS,
  linkGuardian,
  listFrameworks,
  listMyClasses,
  listPeople,
  listSchools,
} from "@pathwise/core";
import { failFrom, field } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

const ROLES = ["learner", "teacher", "guardian", "admin"] as const;
const DONE = ["school", "term", "class", "person", "enrollment", "guardian"] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "admin");
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 200);
  const roleParam = url.searchParams.get("role") ?? "";
  const role = (ROLES as readonly string[]).includes(roleParam) ? (roleParam as (typeof ROLES)[number]) : "";
  const [schools, classes, frameworks, everyone, found] = await Promise.all([
    listSchools(ctx),
    listMyClasses(ctx),
    listFrameworks(ctx),
    listPeople(ctx, { limit: 500 }),
    listPeople(ctx, { limit: 100, ...(q ? { q } : {}), ...(role ? { role } : {}) }),
  ]).catch(pageErrorFrom);
  const done = url.searchParams.get("done");
  const person = (p: (typeof everyone.items)[number]) => ({
    id: p.id,
    name: `${p.givenName} ${p.familyName}`,
    email: p.email,
    roles: p.roles,
  });
  return {
    q,
    role,
    roles: ROLES,
    relationships: GUARDIAN_RELATIONSHIPS,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
    schools: schools.map((s) => ({
      id: s.id,
      name: s.name,
      terms: s.terms.map((t) => ({ id: t.id, name: t.name, startsOn: t.startsOn, endsOn: t.endsOn })),
    })),
    classes: classes.map((c) => ({
      id: c.id,
      name: c.name,
      schoolName: c.schoolName,
      termName: c.termName,
      learners: c.learners.length,
    })),
    frameworks: frameworks.map((f) => ({ id: f.id, title: f.title })),
    people: everyone.items.map(person),
    found: found.items.map(person),
    moreFound: found.nextOffset !== null,
  };
};

function done(what: (typeof DONE)[number]): never {
  redirect(303, `/admin/roster?done=${what}`);
}

export const actions: Actions = {
  createSchool: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const values = { name: field(form, "name") };
    try {
      await createSchool(ctx, values);
    } catch (cause) {
      return failFrom(cause, "createSchool", null, values, { name: "admin.nameMissing" }, "admin.saveFailed");
    }
    done("school");
  },
  createTerm: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const values = {
      schoolId: field(form, "schoolId"),
      name: field(form, "name"),
      startsOn: field(form, "startsOn"),
      endsOn: field(form, "endsOn"),
    };
    try {
      await createTerm(ctx, values);
    } catch (cause) {
      return failFrom(
        cause,
        "createTerm",
        null,
        values,
        {
          schoolId: "admin.schoolMissing",
          name: "admin.nameMissing",
          startsOn: "admin.dateInvalid",
          endsOn: "admin.termEndsBeforeStart",
        },
        "admin.saveFailed",
      );
    }
    done("term");
  },
  createClass: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const [schoolId = "", termId = ""] = field(form, "termId").split("/");
    const values = {
      termId: field(form, "termId"),
      name: field(form, "name"),
      grade: field(form, "grade"),
      frameworkId: field(form, "frameworkId"),
    };
    try {
      await createClass(ctx, {
        schoolId,
        termId,
        name: values.name,
        ...(values.grade ? { grade: values.grade } : {}),
        ...(values.frameworkId ? { frameworkId: values.frameworkId } : {}),
      });
    } catch (cause) {
      return failFrom(
        cause,
        "createClass",
        null,
        values,
        {
          schoolId: "admin.termMissing",
          termId: "admin.termMissing",
          name: "admin.nameMissing",
          grade: "admin.gradeInvalid",
          frameworkId: "admin.saveFailed",
        },
        "admin.saveFailed",
      );
    }
    done("class");
  },
  createPerson: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const roles = form.getAll("roles").filter((v): v is string => typeof v === "string");
    const values = {
      givenName: field(form, "givenName"),
      familyName: field(form, "familyName"),
      email: field(form, "email"),
      grade: field(form, "grade"),
      locale: field(form, "locale"),
      roles: roles.join(","),
    };
    const password = field(form, "password");
    try {
      await createPerson(ctx, {
        givenName: values.givenName,
        familyName: values.familyName,
        email: values.email,
        roles,
        ...(values.grade ? { grade: values.grade } : {}),
        ...(values.locale ? { locale: values.locale } : {}),
        ...(password ? { password } : {}),
      });
    } catch (cause) {
      return failFrom(
        cause,
        "createPerson",
        null,
        values,
        {
          givenName: "admin.givenNameMissing",
          familyName: "admin.familyNameMissing",
          email: "admin.emailInvalid",
          roles: "admin.rolesMissing",
          password: "admin.passwordShort",
          grade: "admin.gradeInvalid",
        },
        "admin.saveFailed",
      );
    }
    done("person");
  },
  enroll: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const values = {
      classId: field(form, "classId"),
      userId: field(form, "userId"),
      role: field(form, "role"),
    };
    try {
      await enrollInClass(ctx, values.classId, { userId: values.userId, role: values.role });
    } catch (cause) {
      return failFrom(
        cause,
        "enroll",
        null,
        values,
        { userId: "admin.personMissing", role: "admin.enrollRoleMismatch" },
        "admin.saveFailed",
      );
    }
    done("enrollment");
  },
  linkGuardian: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const values = {
      guardianId: field(form, "guardianId"),
      learnerId: field(form, "learnerId"),
      relationship: field(form, "relationship"),
    };
    try {
      await linkGuardian(ctx, values);
    } catch (cause) {
      return failFrom(
        cause,
        "linkGuardian",
        null,
        values,
        { guardianId: "admin.guardianInvalid", learnerId: "admin.learnerInvalid" },
        "admin.saveFailed",
      );
    }
    done("guardian");
  },
};
