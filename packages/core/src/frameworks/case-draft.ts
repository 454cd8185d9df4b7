/** A CASE 1.0 package (as JSON) read through the standards codec into a framework ready to save. */
import { parseCasePackage, toFramework, type AssociationSkipReason } from "@pathwise/standards";
import type { FrameworkDraft } from "./save-framework.js";

/** The association types Pathwise maps, in the order a summary lists them. */
export const MAPPED_ASSOCIATION_TYPES = ["isChildOf", "precedes", "isRelatedTo", "exactMatchOf"] as const;

/** Why an association of the package is not kept: the codec's reasons, and one of Pathwise's own. */
export type SkipReason = AssociationSkipReason | "outside_package";

export interface AssociationReport {
  type: string;
  /** In the package. */
  found: number;
  /** Kept: parents (isChildOf), prerequisites (precedes), related pairs, external codes. */
  mapped: number;
  skipped: { reason: SkipReason; count: number }[];
}

export interface CaseProblem {
  /** JSON path inside the package, e.g. `CFItems[3].fullStatement`. */
  path: string;
  message: string;
}

export type CaseDraftResult =
  | {
      ok: true;
      draft: FrameworkDraft;
      /** Problems that did not stop the import, with their JSON paths. */
      warnings: CaseProblem[];
      associations: AssociationReport[];
    }
  | { ok: false; problems: CaseProblem[] };

/** One line for logs and seeds: how many problems, and the first few with their paths. */
export function describeProblems(problems: CaseProblem[]): string {
  const first = problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`);
  return `${problems.length} problem(s), e.g. ${first.join("; ")}`;
}

export function frameworkDraftFromCase(json: unknown): CaseDraftResult {
  const parsed = parseCasePackage(json);
  if (!parsed.ok)
    return {
      ok: false,
      problems: parsed.errors.map((e) => ({ path: e.path || "(package)", message: e.message })),
    };
  const framework = toFramework(parsed.value);
  const associations = Object.entries(framework.associations)
    .map(([type, count]): AssociationReport => {
      const skipped = Object.entries(count.skipped).map(([reason, n]) => ({
        reason: reason as SkipReason,
        count: n,
      }));
      // Pathwise keeps isRelatedTo only between two competencies of the framework; links to DOK
      // levels or other outside nodes are counted here as left out.
      const outside = type === "isRelatedTo" ? framework.relatedExternal.length : 0;
      if (outside > 0) skipped.push({ reason: "outside_package", count: outside });
      return { type, found: count.found, mapped: count.mapped - outside, skipped };
    })
    .sort((a, b) => rank(a.type) - rank(b.type) || a.type.localeCompare(b.type));
  return {
    ok: true,
    warnings: framework.warnings.map((w) => ({ path: w.path, message: w.message })),
    associations,
    draft: {
      title: framework.source.title,
      publisher: framework.source.publisher,
      caseIdentifier: framework.source.identifier,
      caseUri: framework.source.uri,
      version: framework.source.lastChangeDateTime,
      competencies: framework.competencies.map((c) => ({
        caseIdentifier: c.caseIdentifier,
        humanCodingScheme: c.humanCodingScheme,
        statement: c.statement,
        abbreviatedStatement: c.abbreviatedStatement,
        itemType: c.itemType,
        educationLevels: c.educationLevels,
        parentCaseIdentifier: c.parentIdentifier,
      })),
      prerequisites: framework.prerequisites,
      related: framework.related,
      exactMatches: framework.exactMatches.map((m) => ({
        caseIdentifier: m.caseIdentifier,
        code: m.code ?? m.uri,
        uri: m.uri,
      })),
    },
  };
}

function rank(type: string): number {
  const i = (MAPPED_ASSOCIATION_TYPES as readonly string[]).indexOf(type);
  return i === -1 ? MAPPED_ASSOCIATION_TYPES.length : i;
}
