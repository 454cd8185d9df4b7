import { describe, expect, it } from "vitest";
import { durationToSeconds, parseIsoDuration, truncateDurationToHundredths } from "./duration.js";

describe("parseIsoDuration", () => {
  it("parses every component", () => {
    expect(parseIsoDuration("P3Y1M29DT4H35M59.14S")).toEqual({
      years: 3,
      months: 1,
      weeks: 0,
      days: 29,
      hours: 4,
      minutes: 35,
      seconds: 59.14,
    });
    expect(parseIsoDuration("P4W")).toMatchObject({ weeks: 4 });
    expect(parseIsoDuration("PT0,5S")).toMatchObject({ seconds: 0.5 });
  });

  it("rejects weeks combined with other units, empty designators, fractions before the last unit and the alternative format", () => {
    for (const text of [
      "P4W1D",
      "P",
      "PT",
      "P1DT",
      "PT1.5H30M",
      "P0003-01-29T04:35:59",
      "PA1H0M0S",
      "1H",
      "pt1h",
    ]) {
      expect(parseIsoDuration(text)).toBeNull();
    }
  });
});

describe("durationToSeconds", () => {
  it("converts durations without calendar units and refuses years and months", () => {
    expect(durationToSeconds(parseIsoDuration("P1DT1H1M1.5S")!)).toBe(90061.5);
    expect(durationToSeconds(parseIsoDuration("P2W")!)).toBe(1_209_600);
    expect(durationToSeconds(parseIsoDuration("P1M")!)).toBeNull();
  });
});

describe("truncateDurationToHundredths", () => {
  it("truncates (never rounds) seconds beyond 0.01 s and normalises trailing zeros", () => {
    expect(truncateDurationToHundredths("P1DT12H36M0.12567S")).toBe("P1DT12H36M0.12S");
    expect(truncateDurationToHundredths("PT0.129S")).toBe("PT0.12S");
    expect(truncateDurationToHundredths("PT1.10S")).toBe("PT1.1S");
    expect(truncateDurationToHundredths("PT1.001S")).toBe("PT1S");
    expect(truncateDurationToHundredths("P3Y")).toBe("P3Y");
  });
});
