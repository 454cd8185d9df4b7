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
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];

  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    if (fields.some((value) => value !== "")) records.push({ fields, line: recordLine });
    fields = [];
  };
  /** Consumes a line break at `i` if there is one; returns whether it did. */
  const lineBreak = (): boolean => {
    const c = input[i];
    if (c === "\r") {
      i += input[i + 1] === "\n" ? 2 : 1;
    } else if (c === "\n") {
      i += 1;
    } else {
      return false;
    }
    line += 1;
    return true;
  };

  while (i < input.length) {
    if (field === "" && input[i] === '"') {
      // Quoted field: read to the closing quote, keeping separators and line breaks.
      const openedOn = line;
      i += 1;
      let closed = false;
      while (i < input.length) {
        const c = input[i];
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          closed = true;
          break;
        }
        if (c === "\r" || c === "\n") {
          const start = i;
          lineBreak();
          field += input.slice(start, i);
          continue;
        }
        field += c;
        i += 1;
      }
      if (!closed) {
        problems.push({ line: openedOn, code: "unterminated_quote", message: `a quoted field opened on line ${openedOn} is never closed` });
        break;
      }
      // After the closing quote only a separator or the end of the record may follow.
      if (i < input.length && input[i] !== "," && input[i] !== "\r" && input[i] !== "\n") {
        problems.push({ line, code: "text_after_quote", message: `unexpected text after a closing quote on line ${line}` });
        while (i < input.length && input[i] !== "," && input[i] !== "\r" && input[i] !== "\n") field += input[i++];
      }
      continue;
    }

    const c = input[i];
    if (c === ",") {
      endField();
      i += 1;
    } else if (lineBreak()) {
      endRecord();
      recordLine = line;
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== "" || fields.length > 0) endRecord();
  return { records, problems };
}
