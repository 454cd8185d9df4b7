/**
 * The CASE 1.0 CFPackage data model (IMS Competencies and Academic Standards Exchange), as zod
 * schemas with the TypeScript types inferred from them. Required fields, identifier and URI
 * formats and the association-type vocabulary follow the CASE 1.0 information model; fields the
 * platform does not use are still typed so that nothing a publisher sent is silently dropped.
 *
 * Optional fields may be absent or `null` in the input (providers emit both); `null` is read as
 * absent before validation, so the parsed model only ever has `undefined` for a missing value.
 */
import { z } from "zod";

/** The 1.0 vocabulary (CASE 1.1 adds `isTranslationOf` and `ext:` types; those are rejected). */
export const CASE_ASSOCIATION_TYPES = [
  "isChildOf",
  "isPeerOf",
  "isPartOf",
  "exactMatchOf",
  "precedes",
  "isRelatedTo",
  "replacedBy",
  "exemplar",
  "hasSkillLevel",
] as const;
export type CFAssociationType = (typeof CASE_ASSOCIATION_TYPES)[number];

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An absolute URI: a scheme, a colon, then no whitespace (covers https:, urn:, local: ...). */
const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Codes attached to format failures, read back when zod issues become `Issue`s. */
export type CaseFormatCode = "invalid_uuid" | "invalid_uri" | "invalid_datetime" | "invalid_date" | "empty";

function formatted(test: (value: string) => boolean, code: CaseFormatCode, message: string) {
  return z.string().refine(test, { message, params: { code } });
}

const uuid = formatted((v) => UUID_PATTERN.test(v), "invalid_uuid", "must be a UUID (8-4-4-4-12 hexadecimal digits)");
const uri = formatted((v) => URI_PATTERN.test(v), "invalid_uri", "must be an absolute URI (scheme:...)");
const dateTime = formatted(
  (v) => DATE_TIME_PATTERN.test(v) && !Number.isNaN(Date.parse(v)),
  "invalid_datetime",
  "must be an ISO 8601 date-time such as 2018-03-01T21:01:43+00:00",
);
const date = formatted(
  (v) => DATE_PATTERN.test(v) && !Number.isNaN(Date.parse(v)),
  "invalid_date",
  "must be an ISO 8601 date (YYYY-MM-DD)",
);
const nonEmpty = formatted((v) => v.trim().length > 0, "empty", "must not be empty");

/** A link to a CASE object: its identifier is a UUID. */
export const linkUriSchema = z.object({ title: z.string(), identifier: uuid, uri });
export type LinkURI = z.infer<typeof linkUriSchema>;

/**
 * A link to an association end. The identifier is any non-empty string, not necessarily a UUID,
 * because the node may live outside CASE (a Common Core code, a DOK level).
 */
export const linkGenUriSchema = z.object({ title: z.string(), identifier: nonEmpty, uri });
export type LinkGenURI = z.infer<typeof linkGenUriSchema>;

export const cfDocumentSchema = z.object({
  identifier: uuid,
  uri,
  creator: z.string(),
  title: nonEmpty,
  lastChangeDateTime: dateTime,
  officialSourceURL: z.string().optional(),
  publisher: z.string().optional(),
  description: z.string().optional(),
  subject: z.array(z.string()).optional(),
  subjectURI: z.array(linkUriSchema).optional(),
  language: z.string().optional(),
  version: z.string().optional(),
  adoptionStatus: z.string().optional(),
  statusStartDate: date.optional(),
  statusEndDate: date.optional(),
  licenseURI: linkUriSchema.optional(),
  notes: z.string().optional(),
  CFPackageURI: linkUriSchema.optional(),
});
export type CFDocument = z.infer<typeof cfDocumentSchema>;

export const cfItemSchema = z.object({
  identifier: uuid,
  uri,
  fullStatement: nonEmpty,
  lastChangeDateTime: dateTime,
  CFDocumentURI: linkUriSchema.optional(),
  alternativeLabel: z.string().optional(),
  CFItemType: z.string().optional(),
  CFItemTypeURI: linkUriSchema.optional(),
  humanCodingScheme: z.string().optional(),
  listEnumeration: z.string().optional(),
  abbreviatedStatement: z.string().optional(),
  conceptKeywords: z.array(z.string()).optional(),
  conceptKeywordsURI: linkUriSchema.optional(),
  notes: z.string().optional(),
  language: z.string().optional(),
  educationLevel: z.array(z.string()).optional(),
  licenseURI: linkUriSchema.optional(),
  statusStartDate: date.optional(),
  statusEndDate: date.optional(),
});
export type CFItem = z.infer<typeof cfItemSchema>;

export const cfAssociationSchema = z.object({
  identifier: uuid,
  uri,
  associationType: z.enum(CASE_ASSOCIATION_TYPES),
  originNodeURI: linkGenUriSchema,
  destinationNodeURI: linkGenUriSchema,
  lastChangeDateTime: dateTime,
  sequenceNumber: z.number().int().optional(),
  CFAssociationGroupingURI: linkUriSchema.optional(),
  CFDocumentURI: linkUriSchema.optional(),
});
export type CFAssociation = z.infer<typeof cfAssociationSchema>;

/*
 * Definitions: the information model lists a CFItemType's description and a CFLicense's
 * licenseText as required, but the published v1p0 JSON schema does not and real packages (Smarter
 * Balanced) omit them, so they are optional here; nothing in the import depends on them.
 */
export const cfItemTypeSchema = z.object({
  identifier: uuid,
  uri,
  title: z.string(),
  description: z.string().optional(),
  hierarchyCode: z.string(),
  typeCode: z.string().optional(),
  lastChangeDateTime: dateTime,
});
export type CFItemTypeDefinition = z.infer<typeof cfItemTypeSchema>;

export const cfConceptSchema = z.object({
  identifier: uuid,
  uri,
  title: z.string(),
  keywords: z.string().optional(),
  hierarchyCode: z.string(),
  description: z.string().optional(),
  lastChangeDateTime: dateTime,
});
export type CFConcept = z.infer<typeof cfConceptSchema>;

export const cfSubjectSchema = z.object({
  identifier: uuid,
  uri,
  title: z.string(),
  hierarchyCode: z.string(),
  description: z.string().optional(),
  lastChangeDateTime: dateTime,
});
export type CFSubject = z.infer<typeof cfSubjectSchema>;

export const cfLicenseSchema = z.object({
  identifier: uuid,
  uri,
  title: z.string(),
  description: z.string().optional(),
  licenseText: z.string().optional(),
  lastChangeDateTime: dateTime,
});
export type CFLicense = z.infer<typeof cfLicenseSchema>;

export const cfAssociationGroupingSchema = z.object({
  identifier: uuid,
  uri,
  title: z.string(),
  description: z.string().optional(),
  lastChangeDateTime: dateTime,
});
export type CFAssociationGrouping = z.infer<typeof cfAssociationGroupingSchema>;

export const cfDefinitionsSchema = z.object({
  CFConcepts: z.array(cfConceptSchema).optional(),
  CFSubjects: z.array(cfSubjectSchema).optional(),
  CFLicenses: z.array(cfLicenseSchema).optional(),
  CFItemTypes: z.array(cfItemTypeSchema).optional(),
  CFAssociationGroupings: z.array(cfAssociationGroupingSchema).optional(),
});
export type CFDefinitions = z.infer<typeof cfDefinitionsSchema>;

/** A whole framework: the document, its items, the associations between them, shared definitions. */
export const cfPackageSchema = z.object({
  CFDocument: cfDocumentSchema,
  CFItems: z.array(cfItemSchema).optional(),
  CFAssociations: z.array(cfAssociationSchema).optional(),
  CFDefinitions: cfDefinitionsSchema.optional(),
});

/** A parsed package; the item and association lists are always present (possibly empty). */
export interface CFPackage {
  CFDocument: CFDocument;
  CFItems: CFItem[];
  CFAssociations: CFAssociation[];
  CFDefinitions: CFDefinitions;
}
