/**
 * Reads a CASE 1.0 CFPackage from parsed JSON: either the package object itself (a package file,
 * or the body of `GET /ims/case/v1p0/CFPackages/{id}`) or the same object wrapped one level down
 * as `{ "CFPackage": { ... } }`, which some providers return. Every problem is reported with the
 * JSON path of the offending value; nothing is thrown.
 */
import type { z } from "zod";
import { formatPath, type Issue, type Result } from "../result.js";
import { CASE_ASSOCIATION_TYPES, cfPackageSchema, type CFPackage } from "./model.js";

const WRAPPER_KEY = "CFPackage";

export function parseCasePackage(json: unknown): Result<CFPackage> {
  if (!isPlainObject(json)) {
    return fail([{ path: "", code: "invalid_type", message: `a CFPackage must be a JSON object, got ${describe(json)}` }]);
  }
  let body: unknown = json;
  let prefix: PropertyKey[] = [];
  if (!("CFDocument" in json) && isPlainObject(json[WRAPPER_KEY])) {
    body = json[WRAPPER_KEY];
    prefix = [WRAPPER_KEY];
  }

  const input = withoutNulls(body);
  const parsed = cfPackageSchema.safeParse(input);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((issue) => toIssue(issue, valueAt(input, issue.path), prefix)));
  }

  const pkg: CFPackage = {
    CFDocument: parsed.data.CFDocument,
    CFItems: parsed.data.CFItems ?? [],
    CFAssociations: parsed.data.CFAssociations ?? [],
    CFDefinitions: parsed.data.CFDefinitions ?? {},
  };
  const conflicts = [
    ...conflictingDuplicates(pkg.CFItems, [...prefix, "CFItems"]),
    ...conflictingDuplicates(pkg.CFAssociations, [...prefix, "CFAssociations"]),
  ];
  return conflicts.length > 0 ? fail(conflicts) : { ok: true, value: pkg };
}

function fail(errors: Issue[]): Result<CFPackage> {
  return { ok: false, errors };
}

/**
 * Two records with one identifier and different content cannot both be imported. Exact repeats
 * (the Smarter Balanced file has one) are harmless; `toFramework` skips them with a warning.
 */
function conflictingDuplicates(records: { identifier: string }[], at: PropertyKey[]): Issue[] {
  const first = new Map<string, { index: number; json: string }>();
  const issues: Issue[] = [];
  records.forEach((record, index) => {
    const key = record.identifier.toLowerCase();
    const json = JSON.stringify(record);
    const seen = first.get(key);
    if (!seen) first.set(key, { index, json });
    else if (seen.json !== json) {
      issues.push({
        path: formatPath([...at, index, "identifier"]),
        code: "duplicate_identifier",
        message: `identifier ${record.identifier} is also used by ${formatPath([...at, seen.index])} with different content`,
      });
    }
  });
  return issues;
}

function toIssue(issue: z.core.$ZodIssue, input: unknown, prefix: PropertyKey[]): Issue {
  const path = formatPath([...prefix, ...issue.path]);
  const field = String(issue.path.at(-1) ?? "value");
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) return { path, code: "required", message: `"${field}" is required` };
      return { path, code: "invalid_type", message: `"${field}" must be ${article(issue.expected)}, got ${describe(input)}` };
    case "invalid_value":
      if (field === "associationType") {
        return {
          path,
          code: "invalid_enum",
          message: `${JSON.stringify(input)} is not a CASE 1.0 association type (expected one of ${CASE_ASSOCIATION_TYPES.join(", ")})`,
        };
      }
      return { path, code: "invalid_enum", message: `"${field}": ${issue.message}` };
    case "custom": {
      const code = typeof issue.params?.code === "string" ? issue.params.code : "invalid_value";
      return { path, code, message: `"${field}" ${issue.message}, got ${describe(input)}` };
    }
    default:
      return { path, code: "invalid_value", message: `"${field}": ${issue.message}` };
  }
}

/** The value at a zod issue path (zod can report it, but doing so makes parsing much slower). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Providers write `null` for an absent optional value; read it as absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null) out[key] = withoutNulls(v);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
