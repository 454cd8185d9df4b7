import { describe, expect, it } from "vitest";
import { parseKtTsv } from "./kt-dataset.js";

const HEADER = "user_id\titem_id\ttimestamp\tcorrect\tskill_id";

describe("parseKtTsv", () => {
  it("reads rows in file order, timestamps in seconds becoming milliseconds", () => {
    const result = parseKtTsv(`${HEADER}\n7\t12\t0\t1\t3\n7\t13\t60\t0\t3\r\n8\t12\t5\t0\t4\n`);
    expect(result).toEqual({
      ok: true,
      rows: [
        { learnerId: "7", itemId: "12", skillIds: ["3"], correct: true, timeMs: 0 },
        { learnerId: "7", itemId: "13", skillIds: ["3"], correct: false, timeMs: 60_000 },
        { learnerId: "8", itemId: "12", skillIds: ["4"], correct: false, timeMs: 5000 },
      ],
    });
  });

  it("accepts any column order and no timestamp column", () => {
    const result = parseKtTsv("skill_id\tcorrect\titem_id\tuser_id\ns\t1\ti\tu\n");
    expect(result.ok && result.rows[0]).toEqual({
      learnerId: "u",
      itemId: "i",
      skillIds: ["s"],
      correct: true,
      timeMs: 0,
    });
  });

  it("names the missing column", () => {
    expect(parseKtTsv("user_id\titem_id\ttimestamp\tskill_id\n1\t2\t0\t3\n")).toMatchObject({
      ok: false,
      error: { code: "missing-column", row: 1, column: "correct" },
    });
  });

  it("names the row and column of a correct value that is not 0 or 1", () => {
    expect(parseKtTsv(`${HEADER}\n1\t2\t0\t1\t3\n1\t2\t0\t0.5\t3\n`)).toMatchObject({
      ok: false,
      error: { code: "invalid-value", row: 3, column: "correct" },
    });
  });

  it("names a bad timestamp and an empty id", () => {
    expect(parseKtTsv(`${HEADER}\n1\t2\tyesterday\t1\t3\n`)).toMatchObject({
      ok: false,
      error: { row: 2, column: "timestamp" },
    });
    expect(parseKtTsv(`${HEADER}\n1\t2\t0\t1\t\n`)).toMatchObject({
      ok: false,
      error: { row: 2, column: "skill_id" },
    });
  });

  it("reports a row with the wrong number of fields", () => {
    expect(parseKtTsv(`${HEADER}\n1\t2\t0\t1\n`)).toMatchObject({
      ok: false,
      error: { code: "wrong-field-count", row: 2 },
    });
  });

  it("reports an empty file and a header without rows", () => {
    expect(parseKtTsv("")).toMatchObject({ ok: false, error: { code: "empty-file", row: 1 } });
    expect(parseKtTsv(`${HEADER}\n`)).toMatchObject({ ok: false, error: { code: "empty-file", row: 2 } });
  });
});
