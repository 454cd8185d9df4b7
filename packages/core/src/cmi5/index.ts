/** cmi5 courses: import and versions, offerings, launch and the AU's session, waivers, progress. */
export { importCmi5Package, ImportCmi5PackageInput, type Cmi5ImportSummary } from "./import-cmi5-package.js";
export {
  MAX_CMI5_PACKAGE_BYTES,
  MAX_CMI5_PACKAGE_FILES,
  MAX_CMI5_UNPACKED_BYTES,
} from "./read-cmi5-package.js";
export { PATHWISE_CMI5_NAMESPACE } from "./competency-extension.js";
export {
  listCmi5Courses,
  getCmi5Course,
  offerCmi5Course,
  OfferCmi5CourseInput,
  type Cmi5CourseAdminView,
  type Cmi5CourseVersion,
} from "./course-catalog.js";
export type { Cmi5AuView, Cmi5BlockView, Cmi5CompetencyRef, Cmi5CourseTree } from "./course-tree.js";
export {
  listMyCmi5Courses,
  type Cmi5AuStatus,
  type Cmi5AuProgressView,
  type Cmi5LearnerAu,
  type Cmi5LearnerBlock,
  type Cmi5LearnerCourse,
} from "./list-my-cmi5-courses.js";
export { launchCmi5Au, LaunchCmi5AuInput, type Cmi5Launch } from "./launch-cmi5-au.js";
export { fetchCmi5AuthToken, FETCH_URL_LIFETIME_MS } from "./fetch-cmi5-token.js";
export { authenticateLrsRequest, type LrsCaller } from "./au-session-credentials.js";
export { waiveCmi5Au, WaiveCmi5AuInput, CMI5_WAIVE_REASONS } from "./waive-cmi5-au.js";
export { abandonCmi5Session } from "./abandon-cmi5-session.js";
export { SESSION_IDLE_LIMIT_MS } from "./sessions.js";
export { readCmi5PackageFile } from "./package-content.js";
export { LEARNER_ACCOUNT_HOME_PAGE, CMI5_ACTIVITY_ID_BASE, LAUNCHER_CLIENT_NAME } from "./identifiers.js";
