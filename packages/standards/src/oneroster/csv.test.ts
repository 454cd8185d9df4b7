import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";

const rows = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe("parseCsv", () => {
  it("splits plain fields and records, with or without a final line break", () => {
    expect(rows("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(rows("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("accepts CRLF, LF and lone CR line endings", () => {
    expect(rows("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(rows("a,b\r1,2\r")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(rows("a,,c,\n")).toEqual([["a", "", "c", ""]]);
    expect(rows("a,,c,")).toEqual([["a", "", "c", ""]]);
    expect(rows(",b\r\n")).toEqual([["", "b"]]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const table = parseCsv('id,name,note\r\n1,"Smith, Jane","She said ""hi""\r\nand left"\r\n2,x,y\r\n');
    expect(table.problems).toEqual([]);
    expect(table.records).toEqual([
      { fields: ["id", "name", "note"], line: 1 },
      { fields: ["1", "Smith, Jane", 'She said "hi"\r\nand left'], line: 2 },
      { fields: ["2", "x", "y"], line: 4 },
    ]);
  });

  it("counts lines inside quoted fields for the records that follow", () => {
    const table = parseCsv('a\n"x\r\ny\rz\n"\nb\n');
    expect(table.records.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it("reads an empty quoted field as empty", () => {
    expect(rows('a,"",c\n')).toEqual([["a", "", "c"]]);
  });

  it("ignores a byte-order mark", () => {
    expect(rows("\uFEFFsourcedId,status\nX,active\n")[0]).toEqual(["sourcedId", "status"]);
  });

  it("skips blank lines and lines of empty fields but counts their lines", () => {
    const table = parseCsv("a,b\n\n1,2\r\n,\n\n3,4\n");
    expect(table.records).toEqual([
      { fields: ["a", "b"], line: 1 },
      { fields: ["1", "2"], line: 3 },
      { fields: ["3", "4"], line: 6 },
    ]);
  });

  it("keeps a quote inside an unquoted field as a character", () => {
    expect(rows('a,5\'10",c\n')).toEqual([["a", '5\'10"', "c"]]);
  });

  it("reports a quote that is never closed, with the line it opened on", () => {
    const table = parseCsv('a,b\n1,"open\n2,3\n');
    expect(table.problems).toEqual([{ line: 2, code: "unterminated_quote", message: expect.stringContaining("line 2") }]);
  });

  it("reports text after a closing quote and keeps the text", () => {
    const table = parseCsv('a,"b"c,d\n');
    expect(table.problems).toEqual([{ line: 1, code: "text_after_quote", message: expect.any(String) }]);
    expect(table.records[0]?.fields).toEqual(["a", "bc", "d"]);
  });

  it("returns nothing for an empty input", () => {
    expect(parseCsv("")).toEqual({ records: [], problems: [] });
    expect(parseCsv("\uFEFF\r\n")).toEqual({ records: [], problems: [] });
  });
});
