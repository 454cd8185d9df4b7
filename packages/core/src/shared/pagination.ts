/**
 * Cursor pagination: stable under inserts, opaque to clients. A cursor encodes the sort key of the
 * last row of a page ("after this one"); pages are newest first unless a list says otherwise.
 */
import { z } from "zod";
import { AppError } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const PageInput = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(500).optional(),
});
export type PageInput = z.infer<typeof PageInput>;

export interface Cursor {
  /** ISO timestamp of the last row. */
  at: string;
  id: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof value.at === "string" && typeof value.id === "string" && !Number.isNaN(Date.parse(value.at))) {
      return { at: value.at, id: value.id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("validation_failed", "The cursor is not valid.", [
    { path: "query.cursor", message: "Use the nextCursor of a previous page." },
  ]);
}

/** Build a page from `limit + 1` rows fetched in order: the extra row only says there is more. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ at: at(last).toISOString(), id: last.id }) : null,
  };
}
