/**
 * Optimistic concurrency for editable records: each carries a `version`; an edit states the version
 * it was based on (HTTP If-Match) and is refused when someone else changed the record meanwhile.
 */
import { AppError } from "./errors.js";

export function assertVersion(what: string, current: number, expected: number | undefined): void {
  if (expected === undefined) {
    throw new AppError("precondition_required", `Say which version of the ${what} you edited (If-Match).`, [
      { path: "header.if-match", message: `The ${what} is at version ${current}.` },
    ]);
  }
  if (current !== expected) {
    throw new AppError(
      "precondition_failed",
      `The ${what} was changed by someone else. Reload it and make your change again.`,
      [
        {
          path: "header.if-match",
          message: `You edited version ${expected}; it is now at version ${current}.`,
        },
      ],
    );
  }
}
