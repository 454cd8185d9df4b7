/** The Learning Record Store (xAPI 1.0.3 and 2.0) and what it feeds: evidence for mapped activities. */
export {
  authenticateXapiClient,
  issueXapiClient,
  listXapiClients,
  revokeXapiClient,
  IssueXapiClientInput,
  type IssuedXapiClient,
  type XapiClientSummary,
} from "./clients.js";
export {
  authorityOf,
  AUTHORITY_HOME_PAGE,
  type LrsClient,
  type LrsCtx,
  type LrsSessionRules,
  type DocumentAddress,
} from "./lrs-context.js";
export { storeStatements, type StoreStatementsRequest } from "./store-statements.js";
export {
  queryStatements,
  MAX_STATEMENTS_PER_PAGE,
  type StatementsAnswer,
  type StatementAttachmentContent,
} from "./query-statements.js";
export {
  documentAddress,
  getDocument,
  listDocumentIds,
  saveDocument,
  deleteDocuments,
  type StoredDocument,
  type Preconditions,
} from "./documents.js";
export { getPerson, getActivity, type XapiPerson } from "./agents-activities.js";
export {
  mapActivityToCompetencies,
  listActivityMappings,
  MapActivityInput,
  type ActivityMapping,
} from "./activity-mappings.js";
export { outcomeOf as xapiOutcomeOf } from "./statement-evidence.js";
export type { XapiDocumentKind, XapiScope } from "./schema.js";
// The transport's share of the xAPI codecs (apps import only core): version negotiation and request parsing.
export {
  negotiateXapiVersion,
  parseXapiAcceptLanguage,
  parseXapiStatementRequest,
  XAPI_SUPPORTED_VERSIONS,
  XAPI_VERSION_HEADER,
  type XapiVersion,
} from "@pathwise/standards";
export {
  getXapiForwarding,
  setXapiForwarding,
  pauseXapiForwarding,
  retryFailedXapiForwards,
  forwardDueStatements,
  SetXapiForwardingInput,
  XAPI_FORWARD_VERSIONS,
  type XapiForwardingView,
  type ForwardOptions,
  type ForwardReport,
} from "./forwarding.js";
export { PATHWISE_PROFILE_IRI, isOwnStatement } from "./own-statements.js";
