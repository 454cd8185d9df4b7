import { describe, expect, it } from "vitest";
import type { MasteryReport } from "../mastery.js";
import { renderReason } from "../recommendation/reasons.js";
import {
  AlertParameterError,
  DEFAULT_ALERT_PARAMETERS,
  teacherAlerts,
  type AlertAttempt,
  type AlertLearner,
} from "./teacher-alerts.js";

const now = new Date("2026-03-20T12:00:00Z");
const day = (d: number) => new Date(Date.UTC(2026, 2, d, 10));

function report(competencyId: string, status: MasteryReport["status"], probability: number): MasteryReport {
  return { competencyId, probability, status, confidence: { lower: 0, upper: 1, evidenceCount: 5 } };
}

function attempts(
  competencyId: string,
  probabilities: number[],
  seconds: (number | null)[] = [],
): AlertAttempt[] {
  return probabilities.map((p, i) => ({
    evidenceId: `${competencyId}-${i}`,
    competencyIds: [competencyId],
    occurredAt: new Date(day(19).getTime() + i * 60_000),
    durationSeconds: seconds[i] ?? 40,
    probabilityAfter: new Map([[competencyId, p]]),
  }));
}

function learnerWith(overrides: Partial<AlertLearner>): AlertLearner {
  return {
    learnerId: "ana",
    attempts: [],
    mastery: new Map(),
    lastActivity: { at: day(19), evidenceId: "last" },
    ...overrides,
  };
}

describe("teacherAlerts", () => {
  it("flags a learner stuck on a competency, naming the attempts, and not one who is gaining", () => {
    const stuck = learnerWith({
      attempts: attempts("fractions", [0.3, 0.32, 0.31, 0.33, 0.32, 0.33]),
      mastery: new Map([["fractions", report("fractions", "developing", 0.33)]]),
      competencyTitles: new Map([["fractions", "Equivalent fractions"]]),
    });
    const gaining = learnerWith({
      learnerId: "ben",
      attempts: attempts("fractions", [0.3, 0.4, 0.5, 0.6, 0.65]),
      mastery: new Map([["fractions", report("fractions", "approaching", 0.65)]]),
    });
    const alerts = teacherAlerts([stuck, gaining], now);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ learnerId: "ana", kind: "stuck", competencyId: "fractions" });
    expect(alerts[0]!.evidence).toEqual([
      "fractions-1",
      "fractions-2",
      "fractions-3",
      "fractions-4",
      "fractions-5",
    ]);
    expect(renderReason(alerts[0]!.reason, "en")).toBe(
      "5 attempts on Equivalent fractions without gain (mastery estimate 33%).",
    );
  });

  it("does not call a learner stuck once they have mastered the competency", () => {
    const done = learnerWith({
      attempts: attempts("fractions", [0.96, 0.96, 0.96, 0.96, 0.96]),
      mastery: new Map([["fractions", report("fractions", "mastered", 0.96)]]),
    });
    expect(teacherAlerts([done], now)).toEqual([]);
  });

  it("flags behind pace from the plan and inactivity from the last evidence", () => {
    const alerts = teacherAlerts(
      [
        learnerWith({ pacing: { status: "behind", days: 4, planId: "plan-1" } }),
        learnerWith({ learnerId: "ben", pacing: { status: "behind", days: 1, planId: "plan-2" } }),
        learnerWith({ learnerId: "cai", lastActivity: { at: day(10), evidenceId: "old" } }),
        learnerWith({ learnerId: "dee", lastActivity: null, enrolledAt: day(1) }),
      ],
      now,
    );
    expect(alerts.map((a) => [a.learnerId, a.kind, a.evidence])).toEqual([
      ["ana", "behind-pace", ["plan-1"]],
      ["cai", "inactive", ["old"]],
      ["dee", "inactive", []],
    ]);
    expect(renderReason(alerts[1]!.reason, "es")).toBe("Sin actividad durante 10 días.");
  });

  it("flags rapid guessing only on a full window of timed answers, naming the rapid ones", () => {
    const fast = attempts("add", Array(10).fill(0.5), [2, 3, 40, 1, 2, 30, 2, 2, 50, 4]);
    const alerts = teacherAlerts([learnerWith({ attempts: fast })], now);
    const rapid = alerts.find((a) => a.kind === "rapid-guessing")!;
    expect(rapid.evidence).toEqual(["add-0", "add-1", "add-3", "add-4", "add-6", "add-7", "add-9"]);
    expect(renderReason(rapid.reason, "en")).toBe("7 of the last 10 answers came in under 5 seconds each.");
    const short = attempts("add", Array(6).fill(0.5), [1, 1, 1, 1, 1, 1]);
    expect(
      teacherAlerts([learnerWith({ attempts: short })], now).some((a) => a.kind === "rapid-guessing"),
    ).toBe(false);
  });

  it("rejects thresholds that make no sense, naming the field", () => {
    expect(() => teacherAlerts([], now, { ...DEFAULT_ALERT_PARAMETERS, rapidShare: 0 })).toThrow(
      AlertParameterError,
    );
    expect(() => teacherAlerts([], now, { ...DEFAULT_ALERT_PARAMETERS, stuckAttempts: 1 })).toThrow(
      /stuckAttempts/,
    );
  });
});
