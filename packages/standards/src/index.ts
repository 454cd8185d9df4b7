// @pathwise/standards: pure codecs for learning-technology standards (bytes/JSON/text in, typed
// values or typed errors out). See docs/standards.md.
export type { Issue, Result } from "./result.js";

// CASE 1.0 competency frameworks
export { parseCasePackage } from "./case/parse-case-package.js";
export { toFramework, externalCode } from "./case/to-framework.js";
export type { Framework, FrameworkSource, Competency, CompetencyEdge, ExternalReference, FrameworkWarningCode } from "./case/to-framework.js";
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
