/**
 * Format checks for the xAPI special data types: UUIDs, IRIs/IRLs, mailto IRIs, SHA hashes,
 * RFC 5646 language tags, ISO 8601 timestamps and Internet media types. Each is a best-effort
 * syntactic check as the specification allows (Data 2.2.s4.b6, b7): no network, no registry lookups.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** UUID in the standard 8-4-4-4-12 hexadecimal string form (Data 4.4). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

// A scheme (RFC 3987 §2.2) followed by a non-empty remainder without whitespace or the characters
// RFC 3987 excludes from IRIs; control characters are rejected separately.
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/u;

/** An absolute IRI: has a scheme (Data 2.2.s4.b1.b8) and nothing an IRI cannot contain. */
export function isAbsoluteIri(value: string): boolean {
  return ABSOLUTE_IRI.test(value) && !hasControlCharacter(value);
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** `mailto:` IRI with one address (the `mbox` IFI). */
export function isMailtoIri(value: string): boolean {
  return /^mailto:[^\s@:/?#]+@[^\s@/?#]+$/i.test(value);
}

export function isSha1Hex(value: string): boolean {
  return /^[0-9a-fA-F]{40}$/.test(value);
}

/** Hex digest of SHA-224, SHA-256, SHA-384 or SHA-512 (the SHA-2 family named by `sha2`). */
export function isSha2Hex(value: string): boolean {
  return /^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$/.test(value);
}

// RFC 5646 §2.1 ABNF, case-insensitive.
const ALNUM = "[a-z0-9]";
const LANGUAGE = "(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})";
const SCRIPT = "(?:-[a-z]{4})";
const REGION = "(?:-(?:[a-z]{2}|[0-9]{3}))";
const VARIANT = `(?:-(?:${ALNUM}{5,8}|[0-9]${ALNUM}{3}))`;
const EXTENSION = `(?:-[0-9a-wy-z](?:-${ALNUM}{2,8})+)`;
const PRIVATE_USE = `(?:x(?:-${ALNUM}{1,8})+)`;
const GRANDFATHERED =
  "(?:en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|i-tsu|" +
  "sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang)";
const LANGUAGE_TAG = new RegExp(
  `^(?:${LANGUAGE}${SCRIPT}?${REGION}?${VARIANT}*${EXTENSION}*(?:-${PRIVATE_USE})?|${PRIVATE_USE}|${GRANDFATHERED})$`,
  "i",
);

/** Well-formed RFC 5646 language tag (syntax only; subtags are not checked against the registry). */
export function isLanguageTag(value: string): boolean {
  return LANGUAGE_TAG.test(value);
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

export interface TimestampCheck {
  /** xAPI 2.0 requires the time zone; xAPI 1.0.3 only recommends it (Data 4.5.s1.b4). */
  requireTimeZone: boolean;
}

/** ISO 8601 basic format (`20080915T155300.601Z`) rewritten in extended format; other text as is. */
function toExtendedFormat(value: string): string {
  const basic =
    /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})((?:[.,]\d+)?(?:[Zz]|[+-]\d{2}(?:\d{2})?)?)$/.exec(value);
  if (!basic) return value;
  const [, year, month, day, hour, minute, second, rest] = basic;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${rest}`;
}

/**
 * Why a timestamp is not acceptable, or null when it is. ISO 8601 extended and basic formats are
 * both accepted (conformance requirement XAPI-00123), with seconds.
 */
export function timestampProblem(value: string, check: TimestampCheck): string | null {
  const match = TIMESTAMP.exec(toExtendedFormat(value));
  if (!match) return "must be an ISO 8601 date-time such as 2024-05-04T17:00:00.000Z";
  const [, year, month, day, hour, minute, second, , zulu, sign, offsetHours, offsetMinutes] = match;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(Number(year), m)) return "is not a calendar date";
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return "is not a time of day";
  if (sign === undefined && zulu === undefined) {
    return check.requireTimeZone ? "must include a time zone (Z or ±hh:mm)" : null;
  }
  if (sign !== undefined) {
    if (Number(offsetHours) > 23 || Number(offsetMinutes ?? "0") > 59)
      return "has an invalid time-zone offset";
    // RFC 3339 §4.3: -00:00 means "offset unknown", which is not a time zone.
    if (sign === "-" && Number(offsetHours) === 0 && Number(offsetMinutes ?? "0") === 0) {
      return "must not use the negative zero offset (-00, -0000, -00:00); use Z or +00:00";
    }
  }
  return null;
}

/** Milliseconds since the epoch for a timestamp accepted by `timestampProblem` (no zone = UTC). */
export function timestampToEpochMillis(value: string): number {
  const match = TIMESTAMP.exec(toExtendedFormat(value));
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = match;
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    millis,
  );
  if (sign === undefined) return local;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes ?? "0")) * 60_000;
  return sign === "+" ? local - offset : local + offset;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `type/subtype` with optional parameters (RFC 2045/6838 token syntax). */
export function isMediaType(value: string): boolean {
  const token = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  const parameter = `\\s*;\\s*${token}=(?:${token}|"(?:[^"\\\\]|\\\\.)*")`;
  return new RegExp(`^${token}/${token}(?:${parameter})*\\s*$`).test(value);
}
