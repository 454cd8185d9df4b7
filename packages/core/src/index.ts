/** The domain of Pathwise: one folder per module, use-cases named verb-noun, policies per module. */
export { loadConfig, type PathwiseConfig } from "./config.js";
export {
  openDatabase,
  databaseConfigFrom,
  pingDatabase,
  redact,
  DatabaseUnavailableError,
  type Database,
  type DatabaseHandle,
  type DatabaseConfig,
  type Backend,
} from "./db/open-database.js";
export { startRuntime, registerRuntime, currentRuntime, type Runtime, type StartResult } from "./runtime.js";
export {
  AppError,
  isAppError,
  unauthenticated,
  forbidden,
  notFound,
  type ErrorCode,
  type ErrorDetail,
} from "./shared/errors.js";
export type { Actor, Ctx, SignedInCtx } from "./shared/context.js";
export { SUPPORTED_LOCALES, DEFAULT_LOCALE, isSupportedLocale, type Locale } from "./shared/locales.js";
export type { Role } from "./identity/schema.js";

export {
  signIn,
  SignInInput,
  SIGN_IN_LIMITS,
  WRONG_CREDENTIALS,
  type SignInResult,
} from "./identity/sign-in.js";
export { signOut } from "./identity/sign-out.js";
export { resolveSession } from "./identity/resolve-session.js";
export { setLocale, SetLocaleInput } from "./identity/set-locale.js";
export { listMyClasses, type ClassWithLearners } from "./roster/list-my-classes.js";
export { listMyChildren, type Child } from "./roster/list-my-children.js";
export type { ClassSummary, PersonSummary } from "./roster/repository.js";
export { listMyCompetencies, type ClassCompetencies } from "./frameworks/list-my-competencies.js";
export type { CompetencySummary } from "./frameworks/repository.js";
export { seedDemoSchoolIfEmpty, type DemoSeedResult, type DemoSignIn } from "./demo/seed-demo-school.js";
export {
  SESSION_COOKIE,
  sessionCookieOptions,
  type SessionCookieOptions,
} from "./identity/session-cookie.js";
export {
  PageInput,
  encodeCursor,
  decodeCursor,
  pageOf,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Page,
  type Cursor,
} from "./shared/pagination.js";
export { assertVersion } from "./shared/versioning.js";
export {
  beginIdempotentRequest,
  completeIdempotentRequest,
  IDEMPOTENCY_WINDOW_HOURS,
  type IdempotencyScope,
} from "./idempotency/idempotent-request.js";
export {
  recordAnswerAndNextBoard,
  recordEvidence,
  RecordEvidenceInput,
  type RecordedAnswerWithBoard,
  type RecordedEvidence,
} from "./evidence/record-evidence.js";
export {
  buildLearnerChoiceBoard,
  type LearnerBoard,
  type BoardOption,
} from "./personalization/build-choice-board.js";
export { listDecisions, ListDecisionsInput, type LedgerEntry } from "./personalization/list-decisions.js";
export { contestDecision, ContestDecisionInput } from "./personalization/contest-decision.js";
export { pickBoardOption, type BoardPick } from "./personalization/pick-board-option.js";
export {
  overrideDecision,
  OverrideDecisionInput,
  resolveContest,
  ResolveContestInput,
} from "./personalization/override-decision.js";
export { getLearnerMastery } from "./personalization/get-learner-mastery.js";
export { classMasteryMatrix } from "./insights/class-mastery-matrix.js";
export * from "./portfolio/index.js";
export { classGrowth, growthCsv, GrowthInput, type GrowthReport } from "./insights/growth.js";
export { learnerTimeline, type TimelineEntry } from "./insights/learner-timeline.js";
export * from "./learners/index.js";
export {
  startDiagnosis,
  getDiagnosis,
  answerDiagnosis,
  finishDiagnosis,
  StartDiagnosisInput,
  AnswerDiagnosisInput,
  type DiagnosisSessionView,
  type DiagnosisQuestion,
  type DiagnosisResultView,
} from "./personalization/diagnosis-sessions.js";
export { scoreDiagnosisAnswer, DIAGNOSIS_ITEM_KINDS } from "./personalization/score-diagnosis-answer.js";
export { placeFromDiagnosis, DIAGNOSIS_EVIDENCE_WEIGHT } from "./personalization/place-from-diagnosis.js";
export * from "./messaging/index.js";
export {
  suggestClassGroups,
  createGroupSession,
  listGroupSessions,
  SuggestGroupsInput,
  CreateGroupSessionInput,
} from "./insights/class-groups.js";
export { classAlerts } from "./insights/class-alerts.js";
export {
  getOrganizationSettings,
  updateOrganizationSettings,
  organizationSettingsOf,
  offeredLanguagesOf,
  alertParametersOf,
  masteryThresholdsOf,
  OrganizationSettingsInput,
  AlertSettings,
  ACCOMMODATION_SETTERS,
  DEFAULT_ORGANIZATION_SETTINGS,
  type OrganizationSettings,
  type OrganizationSettingsView,
  type AccommodationSetter,
} from "./roster/organization-settings.js";
export {
  importCaseFramework,
  fetchCasePackage,
  ImportFrameworkInput,
  MAX_CASE_PACKAGE_BYTES,
  type ImportSummary,
} from "./frameworks/import-framework.js";
export type { AssociationReport, CaseProblem, SkipReason } from "./frameworks/case-draft.js";
export { startFrameworkImport, StartFrameworkImportInput } from "./frameworks/start-framework-import.js";
export {
  runQueuedFrameworkImports,
  type FrameworkImportWorkerOptions,
} from "./frameworks/run-framework-imports.js";
export { getFrameworkImport, type FrameworkImportView } from "./frameworks/get-framework-import.js";
export { mayImportFrameworks } from "./frameworks/policies.js";
export type { FrameworkImportStage, FrameworkImportFailure } from "./frameworks/schema.js";
export {
  listFrameworks,
  getFramework,
  listFrameworkVersions,
  addLocalCompetency,
  addLocalPrerequisite,
  removeLocalPrerequisite,
  LocalCompetencyInput,
  LocalPrerequisiteInput,
} from "./frameworks/local-changes.js";
export {
  createSchool,
  listSchools,
  createTerm,
  createClass,
  createPerson,
  listPeople,
  enrollInClass,
  removeFromClass,
  linkGuardian,
  unlinkGuardian,
  GUARDIAN_RELATIONSHIPS,
} from "./roster/admin.js";
export {
  importOneRoster,
  importOneRosterZip,
  filesOfZip,
  MAX_ROSTER_BYTES,
  type RosterImportSummary,
} from "./roster/oneroster-import.js";
export { listAuditEvents, ListAuditInput } from "./audit/list-audit.js";
export { competencyGraphOf } from "./personalization/board-inputs.js";
export * from "./content/index.js";
export { writeEvidence, type EvidenceToWrite } from "./evidence/record-evidence.js";
export * from "./xapi/index.js";
export * from "./printing/index.js";
export * from "./cmi5/index.js";
