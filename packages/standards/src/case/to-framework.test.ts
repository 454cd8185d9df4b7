import { describe, expect, it } from "vitest";
import { datasetPath, missingDatasetReason, readDataset } from "../testing/shared-datasets.js";
import type { CFAssociation, CFAssociationType, CFItem, CFPackage } from "./model.js";
import { parseCasePackage } from "./parse-case-package.js";
import { compareNatural, externalCode, toFramework } from "./to-framework.js";

const SMARTER_BALANCED = "case/smarter-balanced-math-content-spec.json";
const hasDataset = datasetPath(SMARTER_BALANCED) !== null;
if (!hasDataset) console.warn(missingDatasetReason(SMARTER_BALANCED));

describe.skipIf(!hasDataset)("toFramework on the Smarter Balanced package", () => {
  const parsed = hasDataset ? parseCasePackage(JSON.parse(readDataset(SMARTER_BALANCED))) : null;
  if (parsed && !parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  const framework = parsed?.ok ? toFramework(parsed.value) : null;
  const fw = () => framework as NonNullable<typeof framework>;
  const byCode = (code: string) => fw().competencies.find((c) => c.humanCodingScheme === code);

  it("describes the source document", () => {
    expect(fw().source).toMatchObject({
      identifier: "255adad7-2854-47d7-9aa4-c5e1750eb8ca",
      title: "Smarter Balanced Math Content Specification",
      publisher: "Smarter Balanced Assessment Consortium",
      adoptionStatus: "Draft",
      version: null,
      lastChangeDateTime: "2018-03-01T21:01:43+00:00",
    });
  });

  it("keeps all 585 items, each once", () => {
    expect(fw().competencies).toHaveLength(585);
    expect(new Set(fw().competencies.map((c) => c.caseIdentifier)).size).toBe(585);
  });

  it("maps a known measured skill with its CASE identifier, code and parent", () => {
    const skill = byCode("M.G3.C1OA.TA.3.OA.A.1");
    expect(skill).toMatchObject({
      caseIdentifier: "31667393-f9e8-5114-9796-3f86ebd73ac5",
      itemType: "Measured Skill",
      educationLevels: ["03"],
      listEnumeration: "537",
      isLeaf: true,
      depth: 4,
    });
    expect(skill?.statement).toMatch(/^Interpret products of whole numbers/);
    const parent = fw().competencies.find((c) => c.caseIdentifier === skill?.parentIdentifier);
    expect(parent?.humanCodingScheme).toBe("M.G3.C1OA.TA");
    expect(parent?.isLeaf).toBe(false);
  });

  it("puts grade 3 at the top level under the document, with a null parent", () => {
    const grade3 = byCode("M.G3");
    expect(grade3).toMatchObject({ parentIdentifier: null, depth: 0, itemType: "Grade" });
    expect(fw().competencies[0]?.humanCodingScheme).toBe("M.G3");
  });

  it("lists competencies in tree order: every parent before its children, siblings in publisher order", () => {
    const index = new Map(fw().competencies.map((c, i) => [c.caseIdentifier, i]));
    for (const [i, c] of fw().competencies.entries()) {
      if (c.parentIdentifier !== null) expect(index.get(c.parentIdentifier)).toBeLessThan(i);
    }
    const topLevelGrades = fw()
      .competencies.filter((c) => c.depth === 0 && c.itemType === "Grade")
      .map((c) => c.humanCodingScheme);
    expect(topLevelGrades).toEqual(["M.G3", "M.G4", "M.G5", "M.G6", "M.G7", "M.G8", "M.GHS"]);
    const targets = fw()
      .competencies.filter((c) => c.parentIdentifier === byCode("M.G3.C1OA.TA")?.caseIdentifier)
      .map((c) => c.humanCodingScheme);
    expect(targets).toEqual([
      "M.G3.C1OA.TA.3.OA.A.1",
      "M.G3.C1OA.TA.3.OA.A.2",
      "M.G3.C1OA.TA.3.OA.A.3",
      "M.G3.C1OA.TA.3.OA.A.4",
    ]);
  });

  it("maps the same package to the same framework every time", () => {
    if (!parsed?.ok) throw new Error("no package");
    expect(toFramework(parsed.value)).toEqual(fw());
  });

  it("keeps Common Core codes from exactMatchOf, although they are outside the package", () => {
    const skill = byCode("M.G3.C1OA.TA.3.OA.A.1");
    const matches = fw().exactMatches.filter((m) => m.caseIdentifier === skill?.caseIdentifier);
    expect(matches.map((m) => m.code)).toContain("CCSS-M:3.OA.A.1");
    expect(matches.find((m) => m.code === "CCSS-M:3.OA.A.1")?.uri).toBe(
      "urn:fdc:edplancms.com:2016:cfr:CCSS-M:3.OA.A.1",
    );
    expect(fw().exactMatches).toHaveLength(914);
    expect(fw().exactMatches.filter((m) => m.code?.startsWith("CCSS-M:"))).toHaveLength(266);
  });

  it("turns precedes into prerequisite edges between competencies of the package", () => {
    // 423 precedes: 3 start at 8.EE.C.7, which is not in the package, and one pair is stated twice.
    expect(fw().prerequisites).toHaveLength(419);
    const from = byCode("M.G3.C1OA.TA.3.OA.A.2")?.caseIdentifier;
    const to = byCode("M.G4.C1OA.TA")?.caseIdentifier;
    expect(fw().prerequisites).toContainEqual({ from, to });
    const ids = new Set(fw().competencies.map((c) => c.caseIdentifier));
    for (const edge of fw().prerequisites) expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
  });

  it("splits isRelatedTo into pairs inside the package and external references", () => {
    expect(fw().related).toHaveLength(373);
    // 1,087 external destinations, one association of which is listed twice with the same identifier.
    expect(fw().relatedExternal).toHaveLength(1086);
    expect(fw().relatedExternal.some((r) => r.code === "DOK:M-DOK 1")).toBe(true);
  });

  it("reports dangling references, the duplicate association and parentless items as warnings", () => {
    const count = (code: string) => fw().warnings.filter((w) => w.code === code).length;
    expect(count("dangling_reference")).toBe(4);
    expect(count("duplicate_identifier")).toBe(1);
    expect(count("no_parent")).toBe(15);
    expect(fw().warnings).toHaveLength(20);
    expect(fw().warnings).toContainEqual({
      path: "CFAssociations[3275].originNodeURI",
      code: "dangling_reference",
      message: expect.stringContaining("8.EE.C.7"),
    });
  });

  it("counts each association type: found, mapped, and skipped by reason, adding up", () => {
    const counts = fw().associations;
    expect(Object.keys(counts).sort()).toEqual(["exactMatchOf", "isChildOf", "isRelatedTo", "precedes"]);
    for (const count of Object.values(counts)) {
      const skipped = Object.values(count.skipped).reduce((sum, n) => sum + n, 0);
      expect(count.found).toBe(count.mapped + skipped);
    }
    expect(counts.isChildOf?.found).toBe(570);
    expect(counts.precedes?.found).toBe(423);
    expect(counts.precedes?.mapped).toBe(fw().prerequisites.length);
    expect(counts.exactMatchOf?.mapped).toBe(fw().exactMatches.length);
    expect(counts.isRelatedTo?.mapped).toBe(fw().related.length + fw().relatedExternal.length);
    const dangling = Object.values(counts).reduce((sum, c) => sum + (c.skipped.dangling_reference ?? 0), 0);
    expect(dangling).toBe(4);
  });
});

// --- small hand-built packages for the edge cases -------------------------------------------

const DOC = "00000000-0000-4000-8000-000000000000";
const T = "2024-01-01T00:00:00Z";
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const link = (id: string, title = "") => ({ title, identifier: id, uri: `https://case.example.org/x/${id}` });

function item(n: number, extra: Partial<CFItem> = {}): CFItem {
  return {
    identifier: uuid(n),
    uri: link(uuid(n)).uri,
    fullStatement: `Statement ${n}`,
    lastChangeDateTime: T,
    ...extra,
  };
}

let associationCounter = 1000;
function association(
  type: CFAssociationType,
  origin: string,
  destination: string,
  extra: Partial<CFAssociation> = {},
): CFAssociation {
  const id = uuid(associationCounter++);
  return {
    identifier: id,
    uri: link(id).uri,
    associationType: type,
    originNodeURI: link(origin),
    destinationNodeURI: link(destination),
    lastChangeDateTime: T,
    ...extra,
  };
}

function pkg(items: CFItem[], associations: CFAssociation[]): CFPackage {
  return {
    CFDocument: { identifier: DOC, uri: link(DOC).uri, creator: "c", title: "Doc", lastChangeDateTime: T },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {},
  };
}

describe("toFramework edge cases", () => {
  it("orders siblings by sequenceNumber, then listEnumeration, then humanCodingScheme (naturally)", () => {
    const items = [
      item(1, { humanCodingScheme: "A.10" }),
      item(2, { humanCodingScheme: "A.9" }),
      item(3, { humanCodingScheme: "Z", listEnumeration: "2" }),
      item(4, { humanCodingScheme: "Y", listEnumeration: "10" }),
      item(5, { humanCodingScheme: "last-by-sequence" }),
      item(6, { humanCodingScheme: "first-by-sequence" }),
    ];
    const fw = toFramework(
      pkg(items, [
        ...[1, 2, 3, 4].map((n) => association("isChildOf", uuid(n), DOC)),
        association("isChildOf", uuid(5), DOC, { sequenceNumber: 2 }),
        association("isChildOf", uuid(6), DOC, { sequenceNumber: 1 }),
      ]),
    );
    expect(fw.competencies.map((c) => c.humanCodingScheme)).toEqual([
      "first-by-sequence",
      "last-by-sequence",
      "Z",
      "Y",
      "A.9",
      "A.10",
    ]);
    expect(fw.warnings).toEqual([]);
  });

  it("breaks an isChildOf cycle instead of looping, and says so", () => {
    const fw = toFramework(
      pkg(
        [item(1), item(2), item(3)],
        [
          association("isChildOf", uuid(1), uuid(2)),
          association("isChildOf", uuid(2), uuid(1)),
          association("isChildOf", uuid(3), uuid(1)),
        ],
      ),
    );
    expect(fw.competencies).toHaveLength(3);
    expect(fw.competencies.filter((c) => c.parentIdentifier === null)).toHaveLength(1);
    expect(fw.warnings.map((w) => w.code)).toEqual(["child_cycle"]);
  });

  it("keeps the first parent of an item with two, and warns about the second", () => {
    const fw = toFramework(
      pkg(
        [item(1), item(2), item(3)],
        [
          association("isChildOf", uuid(1), DOC),
          association("isChildOf", uuid(2), DOC),
          association("isChildOf", uuid(3), uuid(1)),
          association("isChildOf", uuid(3), uuid(2)),
        ],
      ),
    );
    expect(fw.competencies.find((c) => c.caseIdentifier === uuid(3))?.parentIdentifier).toBe(uuid(1));
    expect(fw.warnings).toEqual([
      { path: "CFAssociations[3]", code: "multiple_parents", message: expect.any(String) },
    ]);
  });

  it("warns about a parent that is not in the package and imports the child as top-level", () => {
    const fw = toFramework(pkg([item(1)], [association("isChildOf", uuid(1), uuid(99))]));
    expect(fw.competencies[0]?.parentIdentifier).toBeNull();
    expect(fw.warnings.map((w) => [w.path, w.code])).toEqual([
      ["CFAssociations[0].destinationNodeURI", "dangling_reference"],
      ["CFItems[0]", "no_parent"],
    ]);
  });

  it("reads precedes as origin-before-destination, drops self-loops and repeated edges", () => {
    const fw = toFramework(
      pkg(
        [item(1), item(2)],
        [
          association("isChildOf", uuid(1), DOC),
          association("isChildOf", uuid(2), DOC),
          association("precedes", uuid(1), uuid(2)),
          association("precedes", uuid(1), uuid(2)),
          association("precedes", uuid(2), uuid(2)),
          association("precedes", uuid(2), uuid(77)),
        ],
      ),
    );
    expect(fw.prerequisites).toEqual([{ from: uuid(1), to: uuid(2) }]);
    expect(fw.warnings.map((w) => w.code)).toEqual(["self_reference", "dangling_reference"]);
  });

  it("lists each related pair once whichever way round it is stated", () => {
    const fw = toFramework(
      pkg(
        [item(1), item(2)],
        [
          association("isRelatedTo", uuid(2), uuid(1)),
          association("isRelatedTo", uuid(1), uuid(2)),
          association("isChildOf", uuid(1), DOC),
          association("isChildOf", uuid(2), DOC),
        ],
      ),
    );
    expect(fw.related).toHaveLength(1);
  });

  it("resolves references by identifier case-insensitively and reports the item's own identifier", () => {
    const fw = toFramework(
      pkg(
        [item(1), item(2)],
        [
          association("isChildOf", uuid(1), DOC),
          association("isChildOf", uuid(2).toUpperCase(), uuid(1).toUpperCase()),
        ],
      ),
    );
    expect(fw.competencies[1]?.parentIdentifier).toBe(uuid(1));
    expect(fw.warnings).toEqual([]);
  });

  it("counts association types it does not map", () => {
    const fw = toFramework(
      pkg(
        [item(1), item(2)],
        [
          association("isChildOf", uuid(1), DOC),
          association("isChildOf", uuid(2), DOC),
          association("isPeerOf", uuid(1), uuid(2)),
          association("isPeerOf", uuid(2), uuid(1)),
        ],
      ),
    );
    expect(fw.warnings).toEqual([
      {
        path: "CFAssociations",
        code: "unmapped_association",
        message: "2 isPeerOf associations are not mapped",
      },
    ]);
  });

  it("falls back to the CFItemTypeURI title for the item type", () => {
    const fw = toFramework(
      pkg(
        [item(1, { CFItemTypeURI: { title: "Standard", identifier: uuid(50), uri: "https://x/50" } })],
        [association("isChildOf", uuid(1), DOC)],
      ),
    );
    expect(fw.competencies[0]?.itemType).toBe("Standard");
  });
});

describe("externalCode", () => {
  it("decodes the code at the end of a curriculum-registry URN", () => {
    expect(externalCode("urn:fdc:edplancms.com:2016:cfr:CCSS-M:3.OA.A.1")).toBe("CCSS-M:3.OA.A.1");
    expect(externalCode("urn:fdc:edplancms.com:2016:cfr:AIR:3%7CCC-MA-v1%3AOA%7C3.A")).toBe(
      "AIR:3|CC-MA-v1:OA|3.A",
    );
  });

  it("gives null for URIs that carry no code", () => {
    expect(externalCode("local:f3f0c381-342f-41db-a0a6-b1d94340b17f")).toBeNull();
    expect(externalCode("https://case.example.org/CFItems/1")).toBeNull();
  });
});

describe("compareNatural", () => {
  it("compares digit runs as numbers and the rest by code unit", () => {
    const sorted = ["M.G10", "M.G3", "M.G3.C1", "M.GHS", "M.G03.b", "3.OA.A.10", "3.OA.A.2"].sort(
      compareNatural,
    );
    expect(sorted).toEqual(["3.OA.A.2", "3.OA.A.10", "M.G3", "M.G3.C1", "M.G03.b", "M.G10", "M.GHS"]);
  });
});
