import { describe, expect, it } from "vitest";
import { problemOf } from "./import-problems.js";

describe("problemOf", () => {
  it("reads the file, row and column of a roster error", () => {
    expect(problemOf("files.users.csv[row 3].email", "Not an email.")).toEqual({
      file: "users.csv",
      row: 3,
      column: "email",
      message: "Not an email.",
    });
    expect(problemOf("files.enrollments.csv[row 12]", "Unknown class.")).toMatchObject({
      file: "enrollments.csv",
      row: 12,
      column: null,
    });
    expect(problemOf("files.manifest.csv", "Missing.")).toMatchObject({ file: "manifest.csv", row: null });
  });

  it("keeps only the message when the error is about the whole upload", () => {
    expect(problemOf("body.package.CFItems", "The package lists no CFItems.")).toEqual({
      file: null,
      row: null,
      column: null,
      message: "The package lists no CFItems.",
    });
  });
});
