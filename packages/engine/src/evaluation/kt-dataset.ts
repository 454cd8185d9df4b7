/**
 * Parses knowledge-tracing response files: tab-separated text with a header naming the columns
 * `user_id item_id timestamp correct skill_id` (the format of Gervet et al. 2020; column order is
 * free, `timestamp` in seconds is optional). Text in, typed rows or a typed error naming the row and
 * column out — the caller reads the file.
 */
import type { KtResponse } from "../models/types.js";

export type KtDataErrorCode = "empty-file" | "missing-column" | "wrong-field-count" | "invalid-value";

/** Where and why the data is unusable. `row` is the 1-based line number (the header is line 1). */
export interface KtDataError {
  code: KtDataErrorCode;
  message: string;
  row: number;
  column: string;
}

export type KtParseResult = { ok: true; rows: KtResponse[] } | { ok: false; error: KtDataError };

/** The columns a knowledge-tracing file must have. */
export const KT_REQUIRED_COLUMNS = ["user_id", "item_id", "correct", "skill_id"] as const;
/** Optional: seconds since any fixed origin; 0 or absent when unknown. */
export const KT_TIMESTAMP_COLUMN = "timestamp";

const MS_PER_SECOND = 1000;

/** Parses TSV text into responses (in file order). */
export function parseKtTsv(text: string): KtParseResult {
  const lines = text.split("\n");
  const header = (lines[0] ?? "").replace(/\r$/, "");
  if (header.trim() === "") {
    return fail("empty-file", "the file is empty: expected a header line naming the columns", 1, "");
  }
  const names = header.split("\t").map((name) => name.trim());
  const index = (name: string) => names.indexOf(name);
  for (const column of KT_REQUIRED_COLUMNS) {
    if (index(column) < 0) {
      return fail(
        "missing-column",
        `the header has no "${column}" column (found: ${names.join(", ")})`,
        1,
        column,
      );
    }
  }
  const userCol = index("user_id");
  const itemCol = index("item_id");
  const correctCol = index("correct");
  const skillCol = index("skill_id");
  const timeCol = index(KT_TIMESTAMP_COLUMN);
  const rows: KtResponse[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line === "") continue;
    const row = i + 1;
    const fields = line.split("\t");
    if (fields.length !== names.length) {
      return fail(
        "wrong-field-count",
        `line ${row} has ${fields.length} fields, the header has ${names.length}`,
        row,
        names[Math.min(fields.length, names.length - 1)] ?? "",
      );
    }
    const learnerId = fields[userCol]!;
    const itemId = fields[itemCol]!;
    const skillId = fields[skillCol]!;
    for (const [column, value] of [
      ["user_id", learnerId],
      ["item_id", itemId],
      ["skill_id", skillId],
    ] as const) {
      if (value.trim() === "") return fail("invalid-value", `line ${row}: ${column} is empty`, row, column);
    }
    const correctText = fields[correctCol]!.trim();
    if (correctText !== "0" && correctText !== "1") {
      return fail(
        "invalid-value",
        `line ${row}: correct must be 0 or 1, got "${correctText}"`,
        row,
        "correct",
      );
    }
    let timeMs = 0;
    if (timeCol >= 0) {
      const seconds = Number(fields[timeCol]!.trim());
      if (fields[timeCol]!.trim() === "" || !Number.isFinite(seconds)) {
        return fail(
          "invalid-value",
          `line ${row}: timestamp must be a number of seconds, got "${fields[timeCol]}"`,
          row,
          KT_TIMESTAMP_COLUMN,
        );
      }
      timeMs = seconds * MS_PER_SECOND;
    }
    rows.push({ learnerId, itemId, skillIds: [skillId], correct: correctText === "1", timeMs });
  }
  if (rows.length === 0) return fail("empty-file", "the file has a header but no responses", 2, "");
  return { ok: true, rows };
}

function fail(code: KtDataErrorCode, message: string, row: number, column: string): KtParseResult {
  return { ok: false, error: { code, message, row, column } };
}
