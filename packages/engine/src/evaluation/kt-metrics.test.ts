import { describe, expect, it } from "vitest";
import { aucScore, KtMetricError, logLossScore, rmseScore } from "./kt-metrics.js";

// Hand-computed case: positives score 0.9, 0.6, 0.2; negatives 0.3, 0.6.
const labels = [1, 0, 1, 0, 1];
const predictions = [0.9, 0.3, 0.6, 0.6, 0.2];

describe("aucScore", () => {
  it("counts ordered pairs, ties as one half", () => {
    // (0.9>0.3) (0.9>0.6) (0.6>0.3) (0.6=0.6: ½) (0.2<0.3) (0.2<0.6) → 3.5 / 6
    expect(aucScore(labels, predictions)).toBeCloseTo(3.5 / 6, 12);
  });

  it("is 1 for a perfect ranking, 0 for a reversed one, ½ for a constant", () => {
    expect(aucScore([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(aucScore([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(aucScore([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("refuses a single class instead of returning NaN", () => {
    expect(() => aucScore([1, 1], [0.2, 0.8])).toThrow(KtMetricError);
  });
});

describe("rmseScore", () => {
  it("matches the hand computation", () => {
    // errors 0.1 0.3 0.4 0.6 0.8 → squares sum 1.26 → √(1.26 / 5)
    expect(rmseScore(labels, predictions)).toBeCloseTo(Math.sqrt(0.252), 12);
  });
});

describe("logLossScore", () => {
  it("matches the hand computation", () => {
    // −(ln 0.9 + ln 0.7 + ln 0.6 + ln 0.4 + ln 0.2) / 5
    expect(logLossScore(labels, predictions)).toBeCloseTo(0.6997179, 6);
  });

  it("stays finite for a confident mistake", () => {
    expect(Number.isFinite(logLossScore([1], [0]))).toBe(true);
  });

  it("refuses empty, mismatched or non-probability inputs", () => {
    expect(() => logLossScore([], [])).toThrow(KtMetricError);
    expect(() => rmseScore([1, 0], [0.5])).toThrow(KtMetricError);
    expect(() => rmseScore([1], [Number.NaN])).toThrow(/not a probability/);
    expect(() => rmseScore([2], [0.5])).toThrow(/not 0 or 1/);
  });
});
