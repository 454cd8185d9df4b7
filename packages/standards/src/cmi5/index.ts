/**
 * cmi5 codecs: course structure (cmi5.xml) parsing and validation, launch URL and LMS.LaunchData,
 * the defined statements and their checks, moveOn evaluation. Names carry a `Cmi5` prefix (or are
 * cmi5-specific) so `@pathwise/standards` can re-export them all.
 */
export {
  CMI5_COURSE_STRUCTURE_NAMESPACE,
  CMI5_LAUNCH_PARAMETER_NAMES,
  CMI5_MOVE_ON_VALUES,
  parseCmi5CourseStructure,
  type Cmi5Au,
  type Cmi5Block,
  type Cmi5CourseStructure,
  type Cmi5Extension,
  type Cmi5LangStrings,
  type Cmi5LaunchMethod,
  type Cmi5MoveOn,
  type Cmi5Objective,
  type Cmi5ParseOptions,
  type Cmi5StructureError,
  type Cmi5StructureResult,
} from "./course-structure.js";
export {
  buildCmi5LaunchData,
  buildCmi5LaunchUrl,
  cmi5ContextTemplate,
  cmi5FetchResponse,
  type Cmi5FetchError,
  type Cmi5FetchResponse,
  type Cmi5LaunchData,
  type Cmi5LaunchDataInput,
  type Cmi5LaunchInput,
  type Cmi5LaunchMode,
  type Cmi5LaunchResult,
} from "./launch.js";
export {
  buildCmi5Statement,
  checkCmi5Statement,
  classifyCmi5Statement,
  type Cmi5SessionExpectations,
  type Cmi5SessionInfo,
  type Cmi5StatementInput,
  type Cmi5StatementKind,
} from "./statements.js";
export {
  abandonCmi5Session,
  acceptCmi5Statement,
  startCmi5Session,
  type Cmi5RegistrationHistory,
  type Cmi5SessionState,
  type Cmi5SessionStep,
} from "./session.js";
export {
  CMI5_LEARNER_PREFERENCES_PROFILE_ID,
  validateCmi5LearnerPreferences,
  type Cmi5LearnerPreferences,
} from "./learner-preferences.js";
export {
  evaluateCmi5Satisfaction,
  isSatisfied as isCmi5Satisfied,
  type Cmi5AuProgress,
  type Cmi5Satisfaction,
} from "./move-on.js";
export {
  CMI5_ACTIVITY_TYPES,
  CMI5_CATEGORY_ACTIVITY,
  CMI5_EXTENSIONS,
  CMI5_MOVEON_CATEGORY_ACTIVITY,
  CMI5_VERBS,
  type Cmi5Verb,
} from "./vocabulary.js";
export {
  childElements as cmi5XmlChildElements,
  parseXml as parseCmi5Xml,
  textContent as cmi5XmlTextContent,
  XmlSyntaxError as Cmi5XmlSyntaxError,
  type XmlElement as Cmi5XmlElement,
  type XmlNode as Cmi5XmlNode,
} from "./xml.js";
