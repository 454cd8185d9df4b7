/**
 * The OneRoster 1.2 CSV files this package reads, one zod schema per file, with the record types
 * inferred from them. A schema validates one row, given as `{ column: value }` with blank cells
 * already removed, so a required column left blank reads as missing.
 *
 * Vocabularies follow the 1.2 CSV binding; where the binding lets an enumeration be extended,
 * values of the form `ext:<name>` are accepted too. Booleans accept any letter case (`TRUE` is
 * common in exports from spreadsheets). `status` and `dateLastModified` are required only in files
 * the manifest marks `delta`.
 */
import { z } from "zod";

export const STATUSES = ["active", "tobedeleted"] as const;
export const ORG_TYPES = ["department", "district", "local", "national", "school", "state"] as const;
export const SESSION_TYPES = ["gradingPeriod", "semester", "schoolYear", "term"] as const;
export const CLASS_TYPES = ["homeroom", "scheduled"] as const;
export const ENROLLMENT_ROLES = ["administrator", "proctor", "student", "teacher"] as const;
export const ROLES = [
  "aide",
  "counselor",
  "districtAdministrator",
  "guardian",
  "parent",
  "principal",
  "proctor",
  "relative",
  "siteAdministrator",
  "student",
  "systemAdministrator",
  "teacher",
] as const;
export const ROLE_TYPES = ["primary", "secondary"] as const;
export const SEXES = ["male", "female", "unspecified", "other"] as const;

type Extended<T extends string> = T | `ext:${string}`;
export type Status = (typeof STATUSES)[number];
export type OrgType = Extended<(typeof ORG_TYPES)[number]>;
export type SessionType = Extended<(typeof SESSION_TYPES)[number]>;
export type ClassType = Extended<(typeof CLASS_TYPES)[number]>;
export type EnrollmentRole = Extended<(typeof ENROLLMENT_ROLES)[number]>;
export type Role = Extended<(typeof ROLES)[number]>;
export type RoleType = (typeof ROLE_TYPES)[number];
export type Sex = Extended<(typeof SEXES)[number]>;

/** Codes attached to cell-format failures, read back when zod issues become errors. */
export type CellFormatCode = "invalid_enum" | "invalid_boolean" | "invalid_date" | "invalid_datetime" | "invalid_year" | "invalid_user_ids";

const EXTENSION_VALUE = /^ext:[A-Za-z0-9._-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const USER_ID = /^\{([^:{}]+):([^{}]*)\}$/;

function cell(test: (value: string) => boolean, code: CellFormatCode, message: string) {
  return z.string().refine(test, { message, params: { code } });
}

function oneOf<const T extends readonly string[]>(values: T, extensible: boolean) {
  const allowed = new Set<string>(values);
  const expected = values.join(", ") + (extensible ? ", or ext:<name>" : "");
  return cell((v) => allowed.has(v) || (extensible && EXTENSION_VALUE.test(v)), "invalid_enum", `must be one of ${expected}`).transform(
    (v) => v as Extended<T[number]>,
  );
}

const text = z.string();
const boolean = cell((v) => /^(true|false)$/i.test(v), "invalid_boolean", "must be true or false").transform((v) => v.toLowerCase() === "true");
const date = cell((v) => DATE.test(v) && !Number.isNaN(Date.parse(v)), "invalid_date", "must be a date (YYYY-MM-DD)");
const dateTime = cell(
  (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
  "invalid_datetime",
  "must be an ISO 8601 date-time with a time zone, e.g. 2023-10-02T00:00:00.000Z",
);
const year = cell((v) => /^\d{4}$/.test(v), "invalid_year", "must be a four-digit year");
/** A comma-separated list inside one cell (quoted in the file): `"G1,G2"` → `["G1", "G2"]`. */
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== ""),
);
/** `{type:id}` pairs, comma-separated: `{LDAP:jsmith},{SIS:123}`. */
const userIds = cell(
  (v) => splitUserIds(v).every((part) => USER_ID.test(part)),
  "invalid_user_ids",
  "must be a list of {type:identifier} pairs",
).transform((v) =>
  splitUserIds(v).map((part) => {
    const [, type = "", identifier = ""] = USER_ID.exec(part) ?? [];
    return { type, identifier };
  }),
);

function splitUserIds(value: string): string[] {
  return (value.match(/\{[^}]*\}|[^,{}]+/g) ?? []).map((part) => part.trim()).filter((part) => part !== "");
}

/** Columns every data file starts with. */
function base(delta: boolean) {
  return {
    sourcedId: text,
    status: delta ? oneOf(STATUSES, false) : oneOf(STATUSES, false).optional(),
    dateLastModified: delta ? dateTime : dateTime.optional(),
  };
}

function fileSchemas(delta: boolean) {
  return {
    orgs: z.object({
      ...base(delta),
      name: text,
      type: oneOf(ORG_TYPES, true),
      identifier: text.optional(),
      parentSourcedId: text.optional(),
    }),
    academicSessions: z.object({
      ...base(delta),
      title: text,
      type: oneOf(SESSION_TYPES, true),
      startDate: date,
      endDate: date,
      parentSourcedId: text.optional(),
      schoolYear: year,
    }),
    courses: z.object({
      ...base(delta),
      schoolYearSourcedId: text.optional(),
      title: text,
      courseCode: text.optional(),
      grades: list.optional(),
      orgSourcedId: text,
      subjects: list.optional(),
      subjectCodes: list.optional(),
    }),
    classes: z.object({
      ...base(delta),
      title: text,
      grades: list.optional(),
      courseSourcedId: text,
      classCode: text.optional(),
      classType: oneOf(CLASS_TYPES, true),
      location: text.optional(),
      schoolSourcedId: text,
      termSourcedIds: list,
      subjects: list.optional(),
      subjectCodes: list.optional(),
      periods: list.optional(),
    }),
    users: z.object({
      ...base(delta),
      enabledUser: boolean,
      username: text,
      userIds: userIds.optional(),
      givenName: text,
      familyName: text,
      middleName: text.optional(),
      identifier: text.optional(),
      email: text.optional(),
      sms: text.optional(),
      phone: text.optional(),
      agentSourcedIds: list.optional(),
      grades: list.optional(),
      password: text.optional(),
      userMasterIdentifier: text.optional(),
      preferredGivenName: text.optional(),
      preferredMiddleName: text.optional(),
      preferredFamilyName: text.optional(),
      primaryOrgSourcedId: text.optional(),
      pronouns: text.optional(),
    }),
    roles: z.object({
      ...base(delta),
      userSourcedId: text,
      roleType: oneOf(ROLE_TYPES, false),
      role: oneOf(ROLES, true),
      beginDate: date.optional(),
      endDate: date.optional(),
      orgSourcedId: text,
      userProfileSourcedId: text.optional(),
    }),
    userProfiles: z.object({
      ...base(delta),
      userSourcedId: text,
      profileType: text,
      vendorId: text,
      applicationId: text.optional(),
      description: text.optional(),
      credentialType: text,
      username: text,
      password: text.optional(),
    }),
    enrollments: z.object({
      ...base(delta),
      classSourcedId: text,
      schoolSourcedId: text,
      userSourcedId: text,
      role: oneOf(ENROLLMENT_ROLES, true),
      primary: boolean.optional(),
      beginDate: date.optional(),
      endDate: date.optional(),
    }),
    demographics: z.object({
      ...base(delta),
      birthDate: date.optional(),
      sex: oneOf(SEXES, true).optional(),
      americanIndianOrAlaskaNative: boolean.optional(),
      asian: boolean.optional(),
      blackOrAfricanAmerican: boolean.optional(),
      nativeHawaiianOrOtherPacificIslander: boolean.optional(),
      white: boolean.optional(),
      demographicRaceTwoOrMoreRaces: boolean.optional(),
      hispanicOrLatinoEthnicity: boolean.optional(),
      countryOfBirthCode: text.optional(),
      stateOfBirthAbbreviation: text.optional(),
      cityOfBirth: text.optional(),
      publicSchoolResidenceStatus: text.optional(),
    }),
  };
}

/** Schemas for files marked `bulk` (status and dateLastModified optional). */
export const BULK_SCHEMAS = fileSchemas(false);
/** Schemas for files marked `delta` (status and dateLastModified required). */
export const DELTA_SCHEMAS = fileSchemas(true);

export type OneRosterFileName = keyof typeof BULK_SCHEMAS;
/** The data files read, in the order an importer should apply them (referenced before referring). */
export const ONEROSTER_FILES: readonly OneRosterFileName[] = [
  "orgs",
  "academicSessions",
  "courses",
  "classes",
  "users",
  "userProfiles",
  "roles",
  "enrollments",
  "demographics",
];

/** Columns beyond the 1.2 set: `metadata.*` extension columns (and any other unknown column). */
interface Extra {
  metadata: Record<string, string>;
}
type RecordOf<K extends OneRosterFileName> = z.infer<(typeof BULK_SCHEMAS)[K]> & Extra;

export type OrgRecord = RecordOf<"orgs">;
export type AcademicSessionRecord = RecordOf<"academicSessions">;
export type CourseRecord = RecordOf<"courses">;
export type ClassRecord = RecordOf<"classes">;
export type UserRecord = RecordOf<"users">;
export type RoleRecord = RecordOf<"roles">;
export type UserProfileRecord = RecordOf<"userProfiles">;
export type EnrollmentRecord = RecordOf<"enrollments">;
export type DemographicsRecord = RecordOf<"demographics">;

export interface OneRosterRecords {
  orgs: OrgRecord[];
  academicSessions: AcademicSessionRecord[];
  courses: CourseRecord[];
  classes: ClassRecord[];
  users: UserRecord[];
  roles: RoleRecord[];
  userProfiles: UserProfileRecord[];
  enrollments: EnrollmentRecord[];
  demographics: DemographicsRecord[];
}

/** The columns of a file in 1.2 order, and which of them must have a value. */
export function columnsOf(file: OneRosterFileName, delta: boolean): { name: string; required: boolean }[] {
  const shape = (delta ? DELTA_SCHEMAS : BULK_SCHEMAS)[file].shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, schema]) => ({ name, required: !schema.safeParse(undefined).success }));
}
