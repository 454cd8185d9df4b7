/**
 * Alerts for teachers, each naming the evidence that raised it:
 * - **stuck**: several recent attempts on one competency, not mastered, and the estimate has not
 *   moved up — the learner needs a different approach, not more of the same;
 * - **behind pace**: the learner's plan says they are behind by at least a few days;
 * - **inactive**: no evidence for a while;
 * - **rapid guessing**: many of the last answers came faster than anyone can read the question.
 * Thresholds are parameters a school can change; the defaults are documented in docs/personalization.md.
 */
import type { DecisionReason } from "../decision.js";
import type { MasteryLookup } from "../graph/frontier.js";
import { isMastered } from "../graph/frontier.js";

export type AlertKind = "stuck" | "behind-pace" | "inactive" | "rapid-guessing";

/** One answer or other piece of scored work, oldest first in the input. */
export interface AlertAttempt {
  evidenceId: string;
  competencyIds: readonly string[];
  occurredAt: Date;
  /** Seconds the learner spent, when known. */
  durationSeconds: number | null;
  /** P(mastered) of each competency right after this attempt, when the learner model recorded it. */
  probabilityAfter?: ReadonlyMap<string, number>;
}

export interface AlertLearner {
  learnerId: string;
  /** Attempts, oldest first (the caller may pass only the recent ones). */
  attempts: readonly AlertAttempt[];
  mastery: MasteryLookup;
  /** When the learner's last evidence of any kind was recorded, and its id. */
  lastActivity: { at: Date; evidenceId: string } | null;
  /** When the learner joined the class: inactivity is counted from here when there is no activity. */
  enrolledAt?: Date;
  /** The learner's plan pacing, with the plan's id as the evidence. */
  pacing?: { status: "ahead" | "on-track" | "behind"; days: number; planId: string };
  /** Titles for the reasons; ids are used when missing. */
  competencyTitles?: ReadonlyMap<string, string>;
}

export interface AlertParameters {
  /** Attempts on one competency, without gain, that make a learner "stuck". */
  stuckAttempts: number;
  /** Gain in P(mastered) over those attempts below which there was "no gain". */
  stuckMinimumGain: number;
  /** Behind the plan by at least this many days. */
  behindDays: number;
  /** No activity for at least this many days. */
  inactiveDays: number;
  /** Answers faster than this many seconds count as rapid. */
  rapidSeconds: number;
  /** Look at this many of the most recent timed answers. */
  rapidWindow: number;
  /** Alert when at least this share of the window was rapid (and the window is full). */
  rapidShare: number;
}

export const DEFAULT_ALERT_PARAMETERS: AlertParameters = {
  stuckAttempts: 5,
  stuckMinimumGain: 0.05,
  behindDays: 3,
  inactiveDays: 7,
  rapidSeconds: 5,
  rapidWindow: 10,
  rapidShare: 0.5,
};

export const ALERT_MODEL = { model: "pathwise-alerts", version: "1.0.0" } as const;

export interface TeacherAlert {
  learnerId: string;
  kind: AlertKind;
  /** The competency concerned, for stuck alerts. */
  competencyId: string | null;
  /** Ids of the evidence (or plan) that raised the alert. */
  evidence: string[];
  reason: DecisionReason;
}

export class AlertParameterError extends Error {
  constructor(
    readonly field: keyof AlertParameters,
    message: string,
  ) {
    super(message);
    this.name = "AlertParameterError";
  }
}

function validate(p: AlertParameters): void {
  const check = (field: keyof AlertParameters, ok: boolean, rule: string): void => {
    if (!ok) throw new AlertParameterError(field, `${field} ${rule}.`);
  };
  check(
    "stuckAttempts",
    Number.isInteger(p.stuckAttempts) && p.stuckAttempts >= 2,
    "must be a whole number ≥ 2",
  );
  check("stuckMinimumGain", p.stuckMinimumGain >= 0 && p.stuckMinimumGain <= 1, "must be between 0 and 1");
  check("behindDays", Number.isInteger(p.behindDays) && p.behindDays >= 1, "must be a whole number ≥ 1");
  check(
    "inactiveDays",
    Number.isInteger(p.inactiveDays) && p.inactiveDays >= 1,
    "must be a whole number ≥ 1",
  );
  check("rapidSeconds", p.rapidSeconds > 0, "must be positive");
  check("rapidWindow", Number.isInteger(p.rapidWindow) && p.rapidWindow >= 1, "must be a whole number ≥ 1");
  check("rapidShare", p.rapidShare > 0 && p.rapidShare <= 1, "must be in (0, 1]");
}

const DAY_MS = 86_400_000;

export function teacherAlerts(
  learners: readonly AlertLearner[],
  now: Date,
  parameters: AlertParameters = DEFAULT_ALERT_PARAMETERS,
): TeacherAlert[] {
  validate(parameters);
  return learners.flatMap((learner) => [
    ...stuck(learner, parameters),
    ...behind(learner, parameters),
    ...inactive(learner, now, parameters),
    ...rapidGuessing(learner, parameters),
  ]);
}

function stuck(learner: AlertLearner, p: AlertParameters): TeacherAlert[] {
  const byCompetency = new Map<string, AlertAttempt[]>();
  for (const attempt of learner.attempts)
    for (const id of attempt.competencyIds) {
      const list = byCompetency.get(id);
      if (list) list.push(attempt);
      else byCompetency.set(id, [attempt]);
    }
  const alerts: TeacherAlert[] = [];
  for (const [competencyId, attempts] of [...byCompetency].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const report = learner.mastery.get(competencyId);
    if (attempts.length < p.stuckAttempts || isMastered(report)) continue;
    const recent = attempts.slice(-p.stuckAttempts);
    const first = recent[0]!.probabilityAfter?.get(competencyId);
    const last = report?.probability ?? recent.at(-1)!.probabilityAfter?.get(competencyId);
    if (first === undefined || last === undefined || last - first >= p.stuckMinimumGain) continue;
    alerts.push({
      learnerId: learner.learnerId,
      kind: "stuck",
      competencyId,
      evidence: recent.map((a) => a.evidenceId),
      reason: {
        messageId: "alert.stuck",
        values: {
          attempts: recent.length,
          competency: learner.competencyTitles?.get(competencyId) ?? competencyId,
          percent: Math.round(last * 100),
        },
      },
    });
  }
  return alerts;
}

function behind(learner: AlertLearner, p: AlertParameters): TeacherAlert[] {
  const pacing = learner.pacing;
  if (pacing === undefined || pacing.status !== "behind" || pacing.days < p.behindDays) return [];
  return [
    {
      learnerId: learner.learnerId,
      kind: "behind-pace",
      competencyId: null,
      evidence: [pacing.planId],
      reason: { messageId: "alert.behind-pace", values: { days: pacing.days } },
    },
  ];
}

function inactive(learner: AlertLearner, now: Date, p: AlertParameters): TeacherAlert[] {
  const since = learner.lastActivity?.at ?? learner.enrolledAt;
  if (since === undefined) return [];
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  if (days < p.inactiveDays) return [];
  return [
    {
      learnerId: learner.learnerId,
      kind: "inactive",
      competencyId: null,
      evidence: learner.lastActivity ? [learner.lastActivity.evidenceId] : [],
      reason: { messageId: "alert.inactive", values: { days } },
    },
  ];
}

function rapidGuessing(learner: AlertLearner, p: AlertParameters): TeacherAlert[] {
  const timed = learner.attempts.filter((a) => a.durationSeconds !== null).slice(-p.rapidWindow);
  if (timed.length < p.rapidWindow) return [];
  const rapid = timed.filter((a) => a.durationSeconds! < p.rapidSeconds);
  if (rapid.length < p.rapidShare * timed.length) return [];
  return [
    {
      learnerId: learner.learnerId,
      kind: "rapid-guessing",
      competencyId: null,
      evidence: rapid.map((a) => a.evidenceId),
      reason: {
        messageId: "alert.rapid-guessing",
        values: { count: rapid.length, total: timed.length, seconds: p.rapidSeconds },
      },
    },
  ];
}
