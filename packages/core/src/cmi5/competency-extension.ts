/**
 * Competency mappings carried by a package: a vendor extension of cmi5.xml (§13.1.5) in Pathwise's
 * namespace, on the course, a block or an AU —
 *
 *   <au id="…" xmlns:pw="https://pathwise.example/xapi/cmi5">
 *     <pw:competencies>
 *       <pw:competency caseIdentifier="c3a9…"/>   <!-- a CASE CFItem identifier -->
 *       <pw:competency code="5.NF.A.1"/>           <!-- or its human coding scheme -->
 *     </pw:competencies>
 *   </au>
 *
 * Each reference must name exactly one current competency of the organization; otherwise the
 * import is refused with the element's place. Other extensions are ignored, as cmi5 requires.
 */
import { cmi5XmlChildElements, type Cmi5CourseStructure, type Cmi5XmlElement } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { resolveCompetencyReferences, type CompetencyReference } from "../frameworks/repository.js";
import { AppError, type ErrorDetail } from "../shared/errors.js";
import { COURSE_STRUCTURE_FILE } from "./read-cmi5-package.js";

export const PATHWISE_CMI5_NAMESPACE = "https://pathwise.example/xapi/cmi5";

interface Reference extends CompetencyReference {
  ownerId: string;
  path: string;
}

/**
 * The competencies each course, block or AU (by publisher id) is mapped to in the package; only
 * elements that carry the extension appear. Throws naming every reference that does not resolve.
 */
export async function competencyMappingsOf(
  db: Database,
  organizationId: string,
  structure: Cmi5CourseStructure,
): Promise<Map<string, string[]>> {
  const references: Reference[] = [];
  const problems: ErrorDetail[] = [];
  for (const extension of structure.extensions) {
    const element = extension.element;
    if (element.namespace !== PATHWISE_CMI5_NAMESPACE) continue;
    const at = `${COURSE_STRUCTURE_FILE}${extension.path}`;
    if (element.localName !== "competencies") {
      problems.push({
        path: at,
        message: `<${element.localName}> is not a Pathwise extension; use <competencies>`,
      });
      continue;
    }
    cmi5XmlChildElements(element).forEach((child: Cmi5XmlElement, index) => {
      const path = `${at}/${child.name}[${index + 1}]`;
      const caseIdentifier = child.attributes.caseIdentifier?.trim();
      const code = child.attributes.code?.trim();
      if (child.namespace !== PATHWISE_CMI5_NAMESPACE || child.localName !== "competency")
        problems.push({ path, message: "only <competency> elements may be listed" });
      else if (Boolean(caseIdentifier) === Boolean(code))
        problems.push({ path, message: "needs exactly one of the attributes caseIdentifier and code" });
      else if (caseIdentifier)
        references.push({ ownerId: extension.ownerId, path, by: "caseIdentifier", value: caseIdentifier });
      else references.push({ ownerId: extension.ownerId, path, by: "code", value: code! });
    });
  }
  const mappings = new Map<string, string[]>();
  for (const extension of structure.extensions) {
    if (extension.element.namespace === PATHWISE_CMI5_NAMESPACE) mappings.set(extension.ownerId, []);
  }
  const resolved = await resolveCompetencyReferences(db, organizationId, references);
  references.forEach((reference, index) => {
    const outcome = resolved[index]!;
    if ("problem" in outcome)
      problems.push({ path: `${reference.path}/@${reference.by}`, message: outcome.problem });
    else {
      const list = mappings.get(reference.ownerId)!;
      if (!list.includes(outcome.id)) list.push(outcome.id);
    }
  });
  if (problems.length > 0)
    throw new AppError(
      "validation_failed",
      "The package's competency mappings cannot be used; nothing was imported.",
      problems,
    );
  return mappings;
}
