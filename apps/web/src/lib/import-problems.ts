/** Where an import went wrong, placed so the admin can find it: file, row and column when known. */
export interface ImportProblem {
  file: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

/**
 * Core names the place of an import error in its path, e.g. `files.users.csv[row 3].email` for a
 * roster file, or `body.package.CFItems` for a CASE package (no file, row or column then).
 */
export function problemOf(path: string, message: string): ImportProblem {
  const roster = /^files\.(.+?\.csv)(?:\[row (\d+)\])?(?:\.(.+))?$/i.exec(path);
  if (!roster) return { file: null, row: null, column: null, message };
  return { file: roster[1]!, row: roster[2] ? Number(roster[2]) : null, column: roster[3] ?? null, message };
}
