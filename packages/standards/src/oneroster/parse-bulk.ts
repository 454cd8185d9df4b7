/**
 * Reads a OneRoster 1.2 CSV bulk set (the files of an unzipped OneRoster archive) into typed
 * records. The manifest decides which files are read and how: `bulk` (a full snapshot), `delta`
 * (changes; status and dateLastModified required) or `absent`. A bad row is left out and
 * reported with its file, row and column; the good rows are still returned, so an importer can
 * show every problem at once and decide what to do.
 */
import type { z } from "zod";
import type { Issue } from "../result.js";
import { parseCsv } from "./csv.js";
import {
  BULK_SCHEMAS,
  DELTA_SCHEMAS,
  ONEROSTER_FILES,
  columnsOf,
  type OneRosterFileName,
  type OneRosterRecords,
} from "./records.js";

export type FileMode = "bulk" | "delta" | "absent";
const FILE_MODES: readonly string[] = ["bulk", "delta", "absent"];

/** Files of the 1.2 binding this package does not read (gradebook and resources). */
const UNREAD_FILES = [
  "categories",
  "classResources",
  "courseResources",
  "lineItemLearningObjectiveIds",
  "lineItemScoreScales",
  "lineItems",
  "resources",
  "resultLearningObjectiveIds",
  "resultScoreScales",
  "results",
  "scoreScales",
  "userResources",
] as const;

export const SUPPORTED_MANIFEST_VERSION = "1.0";
export const SUPPORTED_ONEROSTER_VERSION = "1.2";

export interface OneRosterManifest {
  manifestVersion: string | null;
  oneRosterVersion: string | null;
  sourceSystemName: string | null;
  sourceSystemCode: string | null;
  /** The mode of every `file.*` entry, by file name without `.csv` (e.g. `users`). */
  files: Record<string, FileMode>;
  /** Every property as written, including ones this package does not interpret. */
  properties: Record<string, string>;
}

/** A problem in one file; `row` is the line the record starts on (the header is row 1). */
export interface OneRosterIssue extends Issue {
  file: string;
  row: number | null;
  column: string | null;
}

export interface OneRosterBulk {
  /** True when there are no errors (warnings allowed). */
  ok: boolean;
  /** Null when manifest.csv is missing or unreadable; then no other file is read. */
  manifest: OneRosterManifest | null;
  /** Valid rows of every file read; empty arrays for files that are absent. */
  records: OneRosterRecords;
  errors: OneRosterIssue[];
  warnings: OneRosterIssue[];
}

/**
 * @param files file contents keyed by file name (`users.csv`); directory prefixes are ignored, so
 *   the names of an unzipped archive's entries can be passed as they are.
 */
export function parseOneRosterBulk(files: Record<string, string>): OneRosterBulk {
  const errors: OneRosterIssue[] = [];
  const warnings: OneRosterIssue[] = [];
  const records = emptyRecords();

  const byName = new Map<string, string>();
  for (const [path, content] of Object.entries(files)) {
    const name = path.split(/[\\/]/).pop() ?? path;
    if (byName.has(name)) {
      errors.push(issue(name, null, null, "duplicate_file", `${name} is given more than once`));
      continue;
    }
    byName.set(name, content);
  }

  const manifestText = byName.get("manifest.csv");
  if (manifestText === undefined) {
    errors.push(issue("manifest.csv", null, null, "missing_file", "manifest.csv is missing; it says which files to read and how"));
    return { ok: false, manifest: null, records, errors, warnings };
  }
  const manifest = readManifest(manifestText, errors, warnings);
  if (manifest === null) return { ok: false, manifest, records, errors, warnings };

  const rows = new Map<OneRosterFileName, Map<string, number>>();
  for (const name of ONEROSTER_FILES) {
    const fileName = `${name}.csv`;
    const mode = manifest.files[name] ?? "absent";
    const content = byName.get(fileName);
    if (mode === "absent") {
      if (content !== undefined) {
        warnings.push(issue(fileName, null, null, "ignored_file", `${fileName} is present but the manifest marks it absent (or does not list it); it was not read`));
      }
      continue;
    }
    if (content === undefined) {
      errors.push(issue(fileName, null, null, "missing_file", `the manifest marks ${fileName} as ${mode} but the file is missing`));
      continue;
    }
    rows.set(name, readFile(name, mode, content, records, errors, warnings));
  }
  warnings.push(...danglingReferences(manifest, records, rows));
  for (const name of UNREAD_FILES) {
    const mode = manifest.files[name];
    if (mode === "bulk" || mode === "delta") {
      warnings.push(issue(`${name}.csv`, null, null, "unsupported_file", `${name}.csv (${mode}) is not read by this importer`));
    }
  }
  return { ok: errors.length === 0, manifest, records, errors, warnings };
}

function readManifest(text: string, errors: OneRosterIssue[], warnings: OneRosterIssue[]): OneRosterManifest | null {
  const FILE = "manifest.csv";
  const table = parseCsv(text);
  for (const p of table.problems) errors.push(issue(FILE, p.line, null, p.code, p.message));
  const [header, ...rows] = table.records;
  const columns = header?.fields.map((f) => f.trim()) ?? [];
  const nameAt = columns.indexOf("propertyName");
  const valueAt = columns.indexOf("value");
  if (nameAt < 0 || valueAt < 0) {
    errors.push(issue(FILE, 1, null, "missing_column", "manifest.csv must have the columns propertyName,value"));
    return null;
  }

  const properties: Record<string, string> = {};
  const files: Record<string, FileMode> = {};
  for (const row of rows) {
    const name = row.fields[nameAt]?.trim() ?? "";
    const value = row.fields[valueAt]?.trim() ?? "";
    if (name === "") {
      errors.push(issue(FILE, row.line, "propertyName", "required", "propertyName is blank"));
      continue;
    }
    if (name in properties) {
      errors.push(issue(FILE, row.line, "propertyName", "duplicate_property", `${name} is listed more than once`));
      continue;
    }
    properties[name] = value;
    if (name.startsWith("file.")) {
      const mode = value.toLowerCase();
      if (FILE_MODES.includes(mode)) files[name.slice("file.".length)] = mode as FileMode;
      else errors.push(issue(FILE, row.line, "value", "invalid_enum", `${name} must be bulk, delta or absent, got "${value}"`));
    }
  }

  const manifestVersion = properties["manifest.version"] ?? null;
  const oneRosterVersion = properties["oneroster.version"] ?? null;
  if (manifestVersion !== SUPPORTED_MANIFEST_VERSION) {
    errors.push(issue(FILE, null, "manifest.version", "unsupported_version", `manifest.version must be ${SUPPORTED_MANIFEST_VERSION}, got ${manifestVersion === null ? "nothing" : `"${manifestVersion}"`}`));
  }
  if (oneRosterVersion !== SUPPORTED_ONEROSTER_VERSION) {
    errors.push(issue(FILE, null, "oneroster.version", "unsupported_version", `oneroster.version must be ${SUPPORTED_ONEROSTER_VERSION}, got ${oneRosterVersion === null ? "nothing" : `"${oneRosterVersion}"`}`));
  }
  const missing = ONEROSTER_FILES.filter((name) => !(`file.${name}` in properties));
  if (missing.length > 0) {
    warnings.push(issue(FILE, null, null, "missing_property", `no entry for ${missing.map((n) => `file.${n}`).join(", ")}; treated as absent`));
  }
  return {
    manifestVersion,
    oneRosterVersion,
    sourceSystemName: properties["source.systemName"] || null,
    sourceSystemCode: properties["source.systemCode"] || null,
    files,
    properties,
  };
}

/** Reads one data file into `records`; returns the row each sourcedId was read from. */
function readFile(
  name: OneRosterFileName,
  mode: "bulk" | "delta",
  text: string,
  records: OneRosterRecords,
  errors: OneRosterIssue[],
  warnings: OneRosterIssue[],
): Map<string, number> {
  const file = `${name}.csv`;
  const delta = mode === "delta";
  const table = parseCsv(text);
  for (const p of table.problems) errors.push(issue(file, p.line, null, p.code, p.message));
  const [header, ...rows] = table.records;
  if (!header) {
    errors.push(issue(file, 1, null, "missing_header", `${file} is empty; it needs at least a header row`));
    return new Map();
  }

  const columns = header.fields.map((f) => f.trim());
  const known = columnsOf(name, delta);
  const knownNames = new Set(known.map((c) => c.name));
  const seen = new Set<string>();
  let headerOk = true;
  for (const column of columns) {
    if (seen.has(column)) {
      errors.push(issue(file, header.line, column, "duplicate_column", `column ${column} appears more than once in the header`));
      headerOk = false;
    }
    seen.add(column);
  }
  for (const { name: column, required } of known) {
    if (seen.has(column)) continue;
    if (required) {
      errors.push(issue(file, header.line, column, "missing_column", `required column ${column} is missing from the header`));
      headerOk = false;
    } else {
      warnings.push(issue(file, header.line, column, "missing_column", `column ${column} is missing from the header; read as blank`));
    }
  }
  for (const column of columns) {
    if (!knownNames.has(column) && !column.startsWith("metadata.")) {
      warnings.push(issue(file, header.line, column, "unknown_column", `column ${column} is not in OneRoster 1.2; kept under metadata`));
    }
  }
  if (!headerOk) return new Map();

  const schema = (delta ? DELTA_SCHEMAS : BULK_SCHEMAS)[name] as z.ZodType<Record<string, unknown>>;
  // Sound: every row pushed here was produced by the schema of the same file name.
  const out = records[name] as unknown as Record<string, unknown>[];
  const firstRowOf = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length > columns.length && row.fields.slice(columns.length).some((f) => f !== "")) {
      errors.push(issue(file, row.line, null, "column_count", `row has ${row.fields.length} fields but the header has ${columns.length}; row skipped`));
      continue;
    }
    const cells: Record<string, string> = {};
    const metadata: Record<string, string> = {};
    columns.forEach((column, index) => {
      const value = row.fields[index] ?? "";
      if (value === "") return;
      if (knownNames.has(column)) cells[column] = value;
      else metadata[column] = value;
    });

    // No `reportInput`: it makes zod several times slower; the cell is at hand anyway.
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      for (const problem of parsed.error.issues) errors.push(cellIssue(file, row.line, problem, cells));
      continue;
    }
    const sourcedId = cells.sourcedId as string;
    const earlier = firstRowOf.get(sourcedId);
    if (earlier !== undefined) {
      errors.push(issue(file, row.line, "sourcedId", "duplicate_sourced_id", `sourcedId ${sourcedId} is already used on row ${earlier}; row skipped`));
      continue;
    }
    firstRowOf.set(sourcedId, row.line);
    out.push({ ...parsed.data, metadata });
  }
  return firstRowOf;
}

/** Which column of which file refers to records of which file. */
const REFERENCES: readonly { file: OneRosterFileName; column: string; target: OneRosterFileName }[] = [
  { file: "orgs", column: "parentSourcedId", target: "orgs" },
  { file: "academicSessions", column: "parentSourcedId", target: "academicSessions" },
  { file: "courses", column: "schoolYearSourcedId", target: "academicSessions" },
  { file: "courses", column: "orgSourcedId", target: "orgs" },
  { file: "classes", column: "courseSourcedId", target: "courses" },
  { file: "classes", column: "schoolSourcedId", target: "orgs" },
  { file: "classes", column: "termSourcedIds", target: "academicSessions" },
  { file: "users", column: "primaryOrgSourcedId", target: "orgs" },
  { file: "users", column: "agentSourcedIds", target: "users" },
  { file: "roles", column: "userSourcedId", target: "users" },
  { file: "roles", column: "orgSourcedId", target: "orgs" },
  { file: "roles", column: "userProfileSourcedId", target: "userProfiles" },
  { file: "userProfiles", column: "userSourcedId", target: "users" },
  { file: "enrollments", column: "classSourcedId", target: "classes" },
  { file: "enrollments", column: "schoolSourcedId", target: "orgs" },
  { file: "enrollments", column: "userSourcedId", target: "users" },
  { file: "demographics", column: "sourcedId", target: "users" },
];

/**
 * References to records that are not in the set. Only checked when the referenced file is a
 * `bulk` snapshot: in a delta the record may already be in the importer's database. Warnings,
 * not errors, because only the importer knows whether it can resolve them.
 */
function danglingReferences(
  manifest: OneRosterManifest,
  records: OneRosterRecords,
  rows: Map<OneRosterFileName, Map<string, number>>,
): OneRosterIssue[] {
  const issues: OneRosterIssue[] = [];
  const ids = new Map<OneRosterFileName, Set<string>>();
  const idsOf = (name: OneRosterFileName) => {
    let set = ids.get(name);
    if (!set) {
      set = new Set(records[name].map((r) => r.sourcedId));
      ids.set(name, set);
    }
    return set;
  };
  for (const { file, column, target } of REFERENCES) {
    if (manifest.files[file] === undefined || manifest.files[file] === "absent" || manifest.files[target] !== "bulk") continue;
    for (const record of records[file] as unknown as Record<string, unknown>[]) {
      const value = record[column];
      const refs = Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
      for (const ref of refs) {
        if (idsOf(target).has(ref)) continue;
        const sourcedId = String(record.sourcedId);
        const row = rows.get(file)?.get(sourcedId) ?? null;
        issues.push(issue(`${file}.csv`, row, column, "dangling_reference", `${column} ${ref} of ${sourcedId} is not in ${target}.csv`));
      }
    }
  }
  return issues;
}

function cellIssue(file: string, row: number, problem: z.core.$ZodIssue, cells: Record<string, string>): OneRosterIssue {
  const column = String(problem.path[0] ?? "");
  const input = cells[column];
  if (problem.code === "invalid_type" && input === undefined) {
    return issue(file, row, column, "required", `${column} is required but blank`);
  }
  const code = problem.code === "custom" && typeof problem.params?.code === "string" ? problem.params.code : "invalid_value";
  return issue(file, row, column, code, `${column} ${problem.message}, got ${JSON.stringify(input)}`);
}

function issue(file: string, row: number | null, column: string | null, code: string, message: string): OneRosterIssue {
  const path = `${file}${row === null ? "" : `:${row}`}${column === null ? "" : `:${column}`}`;
  return { file, row, column, path, code, message };
}

function emptyRecords(): OneRosterRecords {
  return {
    orgs: [],
    academicSessions: [],
    courses: [],
    classes: [],
    users: [],
    roles: [],
    userProfiles: [],
    enrollments: [],
    demographics: [],
  };
}
