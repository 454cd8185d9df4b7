/**
 * ISO 8601:2004 §4.4.3.2 durations as xAPI uses them (Data 4.6): `P[nY][nM][nD][T[nH][nM][nS]]`
 * or `PnW` alone (weeks cannot be combined with other units, as the conformance suite checks with
 * `P4W1D`). The alternative format (`P0003-01-29T04:35:59`) is rejected as the spec requires.
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const WEEKS = /^P(\d+(?:[.,]\d+)?)W$/;
const CALENDAR =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86_400;
const DAYS_PER_WEEK = 7;

/** Parses an xAPI duration; null when it is not one. Only the last component may carry a fraction. */
export function parseIsoDuration(text: string): IsoDuration | null {
  const weeks = WEEKS.exec(text);
  if (weeks)
    return { years: 0, months: 0, weeks: toNumber(weeks[1]), days: 0, hours: 0, minutes: 0, seconds: 0 };
  const match = CALENDAR.exec(text);
  if (!match || text === "P" || text.endsWith("T")) return null;
  const parts = match.slice(1);
  const present = parts.map((p, i) => (p === undefined ? -1 : i)).filter((i) => i >= 0);
  const last = present[present.length - 1];
  if (present.some((i) => i !== last && /[.,]/.test(parts[i] ?? ""))) return null;
  const [years, months, days, hours, minutes, seconds] = parts.map(toNumber) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { years, months, weeks: 0, days, hours, minutes, seconds };
}

/**
 * Length in seconds, or null when the duration has years or months: their length depends on the
 * calendar, so the spec treats such durations as strings (Data 2.3.1.b8).
 */
export function durationToSeconds(duration: IsoDuration): number | null {
  if (duration.years !== 0 || duration.months !== 0) return null;
  return (
    (duration.weeks * DAYS_PER_WEEK + duration.days) * SECONDS_PER_DAY +
    duration.hours * SECONDS_PER_HOUR +
    duration.minutes * SECONDS_PER_MINUTE +
    duration.seconds
  );
}

/**
 * The duration with any seconds precision beyond 0.01 s cut off (never rounded), as the spec allows
 * an LRS to store it and requires for comparison (Data 4.6.s1.b4, b5). Other text is returned as is.
 */
export function truncateDurationToHundredths(text: string): string {
  return text.replace(/(\d+)[.,](\d+)S$/, (_whole, integer: string, fraction: string) => {
    const kept = fraction.slice(0, 2).replace(/0+$/, "");
    return kept === "" ? `${integer}S` : `${integer}.${kept}S`;
  });
}

function toNumber(part: string | undefined): number {
  return part === undefined ? 0 : Number(part.replace(",", "."));
}
