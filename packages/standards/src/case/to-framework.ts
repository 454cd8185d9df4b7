/**
 * Maps a parsed CASE package to the neutral shape the platform imports: competencies in tree
 * order with their parent, prerequisite edges, related pairs and external codes. CASE identifiers
 * are kept verbatim so a re-import of a newer version can find the same competencies again.
 *
 * Association mapping:
 * - isChildOf A→B: B is A's parent (B may be the CFDocument: then A is top-level, parent null).
 * - precedes A→B: A is a prerequisite of B, i.e. `{ from: A, to: B }`.
 * - isRelatedTo A→B: a related pair when both are in the package; an external reference (DOK
 *   level, Common Core code...) when only A is.
 * - exactMatchOf A→X: X is usually outside the package (e.g. `CCSS-M:3.OA.A.1`); kept with its code.
 * Other types (isPeerOf, isPartOf, replacedBy, exemplar, hasSkillLevel) are not mapped; a warning
 * counts them. Broken references never fail the mapping: they become warnings.
 */
import { formatPath, type Issue } from "../result.js";
import type { CFItem, CFPackage, LinkGenURI } from "./model.js";

export interface FrameworkSource {
  identifier: string;
  uri: string;
  title: string;
  version: string | null;
  lastChangeDateTime: string;
  creator: string;
  publisher: string | null;
  adoptionStatus: string | null;
  officialSourceURL: string | null;
  language: string | null;
}

export interface Competency {
  caseIdentifier: string;
  uri: string;
  humanCodingScheme: string | null;
  /** The CASE fullStatement. */
  statement: string;
  abbreviatedStatement: string | null;
  /** CFItemType, or the title of CFItemTypeURI when only that is given. */
  itemType: string | null;
  educationLevels: string[];
  listEnumeration: string | null;
  /** From isChildOf; null for items directly under the document (or with no usable parent). */
  parentIdentifier: string | null;
  /** 0 for top-level competencies. */
  depth: number;
  isLeaf: boolean;
  lastChangeDateTime: string;
}

/** A directed edge between two competencies of the package, by CASE identifier. */
export interface CompetencyEdge {
  from: string;
  to: string;
}

/** A competency's link to a node outside the package (exactMatchOf, external isRelatedTo). */
export interface ExternalReference {
  caseIdentifier: string;
  /** The code carried by the target URI, e.g. `CCSS-M:3.OA.A.1`; null when the URI carries none. */
  code: string | null;
  uri: string;
  targetIdentifier: string;
  title: string;
}

export interface Framework {
  source: FrameworkSource;
  /** Depth-first tree order; siblings by sequenceNumber, listEnumeration, humanCodingScheme. */
  competencies: Competency[];
  /** From `precedes`: `from` must be learned before `to`. */
  prerequisites: CompetencyEdge[];
  /** From `isRelatedTo` between two competencies of the package (symmetric; each pair once). */
  related: CompetencyEdge[];
  exactMatches: ExternalReference[];
  /** From `isRelatedTo` whose destination is outside the package. */
  relatedExternal: ExternalReference[];
  /** Problems that did not stop the mapping; paths are relative to the CFPackage. */
  warnings: Issue[];
  /** Per association type: how many the package has and how many were left out, by reason. */
  associations: Record<string, AssociationCount>;
}

/** Why an association did not become an edge, a parent or an external code. */
export type AssociationSkipReason =
  | "duplicate_identifier"
  | "dangling_reference"
  | "self_reference"
  | "multiple_parents"
  | "duplicate_pair"
  | "unmapped_type";

export interface AssociationCount {
  /** In the package's CFAssociations. */
  found: number;
  /** Found minus those skipped. */
  mapped: number;
  skipped: Partial<Record<AssociationSkipReason, number>>;
}

/** Codes of the warnings `toFramework` can report. */
export type FrameworkWarningCode =
  | "duplicate_identifier"
  | "dangling_reference"
  | "self_reference"
  | "multiple_parents"
  | "no_parent"
  | "child_cycle"
  | "unmapped_association";

interface Placement {
  parentKey: string | null;
  sequenceNumber: number | undefined;
}

export function toFramework(pkg: CFPackage): Framework {
  const warnings: Issue[] = [];
  const warn = (path: PropertyKey[], code: FrameworkWarningCode, message: string) =>
    warnings.push({ path: formatPath(path), code, message });

  const doc = pkg.CFDocument;
  const items = new Map<string, CFItem>();
  const keyByUri = new Map<string, string>();
  pkg.CFItems.forEach((item, index) => {
    const key = keyOf(item.identifier);
    if (items.has(key)) {
      warn(
        ["CFItems", index],
        "duplicate_identifier",
        `item ${item.identifier} appears more than once; the first is used`,
      );
      return;
    }
    items.set(key, item);
    keyByUri.set(item.uri, key);
  });
  const itemKey = (link: LinkGenURI): string | null => {
    const key = keyOf(link.identifier);
    return items.has(key) ? key : (keyByUri.get(link.uri) ?? null);
  };
  const isDocument = (link: LinkGenURI) =>
    keyOf(link.identifier) === keyOf(doc.identifier) || link.uri === doc.uri;

  const placement = new Map<string, Placement>();
  const prerequisites: CompetencyEdge[] = [];
  const related: CompetencyEdge[] = [];
  const exactMatches: ExternalReference[] = [];
  const relatedExternal: ExternalReference[] = [];
  const unmapped = new Map<string, number>();
  const seenAssociations = new Set<string>();
  const associations: Record<string, AssociationCount> = {};
  const countOf = (type: string) => (associations[type] ??= { found: 0, mapped: 0, skipped: {} });
  const skip = (type: string, reason: AssociationSkipReason, n = 1) => {
    if (n <= 0) return;
    const count = countOf(type);
    count.skipped[reason] = (count.skipped[reason] ?? 0) + n;
  };

  pkg.CFAssociations.forEach((association, index) => {
    const at = ["CFAssociations", index];
    const id = keyOf(association.identifier);
    countOf(association.associationType).found++;
    if (seenAssociations.has(id)) {
      warn(
        at,
        "duplicate_identifier",
        `association ${association.identifier} appears more than once; the first is used`,
      );
      skip(association.associationType, "duplicate_identifier");
      return;
    }
    seenAssociations.add(id);

    const { associationType: type, originNodeURI: origin, destinationNodeURI: destination } = association;
    const from = itemKey(origin);
    const to = itemKey(destination);
    const dangling = (end: "originNodeURI" | "destinationNodeURI", link: LinkGenURI) => {
      warn(
        [...at, end],
        "dangling_reference",
        `${type} ${end === "originNodeURI" ? "origin" : "destination"} ${describeLink(link)} is not in the package; association ignored`,
      );
      skip(type, "dangling_reference");
    };

    if (type !== "isChildOf" && type !== "precedes" && type !== "isRelatedTo" && type !== "exactMatchOf") {
      unmapped.set(type, (unmapped.get(type) ?? 0) + 1);
      skip(type, "unmapped_type");
      return;
    }
    if (from === null) return dangling("originNodeURI", origin);
    if (from === to) {
      warn(at, "self_reference", `${type} links item ${describeLink(origin)} to itself; association ignored`);
      skip(type, "self_reference");
      return;
    }

    switch (type) {
      case "isChildOf": {
        if (to === null && !isDocument(destination)) return dangling("destinationNodeURI", destination);
        const existing = placement.get(from);
        if (existing) {
          warn(
            at,
            "multiple_parents",
            `item ${describeLink(origin)} already has a parent; this isChildOf is ignored`,
          );
          skip(type, "multiple_parents");
          return;
        }
        placement.set(from, { parentKey: to, sequenceNumber: association.sequenceNumber });
        return;
      }
      case "precedes":
        if (to === null) return dangling("destinationNodeURI", destination);
        prerequisites.push({ from, to });
        return;
      case "isRelatedTo":
        if (to !== null) related.push({ from, to });
        else relatedExternal.push(externalReference(from, destination));
        return;
      case "exactMatchOf":
        exactMatches.push(externalReference(from, destination));
        return;
    }
  });
  for (const [type, count] of unmapped) {
    warn(
      ["CFAssociations"],
      "unmapped_association",
      `${count} ${type} association${count === 1 ? " is" : "s are"} not mapped`,
    );
  }

  const order = treeOrder(items, placement, pkg, warn);
  const position = new Map(order.map((entry, index) => [entry.key, index]));
  const identifierOf = (key: string) => items.get(key)?.identifier ?? key;
  const pos = (key: string) => position.get(key) ?? Number.MAX_SAFE_INTEGER;

  const competencies: Competency[] = order.map(({ key, parentKey, depth, isLeaf }) => {
    const item = items.get(key) as CFItem;
    return {
      caseIdentifier: item.identifier,
      uri: item.uri,
      humanCodingScheme: item.humanCodingScheme ?? null,
      statement: item.fullStatement,
      abbreviatedStatement: item.abbreviatedStatement ?? null,
      itemType: item.CFItemType ?? item.CFItemTypeURI?.title ?? null,
      educationLevels: item.educationLevel ?? [],
      listEnumeration: item.listEnumeration ?? null,
      parentIdentifier: parentKey === null ? null : identifierOf(parentKey),
      depth,
      isLeaf,
      lastChangeDateTime: item.lastChangeDateTime,
    };
  });

  const edges = (list: CompetencyEdge[], symmetric: boolean) => {
    const seen = new Set<string>();
    return list
      .filter(({ from, to }) => {
        const key = symmetric && pos(to) < pos(from) ? `${to} ${from}` : `${from} ${to}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => pos(a.from) - pos(b.from) || pos(a.to) - pos(b.to))
      .map(({ from, to }) => ({ from: identifierOf(from), to: identifierOf(to) }));
  };
  const references = (list: ExternalReference[]) => {
    const seen = new Set<string>();
    return list
      .filter((ref) => {
        const key = `${ref.caseIdentifier} ${ref.uri}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort(
        (a, b) =>
          pos(a.caseIdentifier) - pos(b.caseIdentifier) || compareNatural(a.code ?? a.uri, b.code ?? b.uri),
      )
      .map((ref) => ({ ...ref, caseIdentifier: identifierOf(ref.caseIdentifier) }));
  };

  const mappedPrerequisites = edges(prerequisites, false);
  const mappedRelated = edges(related, true);
  const mappedExactMatches = references(exactMatches);
  const mappedRelatedExternal = references(relatedExternal);
  // The same pair twice (or, for isRelatedTo, both ways round) is one edge.
  skip("precedes", "duplicate_pair", prerequisites.length - mappedPrerequisites.length);
  skip(
    "isRelatedTo",
    "duplicate_pair",
    related.length - mappedRelated.length + relatedExternal.length - mappedRelatedExternal.length,
  );
  skip("exactMatchOf", "duplicate_pair", exactMatches.length - mappedExactMatches.length);
  for (const count of Object.values(associations)) {
    count.mapped = count.found - Object.values(count.skipped).reduce((sum, n) => sum + n, 0);
  }

  return {
    source: {
      identifier: doc.identifier,
      uri: doc.uri,
      title: doc.title,
      version: doc.version ?? null,
      lastChangeDateTime: doc.lastChangeDateTime,
      creator: doc.creator,
      publisher: doc.publisher ?? null,
      adoptionStatus: doc.adoptionStatus ?? null,
      officialSourceURL: doc.officialSourceURL ?? null,
      language: doc.language ?? null,
    },
    competencies,
    prerequisites: mappedPrerequisites,
    related: mappedRelated,
    exactMatches: mappedExactMatches,
    relatedExternal: mappedRelatedExternal,
    warnings,
    associations,
  };
}

interface OrderedEntry {
  key: string;
  parentKey: string | null;
  depth: number;
  isLeaf: boolean;
}

/**
 * Depth-first order from the document's children. Items with no isChildOf become top-level after
 * the document's own children; an isChildOf cycle is broken at its first item in sibling order.
 */
function treeOrder(
  items: Map<string, CFItem>,
  placement: Map<string, Placement>,
  pkg: CFPackage,
  warn: (path: PropertyKey[], code: FrameworkWarningCode, message: string) => void,
): OrderedEntry[] {
  const children = new Map<string | null, string[]>();
  const unplaced: string[] = [];
  for (const key of items.keys()) {
    const place = placement.get(key);
    if (!place) {
      unplaced.push(key);
      continue;
    }
    const siblings = children.get(place.parentKey) ?? [];
    siblings.push(key);
    children.set(place.parentKey, siblings);
  }

  const compare = (a: string, b: string) => compareSiblings(items, placement, a, b);
  for (const list of children.values()) list.sort(compare);
  unplaced.sort(compare);

  const indexOf = new Map(pkg.CFItems.map((item, index) => [keyOf(item.identifier), index]));
  for (const key of unplaced) {
    warn(
      ["CFItems", indexOf.get(key) ?? -1],
      "no_parent",
      `item ${describeItem(items.get(key))} has no isChildOf association; imported as top-level`,
    );
  }

  const out: OrderedEntry[] = [];
  const visited = new Set<string>();
  const visit = (root: string, parentKey: string | null) => {
    const stack: { key: string; parentKey: string | null; depth: number }[] = [
      { key: root, parentKey, depth: 0 },
    ];
    while (stack.length > 0) {
      const next = stack.pop() as { key: string; parentKey: string | null; depth: number };
      if (visited.has(next.key)) continue;
      visited.add(next.key);
      const kids = children.get(next.key) ?? [];
      out.push({ key: next.key, parentKey: next.parentKey, depth: next.depth, isLeaf: kids.length === 0 });
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push({ key: kids[i] as string, parentKey: next.key, depth: next.depth + 1 });
      }
    }
  };
  for (const key of children.get(null) ?? []) visit(key, null);
  for (const key of unplaced) visit(key, null);

  // Whatever is still unvisited hangs off an isChildOf cycle: cut the cycle and carry on.
  const remaining = [...items.keys()].filter((key) => !visited.has(key)).sort(compare);
  for (const key of remaining) {
    if (visited.has(key)) continue;
    warn(
      ["CFItems", indexOf.get(key) ?? -1],
      "child_cycle",
      `item ${describeItem(items.get(key))} is in an isChildOf cycle; imported as top-level`,
    );
    visit(key, null);
  }
  return out;
}

function compareSiblings(
  items: Map<string, CFItem>,
  placement: Map<string, Placement>,
  a: string,
  b: string,
): number {
  const ia = items.get(a);
  const ib = items.get(b);
  const sa = placement.get(a)?.sequenceNumber ?? Number.POSITIVE_INFINITY;
  const sb = placement.get(b)?.sequenceNumber ?? Number.POSITIVE_INFINITY;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return (
    compareOptional(ia?.listEnumeration, ib?.listEnumeration) ||
    compareOptional(ia?.humanCodingScheme, ib?.humanCodingScheme) ||
    compareNatural(ia?.fullStatement ?? "", ib?.fullStatement ?? "") ||
    compareNatural(a, b)
  );
}

/** Present values first, in natural order. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return compareNatural(a, b);
}

/**
 * Natural order independent of locale: digit runs compare as numbers ("G3" < "G10"), everything
 * else by code unit, so the same package always imports in the same order.
 */
export function compareNatural(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i] as string;
    const y = tb[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const nx = x.replace(/^0+(?=\d)/, "");
      const ny = y.replace(/^0+(?=\d)/, "");
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ta.length !== tb.length) return ta.length - tb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The code an external node's URI carries. Curriculum-registry URNs of the form
 * `urn:fdc:<authority>:<year>:cfr:<code>` end in a percent-encoded code
 * (`urn:fdc:edplancms.com:2016:cfr:CCSS-M:3.OA.A.1` → `CCSS-M:3.OA.A.1`); other URIs carry none.
 */
export function externalCode(uri: string): string | null {
  const match = /^urn:fdc:[^:]+:[^:]+:cfr:(.+)$/i.exec(uri);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function externalReference(fromKey: string, target: LinkGenURI): ExternalReference {
  return {
    caseIdentifier: fromKey,
    code: externalCode(target.uri),
    uri: target.uri,
    targetIdentifier: target.identifier,
    title: target.title,
  };
}

/** Identifiers compare case-insensitively (UUIDs are case-insensitive). */
function keyOf(identifier: string): string {
  return identifier.toLowerCase();
}

function describeLink(link: LinkGenURI): string {
  return link.title ? `"${link.title}" (${link.identifier})` : link.identifier;
}

function describeItem(item: CFItem | undefined): string {
  if (!item) return "?";
  return item.humanCodingScheme ? `"${item.humanCodingScheme}" (${item.identifier})` : item.identifier;
}
