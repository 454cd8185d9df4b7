/**
 * A small RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may contain
 * commas, line breaks and doubled quotes (`""`), records ended by CRLF, LF or a lone CR, and a
 * leading UTF-8 byte-order mark ignored. Blank lines (and lines of empty fields only) are skipped.
 *
 * It is forgiving where files in the wild are sloppy and strict where data would be lost: a quote
 * inside an unquoted field is kept as a character; text after a closing quote, or a quote never
 * closed, is reported as an error with the line it occurred on.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts (records may span lines inside quoted fields). */
  line: number;
}

export interface CsvProblem {
  line: number;
  code: "unterminated_quote" | "text_after_quote";
  message: string;
}

export interface CsvTable {
  records: CsvRecord[];
  problems: CsvProblem[];
}

const BYTE_ORDER_MARK = "\uFEFF";

export function parseCsv(text: string): CsvTable {
  const input = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const end = input.length;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];

  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endRecord = () => {
    if (fields.some((value) => value !== "")) records.push({ fields, line: recordLine });
    fields = [];
  };
  /** Consumes the line break at `i`, if any, and says whether there was one. */
  const lineBreak = (): boolean => {
    const c = input.charCodeAt(i);
    if (c === CR) i += input.charCodeAt(i + 1) === LF ? 2 : 1;
    else if (c === LF) i += 1;
    else return false;
    line += 1;
    return true;
  };

  // Each pass reads one field, then the separator or line break after it.
  while (i < end) {
    let field: string;
    if (input.charCodeAt(i) === QUOTE) {
      const openedOn = line;
      field = "";
      i += 1;
      let closed = false;
      while (i < end) {
        const next = input.indexOf('"', i);
        const chunk = input.slice(i, next < 0 ? end : next);
        field += chunk;
        line += countLineBreaks(chunk);
        if (next < 0) {
          i = end;
          break;
        }
        if (input.charCodeAt(next + 1) === QUOTE) {
          field += '"';
          i = next + 2;
          continue;
        }
        i = next + 1;
        closed = true;
        break;
      }
      if (!closed) {
        problems.push({ line: openedOn, code: "unterminated_quote", message: `a quoted field opened on line ${openedOn} is never closed` });
      } else if (i < end && !isDelimiter(input.charCodeAt(i))) {
        // After the closing quote only a separator or the end of the record may follow.
        problems.push({ line, code: "text_after_quote", message: `unexpected text after a closing quote on line ${line}` });
        const stop = scanUnquoted(input, i);
        field += input.slice(i, stop);
        i = stop;
      }
    } else {
      const stop = scanUnquoted(input, i);
      field = input.slice(i, stop);
      i = stop;
    }
    fields.push(field);

    if (i >= end) break;
    if (input.charCodeAt(i) === COMMA) {
      i += 1;
      if (i >= end) fields.push("");
    } else if (lineBreak()) {
      endRecord();
      recordLine = line;
    }
  }
  endRecord();
  return { records, problems };
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

function isDelimiter(code: number): boolean {
  return code === COMMA || code === CR || code === LF;
}

/** The index of the next separator or line break at or after `from` (or the end). */
function scanUnquoted(input: string, from: number): number {
  let i = from;
  while (i < input.length && !isDelimiter(input.charCodeAt(i))) i += 1;
  return i;
}

/** CRLF, LF and a lone CR each count as one line break. */
function countLineBreaks(chunk: string): number {
  if (chunk.indexOf("\n") < 0 && chunk.indexOf("\r") < 0) return 0;
  return chunk.match(/\r\n|\r|\n/g)?.length ?? 0;
}
