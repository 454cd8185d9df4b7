import { describe, expect, it } from "vitest";
import {
  isAbsoluteIri,
  isLanguageTag,
  isMailtoIri,
  isMediaType,
  isSha2Hex,
  isUuid,
  timestampProblem,
  timestampToEpochMillis,
} from "./formats.js";

describe("isAbsoluteIri", () => {
  it("accepts IRIs with a scheme, including non-ASCII characters", () => {
    for (const iri of [
      "http://example.com/ex",
      "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
      "https://例え.jp/パス",
      "tag:a,2024:x",
    ]) {
      expect(isAbsoluteIri(iri)).toBe(true);
    }
  });

  it("rejects relative references, whitespace, empty strings and control characters", () => {
    for (const iri of [
      "",
      "should fail",
      "example.com/x",
      "/path",
      "http://exa mple.com",
      "http:",
      "1http://x",
      "http://a\u0001b",
    ]) {
      expect(isAbsoluteIri(iri)).toBe(false);
    }
  });
});

describe("isLanguageTag", () => {
  it("follows the RFC 5646 grammar", () => {
    for (const tag of [
      "en",
      "EN-us",
      "sgn-BE-FR",
      "zh-yue-HK",
      "sl-rozaj-biske",
      "en-a-bbb-x-a-ccc",
      "x-whatever",
      "hy-Latn-IT-arevela",
    ]) {
      expect(isLanguageTag(tag)).toBe(true);
    }
    for (const tag of ["", "a12345", "e", "en-", "en--US", "en-US-x", "123", "toolonglanguage"]) {
      expect(isLanguageTag(tag)).toBe(false);
    }
  });
});

describe("identifier formats", () => {
  it("checks UUIDs, mailto IRIs, SHA-2 digests and media types", () => {
    expect(isUuid("FD41C918-B88B-4B20-A0A5-A4C32391AAA0")).toBe(true);
    expect(isUuid("fd41c918b88b4b20a0a5a4c32391aaa0")).toBe(false);
    expect(isMailtoIri("mailto:ada@example.com")).toBe(true);
    expect(isMailtoIri("mailto:ada")).toBe(false);
    expect(isSha2Hex("a".repeat(64))).toBe(true);
    expect(isSha2Hex("a".repeat(40))).toBe(false);
    expect(isMediaType("text/plain; charset=ascii")).toBe(true);
    expect(isMediaType("text")).toBe(false);
  });
});

describe("timestamps", () => {
  it("explains why a timestamp is rejected", () => {
    expect(timestampProblem("2024-13-01T00:00:00Z", { requireTimeZone: true })).toBe(
      "is not a calendar date",
    );
    expect(timestampProblem("2024-02-29T00:00:00Z", { requireTimeZone: true })).toBeNull();
    expect(timestampProblem("2024-01-01T00:00:00", { requireTimeZone: false })).toBeNull();
    expect(timestampProblem("2024-01-01T00:00:00+25:00", { requireTimeZone: true })).toBe(
      "has an invalid time-zone offset",
    );
  });

  it("accepts the ISO 8601 basic format but not a mix of basic and extended", () => {
    expect(timestampProblem("20080915T155300.601Z", { requireTimeZone: true })).toBeNull();
    expect(timestampProblem("20080915T155300+0200", { requireTimeZone: true })).toBeNull();
    expect(timestampProblem("20080915T15:53:00Z", { requireTimeZone: true })).not.toBeNull();
    expect(timestampProblem("20081315T155300Z", { requireTimeZone: true })).toBe("is not a calendar date");
    expect(timestampToEpochMillis("20230504T120000-0500")).toBe(Date.parse("2023-05-04T17:00:00.000Z"));
  });

  it("converts to epoch milliseconds honouring the offset", () => {
    expect(timestampToEpochMillis("2023-05-04T12:00:00-05:00")).toBe(Date.parse("2023-05-04T17:00:00.000Z"));
    expect(timestampToEpochMillis("2023-05-04T17:00:00.1239Z")).toBe(Date.parse("2023-05-04T17:00:00.123Z"));
  });
});
