/**
 * From uploaded bytes to a validated course structure and the files to serve: a ZIP package with
 * `cmi5.xml` at its root (cmi5 §14.1), or a bare `cmi5.xml` whose AUs are all at absolute urls
 * (§14.2). Refused with the place of every problem: not a ZIP, no cmi5.xml, unsafe entry names,
 * too large, and whatever the course structure parser finds (invalid ids, urls, moveOn…).
 */
import { unzipSync } from "fflate";
import { lookup } from "mrmime";
import { parseCmi5CourseStructure, type Cmi5CourseStructure } from "@pathwise/standards";
import { AppError, type ErrorDetail } from "../shared/errors.js";

/** A package upload larger than this is refused. */
export const MAX_CMI5_PACKAGE_BYTES = 200 * 1024 * 1024;
/** The most bytes a ZIP package may hold once unpacked (a guard against ZIP bombs). */
export const MAX_CMI5_UNPACKED_BYTES = 500 * 1024 * 1024;
/** The most files a ZIP package may hold. */
export const MAX_CMI5_PACKAGE_FILES = 10_000;

export const COURSE_STRUCTURE_FILE = "cmi5.xml";

export interface Cmi5PackageFile {
  path: string;
  contentType: string;
  content: Uint8Array;
}

export interface ReadCmi5Package {
  source: "zip" | "xml";
  structure: Cmi5CourseStructure;
  /** The files of a ZIP package (cmi5.xml included); none for a bare cmi5.xml. */
  files: Cmi5PackageFile[];
}

const refuse = (message: string, details: ErrorDetail[]) =>
  new AppError("validation_failed", message, details);

const ZIP_TYPES = /^application\/(zip|x-zip|x-zip-compressed)$/i;
const XML_TYPES = /^(text\/xml|application\/xml|[a-z]+\/[a-z0-9.+-]+\+xml)$/i;
const OPAQUE_TYPES = /^(application\/octet-stream)?$/i;

/** Reads an uploaded package, deciding ZIP or XML from its bytes, media type and name. */
export function readCmi5Package(upload: {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}): ReadCmi5Package {
  const { bytes, filename } = upload;
  const mediaType = (upload.contentType.split(";")[0] ?? "").trim();
  if (bytes.byteLength === 0)
    throw refuse("The package is empty.", [{ path: "package", message: "is empty" }]);
  if (bytes.byteLength > MAX_CMI5_PACKAGE_BYTES)
    throw refuse("The package is too large.", [
      { path: "package", message: `is larger than ${MAX_CMI5_PACKAGE_BYTES / 1024 / 1024} MB` },
    ]);
  const isZipFile = bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
  if (isZipFile) return readZip(bytes);
  if (ZIP_TYPES.test(mediaType) || /\.zip$/i.test(filename))
    throw refuse("This is not a ZIP archive.", [
      { path: "package", message: `"${filename}" is not a ZIP archive (cmi5 §14.1)` },
    ]);
  const looksLikeXml = /^\uFEFF?\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)));
  if (
    XML_TYPES.test(mediaType) ||
    (OPAQUE_TYPES.test(mediaType) && (/\.xml$/i.test(filename) || looksLikeXml))
  )
    return { source: "xml", structure: parseStructure(bytes, false, undefined), files: [] };
  throw refuse("This is not a cmi5 package.", [
    {
      path: "package",
      message: `send a ZIP package with cmi5.xml at its root, or a cmi5.xml file, not ${mediaType || "this file"}`,
    },
  ]);
}

function readZip(bytes: Uint8Array): ReadCmi5Package {
  const notReadable = (message: string) =>
    refuse("This ZIP archive cannot be read.", [{ path: "package", message }]);
  let unpacked = 0;
  let count = 0;
  const problems: ErrorDetail[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith("/")) return false;
        count += 1;
        unpacked += file.originalSize;
        const path = safePath(file.name);
        if (path === null)
          problems.push({ path: `package/${file.name}`, message: "is not a safe file name" });
        return path !== null && count <= MAX_CMI5_PACKAGE_FILES && unpacked <= MAX_CMI5_UNPACKED_BYTES;
      },
    });
  } catch (error) {
    throw notReadable((error as Error).message);
  }
  if (count > MAX_CMI5_PACKAGE_FILES)
    throw refuse("The package has too many files.", [
      { path: "package", message: `holds ${count} files; at most ${MAX_CMI5_PACKAGE_FILES}` },
    ]);
  if (unpacked > MAX_CMI5_UNPACKED_BYTES)
    throw refuse("The package is too large once unpacked.", [
      { path: "package", message: `unpacks to more than ${MAX_CMI5_UNPACKED_BYTES / 1024 / 1024} MB` },
    ]);
  if (problems.length > 0) throw refuse("The package has unsafe file names.", problems);
  const files = Object.entries(entries).map(([name, content]) => ({
    path: safePath(name)!,
    contentType: lookup(name) ?? "application/octet-stream",
    content,
  }));
  const courseStructure = files.find((file) => file.path === COURSE_STRUCTURE_FILE);
  if (!courseStructure)
    throw refuse("The package has no cmi5.xml.", [
      { path: "package", message: "must hold cmi5.xml at the root of the ZIP archive (cmi5 §14.1)" },
    ]);
  const structure = parseStructure(courseStructure.content, true, new Set(files.map((file) => file.path)));
  return { source: "zip", structure, files };
}

function parseStructure(
  xml: Uint8Array,
  packaged: boolean,
  packageFiles: ReadonlySet<string> | undefined,
): Cmi5CourseStructure {
  const parsed = parseCmi5CourseStructure(xml, packageFiles ? { packaged, packageFiles } : { packaged });
  if (parsed.ok) return parsed.value;
  throw refuse(
    "The course structure (cmi5.xml) is not valid; nothing was imported.",
    parsed.errors.map((error) => ({ path: `${COURSE_STRUCTURE_FILE}${error.path}`, message: error.message })),
  );
}

/** A ZIP entry name as a path inside the package, or null when it would escape it. */
function safePath(name: string): string | null {
  const path = name.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  if (path === "" || path.startsWith("/") || /^[a-z]:/i.test(path)) return null;
  if (path.split("/").some((segment) => segment === ".." || segment === "")) return null;
  return path;
}
