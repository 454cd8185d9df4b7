/** A CASE 1.0 package (as JSON) read through the standards codec into a framework ready to save. */
import { parseCasePackage, toFramework } from "@pathwise/standards";
import type { FrameworkDraft } from "./save-framework.js";

export type CaseDraftResult =
  { ok: true; draft: FrameworkDraft; warnings: string[] } | { ok: false; message: string };

export function frameworkDraftFromCase(json: unknown): CaseDraftResult {
  const parsed = parseCasePackage(json);
  if (!parsed.ok) {
    const first = parsed.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`);
    return { ok: false, message: `${parsed.errors.length} problem(s), e.g. ${first.join("; ")}` };
  }
  const framework = toFramework(parsed.value);
  return {
    ok: true,
    warnings: framework.warnings.map((w) => `${w.path}: ${w.message}`),
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
