/**
 * The result shape every codec in this package returns: a typed value, or the list of problems
 * that stopped it. Codecs never throw on bad input; they say what was wrong and where.
 */

/** A problem found in the input. `path` locates it (a JSON path such as `CFItems[3].identifier`). */
export interface Issue {
  path: string;
  /** A stable, machine-readable code, e.g. `required`, `invalid_uuid`, `dangling_reference`. */
  code: string;
  message: string;
}

export type Result<T, E = Issue> = { ok: true; value: T } | { ok: false; errors: E[] };

/** A JSON path as codecs write it: `["CFItems", 3, "identifier"]` → `CFItems[3].identifier`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}
