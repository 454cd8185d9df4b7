import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { MasteryReport } from "../mastery.js";
import { isMastered } from "../graph/frontier.js";
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

describe("teacherAlerts (properties)", () => {
  const arbitraryLearner = fc.record({
    learnerId: fc.constantFrom("ana", "ben", "cai"),
    attempts: fc.array(
      fc.record({
        competency: fc.constantFrom("add", "subtract", "fractions"),
        // Often fast (under the 5 s default), sometimes untimed.
        seconds: fc.option(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 90 })), {
          nil: null,
        }),
        probability: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 24, size: "medium" },
    ),
    mastered: fc.subarray(["add", "subtract", "fractions"]),
    lastActivityDay: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    behindDays: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
  });

  it("every alert names only evidence that exists, of the kind that raised it", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryLearner, { selector: (l) => l.learnerId, maxLength: 3 }), (raw) => {
        const learners: AlertLearner[] = raw.map((l) => ({
          learnerId: l.learnerId,
          attempts: l.attempts.map((a, i) => ({
            evidenceId: `${l.learnerId}:attempt${i}`,
            competencyIds: [a.competency],
            occurredAt: new Date(day(19).getTime() + i * 60_000),
            durationSeconds: a.seconds,
            probabilityAfter: new Map([[a.competency, a.probability]]),
          })),
          mastery: new Map(l.mastered.map((id) => [id, report(id, "mastered", 0.95)])),
          lastActivity:
            l.lastActivityDay === null
              ? null
              : { at: day(l.lastActivityDay), evidenceId: `${l.learnerId}:last` },
          enrolledAt: day(1),
          pacing:
            l.behindDays === null
              ? undefined
              : { status: "behind", days: l.behindDays, planId: `${l.learnerId}:plan` },
        }));
        const alerts = teacherAlerts(learners, now);
        for (const alert of alerts) seen.add(alert.kind);
        for (const alert of alerts) {
          const learner = learners.find((l) => l.learnerId === alert.learnerId)!;
          const attempts = new Map(learner.attempts.map((a) => [a.evidenceId, a]));
          expect(alert.evidence.length).toBeLessThanOrEqual(Math.max(1, learner.attempts.length));
          for (const id of alert.evidence) {
            if (alert.kind === "stuck") {
              expect(attempts.get(id)?.competencyIds).toContain(alert.competencyId);
              expect(isMastered(learner.mastery.get(alert.competencyId!))).toBe(false);
            } else if (alert.kind === "rapid-guessing") {
              expect(attempts.get(id)!.durationSeconds!).toBeLessThan(DEFAULT_ALERT_PARAMETERS.rapidSeconds);
            } else if (alert.kind === "behind-pace") {
              expect(id).toBe(learner.pacing!.planId);
            } else {
              expect(id).toBe(learner.lastActivity!.evidenceId);
            }
          }
          if (alert.kind !== "inactive") expect(alert.evidence.length).toBeGreaterThan(0);
          for (const locale of ["en", "es"] as const)
            expect(renderReason(alert.reason, locale)).not.toMatch(/[{}]/);
        }
      }),
      { numRuns: 300 },
    );
    // The generated classes raise every kind of alert, so each branch above was exercised.
    expect([...seen].sort()).toEqual(["behind-pace", "inactive", "rapid-guessing", "stuck"]);
  });
});
