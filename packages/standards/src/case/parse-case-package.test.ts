import { describe, expect, it } from "vitest";
import { datasetPath, missingDatasetReason, readDataset } from "../testing/shared-datasets.js";
import { parseCasePackage } from "./parse-case-package.js";

const SMARTER_BALANCED = "case/smarter-balanced-math-content-spec.json";
const hasDataset = datasetPath(SMARTER_BALANCED) !== null;
if (!hasDataset) console.warn(missingDatasetReason(SMARTER_BALANCED));

const DOC_ID = "11111111-2222-4333-8444-555555555555";
const ITEM_ID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

function minimalPackage(): Record<string, unknown> {
  return {
    CFDocument: {
      identifier: DOC_ID,
      uri: `https://case.example.org/CFDocuments/${DOC_ID}`,
      creator: "Example",
      title: "Example framework",
      lastChangeDateTime: "2024-01-01T00:00:00Z",
    },
    CFItems: [
      {
        identifier: ITEM_ID,
        uri: `https://case.example.org/CFItems/${ITEM_ID}`,
        fullStatement: "Count to 100.",
        lastChangeDateTime: "2024-01-01T00:00:00Z",
      },
    ],
    CFAssociations: [
      {
        identifier: "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        uri: "https://case.example.org/CFAssociations/cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        associationType: "isChildOf",
        originNodeURI: { title: "K.CC.1", identifier: ITEM_ID, uri: `https://case.example.org/CFItems/${ITEM_ID}` },
        destinationNodeURI: { title: "Example", identifier: DOC_ID, uri: `https://case.example.org/CFDocuments/${DOC_ID}` },
        lastChangeDateTime: "2024-01-01T00:00:00Z",
      },
    ],
  };
}

function errorsOf(json: unknown) {
  const result = parseCasePackage(json);
  if (result.ok) throw new Error("expected the package to be rejected");
  return result.errors;
}

describe.skipIf(!hasDataset)("parseCasePackage on the Smarter Balanced package", () => {
  const json: unknown = hasDataset ? JSON.parse(readDataset(SMARTER_BALANCED)) : null;

  it("accepts the package and keeps every item, association and item type", () => {
    const result = parseCasePackage(json);
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    const pkg = result.value;
    expect(pkg.CFDocument.identifier).toBe("255adad7-2854-47d7-9aa4-c5e1750eb8ca");
    expect(pkg.CFDocument.title).toBe("Smarter Balanced Math Content Specification");
    expect(pkg.CFItems).toHaveLength(585);
    expect(pkg.CFAssociations).toHaveLength(3368);
    expect(pkg.CFDefinitions.CFItemTypes).toHaveLength(6);
  });

  it("counts the association types the dataset README lists", () => {
    const result = parseCasePackage(json);
    if (!result.ok) throw new Error("rejected");
    const counts: Record<string, number> = {};
    for (const a of result.value.CFAssociations) counts[a.associationType] = (counts[a.associationType] ?? 0) + 1;
    expect(counts).toEqual({ isChildOf: 570, isRelatedTo: 1461, exactMatchOf: 914, precedes: 423 });
  });

  it("accepts the same package wrapped as { CFPackage: ... }", () => {
    const result = parseCasePackage({ CFPackage: json });
    expect(result.ok && result.value.CFItems.length).toBe(585);
  });
});

describe("parseCasePackage on bad input", () => {
  it("accepts a minimal valid package and reads null optional fields as absent", () => {
    const pkg = minimalPackage();
    (pkg.CFDocument as Record<string, unknown>).version = null;
    const result = parseCasePackage(pkg);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.CFDocument.version).toBeUndefined();
    expect(result.value.CFDefinitions).toEqual({});
  });

  it("rejects something that is not an object", () => {
    expect(errorsOf("CFPackage")).toEqual([{ path: "", code: "invalid_type", message: expect.stringContaining("JSON object") }]);
    expect(errorsOf([])[0]?.code).toBe("invalid_type");
  });

  it("names a missing CFDocument", () => {
    const pkg = minimalPackage();
    delete pkg.CFDocument;
    expect(errorsOf(pkg)).toEqual([{ path: "CFDocument", code: "required", message: '"CFDocument" is required' }]);
  });

  it("prefixes paths with CFPackage when the input is wrapped", () => {
    const pkg = minimalPackage();
    delete pkg.CFDocument;
    expect(errorsOf({ CFPackage: pkg })[0]?.path).toBe("CFPackage.CFDocument");
  });

  it("names a non-UUID identifier", () => {
    const pkg = minimalPackage();
    (pkg.CFItems as Record<string, unknown>[])[0]!.identifier = "K.CC.1";
    const errors = errorsOf(pkg);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: "CFItems[0].identifier", code: "invalid_uuid" });
    expect(errors[0]?.message).toContain('"K.CC.1"');
  });

  it("names an unknown associationType and lists the CASE 1.0 vocabulary", () => {
    const pkg = minimalPackage();
    (pkg.CFAssociations as Record<string, unknown>[])[0]!.associationType = "isTranslationOf";
    const errors = errorsOf(pkg);
    expect(errors).toEqual([
      { path: "CFAssociations[0].associationType", code: "invalid_enum", message: expect.stringContaining("exactMatchOf") },
    ]);
  });

  it("reports every problem at once, each with its own path and code", () => {
    const pkg = minimalPackage();
    const doc = pkg.CFDocument as Record<string, unknown>;
    delete doc.title;
    doc.lastChangeDateTime = "yesterday";
    const association = (pkg.CFAssociations as Record<string, unknown>[])[0]!;
    association.destinationNodeURI = { title: "x", identifier: "x", uri: "not a uri" };
    delete association.originNodeURI;
    association.sequenceNumber = "1";
    const found = errorsOf(pkg).map((e) => [e.path, e.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["CFDocument.title", "required"],
        ["CFDocument.lastChangeDateTime", "invalid_datetime"],
        ["CFAssociations[0].originNodeURI", "required"],
        ["CFAssociations[0].destinationNodeURI.uri", "invalid_uri"],
        ["CFAssociations[0].sequenceNumber", "invalid_type"],
      ]),
    );
    expect(found).toHaveLength(5);
  });

  it("rejects two different items that share an identifier but tolerates an exact repeat", () => {
    const pkg = minimalPackage();
    const items = pkg.CFItems as Record<string, unknown>[];
    items.push({ ...items[0] });
    expect(parseCasePackage(pkg).ok).toBe(true);
    items.push({ ...items[0], fullStatement: "Count to 120." });
    expect(errorsOf(pkg)).toEqual([
      { path: "CFItems[2].identifier", code: "duplicate_identifier", message: expect.stringContaining("CFItems[0]") },
    ]);
  });
});
