/**
 * xAPI codecs (1.0.3 and 2.0 / IEEE 9274.1.1): statement validation and normalisation, statement
 * comparison, agent identity, version negotiation, multipart attachments and signed statements.
 * Generic names are exported with an `Xapi` prefix so `@pathwise/standards` can re-export them all.
 */
export type {
  Account as XapiAccount,
  Activity as XapiActivity,
  ActivityDefinition as XapiActivityDefinition,
  Actor as XapiActor,
  Agent as XapiAgent,
  Attachment as XapiAttachment,
  Context as XapiContext,
  ContextActivities as XapiContextActivities,
  ContextAgent as XapiContextAgent,
  ContextGroup as XapiContextGroup,
  Extensions as XapiExtensions,
  Group as XapiGroup,
  InteractionComponent as XapiInteractionComponent,
  InteractionType as XapiInteractionType,
  InverseFunctionalIdentifier as XapiInverseFunctionalIdentifier,
  LanguageMap as XapiLanguageMap,
  Result as XapiResult,
  Score as XapiScore,
  Statement as XapiStatement,
  StatementObject as XapiStatementObject,
  StatementRef as XapiStatementRef,
  SubStatement as XapiSubStatement,
  Verb as XapiVerb,
  XapiValidationError,
  XapiValidationResult,
  XapiVersion,
} from "./types.js";
export {
  SIGNATURE_USAGE_TYPE as XAPI_SIGNATURE_USAGE_TYPE,
  VOIDED_VERB_ID as XAPI_VOIDED_VERB_ID,
} from "./types.js";

export {
  validateActor as validateXapiActor,
  validateStatement,
  validateStatementBatch,
} from "./validate-statement.js";
export { statementsEquivalent } from "./statement-equivalence.js";
export {
  parseStatementQuery,
  type StatementFormat as XapiStatementFormat,
  type StatementQuery as XapiStatementQuery,
} from "./statement-query.js";
export {
  completeStatementForStorage,
  formatStatement as formatXapiStatement,
  parseAcceptLanguage as parseXapiAcceptLanguage,
  pickLanguage as pickXapiLanguage,
  type StorageAssignment as XapiStorageAssignment,
} from "./statement-format.js";
export { agentKey, canonicalMbox, parseAgentParameter, type AgentParameterOptions } from "./agent.js";
export {
  negotiateXapiVersion,
  XAPI_SUPPORTED_VERSIONS,
  XAPI_VERSION_HEADER,
  type VersionHeaderResult as XapiVersionHeaderResult,
} from "./version-header.js";
export {
  durationToSeconds as xapiDurationToSeconds,
  parseIsoDuration as parseXapiDuration,
  truncateDurationToHundredths as truncateXapiDuration,
  type IsoDuration as XapiDuration,
} from "./duration.js";
export {
  isAbsoluteIri as isXapiIri,
  isLanguageTag as isXapiLanguageTag,
  isUuid as isXapiUuid,
  timestampProblem as xapiTimestampProblem,
  timestampToEpochMillis as xapiTimestampToEpochMillis,
} from "./formats.js";
export {
  attachmentsOf as xapiAttachmentsOf,
  matchAttachmentParts as matchXapiAttachmentParts,
  parseMultipart as parseXapiMultipart,
  parseStatementRequest as parseXapiStatementRequest,
  sha2Hex as xapiSha2Hex,
  type AttachmentPart as XapiAttachmentPart,
  type MultipartError as XapiMultipartError,
  type MultipartPart as XapiMultipartPart,
  type MultipartResult as XapiMultipartResult,
  type StatementRequestParts as XapiStatementRequestParts,
} from "./multipart.js";
export {
  parseCompactJws as parseXapiJws,
  verifySignedStatement,
  type CompactJws as XapiCompactJws,
  type JwsAlgorithm as XapiJwsAlgorithm,
  type SignatureCheck as XapiSignatureCheck,
} from "./signed-statement.js";
