/**
 * A small, valid CASE 1.0 package for tests: a document, its items (children of the document) and
 * `precedes` associations, with stable identifiers so a second call describes the same framework.
 */
export interface CasePackageSpec {
  documentId?: string;
  title?: string;
  version?: string;
  items: { id: string; code: string; statement: string; grade?: string }[];
  /** [earlier, later] pairs of item ids. */
  precedes?: [string, string][];
}

const BASE = "https://case.example.org";

export function casePackage(spec: CasePackageSpec): Record<string, unknown> {
  const doc = spec.documentId ?? "11111111-2222-4333-8444-555555555555";
  const when = spec.version ?? "2024-01-01T00:00:00Z";
  const node = (kind: string, id: string, title: string) => ({
    title,
    identifier: id,
    uri: `${BASE}/${kind}/${id}`,
  });
  const association = (n: number, type: string, origin: object, destination: object) => ({
    identifier: `cccccccc-0000-4000-8000-${String(n).padStart(12, "0")}`,
    uri: `${BASE}/CFAssociations/cccccccc-0000-4000-8000-${String(n).padStart(12, "0")}`,
    associationType: type,
    originNodeURI: origin,
    destinationNodeURI: destination,
    lastChangeDateTime: when,
  });
  const title = spec.title ?? "Example framework";
  return {
    CFDocument: {
      identifier: doc,
      uri: `${BASE}/CFDocuments/${doc}`,
      creator: "Example",
      title,
      lastChangeDateTime: when,
    },
    CFItems: spec.items.map((item) => ({
      identifier: item.id,
      uri: `${BASE}/CFItems/${item.id}`,
      fullStatement: item.statement,
      humanCodingScheme: item.code,
      ...(item.grade ? { educationLevel: [item.grade] } : {}),
      lastChangeDateTime: when,
    })),
    CFAssociations: [
      ...spec.items.map((item, i) =>
        association(i + 1, "isChildOf", node("CFItems", item.id, item.code), node("CFDocuments", doc, title)),
      ),
      ...(spec.precedes ?? []).map(([from, to], i) =>
        association(1000 + i, "precedes", node("CFItems", from, from), node("CFItems", to, to)),
      ),
    ],
  };
}
