/**
 * Small cmi5 course packages for tests: a cmi5.xml with AUs (optionally in a block, optionally
 * mapped to competencies through Pathwise's extension), and a ZIP of it with the AUs' files.
 */
import { strToU8, zipSync } from "fflate";

export interface Cmi5AuSpec {
  id: string;
  url: string;
  title?: string;
  moveOn?: string;
  masteryScore?: string;
  launchMethod?: string;
  /** Competency codes (human coding scheme) the package maps the AU to. */
  competencyCodes?: string[];
}

export interface Cmi5PackageSpec {
  courseId?: string;
  title?: string;
  /** Put the AUs in one block with this id. */
  blockId?: string;
  aus: Cmi5AuSpec[];
}

const NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
const PW = "https://pathwise.example/xapi/cmi5";
const lang = (text: string) => `<langstring lang="en-US">${text}</langstring>`;
const texts = (title: string) =>
  `<title>${lang(title)}</title><description>${lang(`About ${title}`)}</description>`;

export function cmi5CourseXml(spec: Cmi5PackageSpec): string {
  const aus = spec.aus
    .map((au) => {
      const attributes = [
        `id="${au.id}"`,
        au.moveOn ? `moveOn="${au.moveOn}"` : "",
        au.masteryScore ? `masteryScore="${au.masteryScore}"` : "",
        au.launchMethod ? `launchMethod="${au.launchMethod}"` : "",
      ].join(" ");
      const mapping = au.competencyCodes
        ? `<pw:competencies>${au.competencyCodes.map((code) => `<pw:competency code="${code}"/>`).join("")}</pw:competencies>`
        : "";
      return `<au ${attributes}>${texts(au.title ?? au.id)}<url>${au.url}</url>${mapping}</au>`;
    })
    .join("\n");
  const body = spec.blockId ? `<block id="${spec.blockId}">${texts("Block")}${aus}</block>` : aus;
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="${NS}" xmlns:pw="${PW}">
  <course id="${spec.courseId ?? "https://courses.example/fractions"}">${texts(spec.title ?? "Fractions")}</course>
  ${body}
</courseStructure>`;
}

/** A ZIP package: cmi5.xml plus the given files (path → text). */
export function cmi5Zip(xml: string, files: Record<string, string> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { "cmi5.xml": strToU8(xml) };
  for (const [path, text] of Object.entries(files)) entries[path] = strToU8(text);
  return zipSync(entries);
}
