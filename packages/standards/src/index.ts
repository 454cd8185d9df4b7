// @pathwise/standards: pure codecs for learning-technology standards (bytes/JSON/text in, typed
// values or typed errors out). See docs/standards.md.
export type { Issue, Result } from "./result.js";

// CASE 1.0 competency frameworks
export { parseCasePackage } from "./case/parse-case-package.js";
export { toFramework, externalCode } from "./case/to-framework.js";
export type {
  Framework,
  FrameworkSource,
  Competency,
  CompetencyEdge,
  ExternalReference,
  FrameworkWarningCode,
  AssociationCount,
  AssociationSkipReason,
} from "./case/to-framework.js";
export { CASE_ASSOCIATION_TYPES } from "./case/model.js";
export type {
  CFPackage,
  CFDocument,
  CFItem,
  CFAssociation,
  CFAssociationType,
  CFDefinitions,
  CFItemTypeDefinition,
  CFConcept,
  CFSubject,
  CFLicense,
  CFAssociationGrouping,
  LinkURI,
  LinkGenURI,
} from "./case/model.js";

// OneRoster 1.2 CSV
export {
  parseOneRosterBulk,
  SUPPORTED_MANIFEST_VERSION,
  SUPPORTED_ONEROSTER_VERSION,
} from "./oneroster/parse-bulk.js";
export type { OneRosterBulk, OneRosterManifest, OneRosterIssue, FileMode } from "./oneroster/parse-bulk.js";
export { parseCsv } from "./oneroster/csv.js";
export type { CsvTable, CsvRecord, CsvProblem } from "./oneroster/csv.js";
export {
  ONEROSTER_FILES,
  STATUSES,
  ORG_TYPES,
  SESSION_TYPES,
  CLASS_TYPES,
  ENROLLMENT_ROLES,
  ROLES,
  ROLE_TYPES,
  SEXES,
} from "./oneroster/records.js";
export type {
  OneRosterFileName,
  OneRosterRecords,
  OrgRecord,
  AcademicSessionRecord,
  CourseRecord,
  ClassRecord,
  UserRecord,
  RoleRecord,
  UserProfileRecord,
  EnrollmentRecord,
  DemographicsRecord,
  Status,
  OrgType,
  SessionType,
  ClassType,
  EnrollmentRole,
  Role,
  RoleType,
  Sex,
} from "./oneroster/records.js";

// xAPI (owned by its module; names there are prefixed so they can all be re-exported)
export * from "./xapi/index.js";

// cmi5 (owned by its module; exports are prefixed)
export * from "./cmi5/index.js";
