/**
 * Statement comparison (Data 2.3.1 "Statement Comparison Requirements"): whether two statements
 * are the same statement, for an idempotent PUT/POST of an id that already exists and for checking
 * a signed statement against its JWS payload. Differences the immutability exceptions allow are
 * ignored (Data 2.3.1.b1–b7); everything else, including Result duration as a string, counts.
 */
import { canonicalMbox } from "./agent.js";
import { truncateDurationToHundredths } from "./duration.js";
import { timestampToEpochMillis } from "./formats.js";
import type { Activity, Actor, Context, Result, Statement, StatementObject } from "./types.js";

/**
 * True when `a` and `b` (both as returned by `validateStatement`) describe the same statement.
 * Ignored: `stored`, `authority`, `version` and `attachments` (set or carried by the LRS); `id` and
 * `timestamp` when only one side has them (the LRS may assign them); the timestamp's serialisation
 * (compared as an instant, to the millisecond); Verb `display` and Activity `definition` (not part
 * of the statement); Group member order; the case of mbox domains, hex hashes, UUIDs and language tags; duration
 * precision beyond 0.01 s (Data 4.6.s1.b5).
 */
export function statementsEquivalent(a: Statement, b: Statement): boolean {
  const left = canonicalStatement(a);
  const right = canonicalStatement(b);
  for (const assigned of ["id", "timestamp"] as const) {
    if (a[assigned] === undefined || b[assigned] === undefined) {
      delete left[assigned];
      delete right[assigned];
    }
  }
  return stableJson(left) === stableJson(right);
}

type Json = Record<string, unknown>;

function canonicalStatement(statement: Statement): Json {
  return {
    id: statement.id?.toLowerCase(),
    timestamp: statement.timestamp === undefined ? undefined : timestampToEpochMillis(statement.timestamp),
    actor: canonicalActor(statement.actor),
    verb: statement.verb.id,
    object: canonicalObject(statement.object),
    result: statement.result === undefined ? undefined : canonicalResult(statement.result),
    context: statement.context === undefined ? undefined : canonicalContext(statement.context),
  };
}

function canonicalActor(actor: Actor): Json {
  const canonical: Json = { ...actor };
  if (actor.mbox !== undefined) canonical.mbox = canonicalMbox(actor.mbox);
  if (actor.mbox_sha1sum !== undefined) canonical.mbox_sha1sum = actor.mbox_sha1sum.toLowerCase();
  if (actor.objectType === "Group" && actor.member !== undefined) {
    canonical.member = actor.member.map(canonicalActor).sort((x, y) => compare(stableJson(x), stableJson(y)));
  }
  return canonical;
}

function canonicalActivity(activity: Activity): Json {
  return { objectType: "Activity", id: activity.id };
}

function canonicalObject(object: StatementObject): Json {
  switch (object.objectType) {
    case "Activity":
      return canonicalActivity(object);
    case "Agent":
    case "Group":
      return canonicalActor(object);
    case "StatementRef":
      return { objectType: "StatementRef", id: object.id.toLowerCase() };
    case "SubStatement":
      return {
        objectType: "SubStatement",
        actor: canonicalActor(object.actor),
        verb: object.verb.id,
        object: canonicalObject(object.object),
        result: object.result === undefined ? undefined : canonicalResult(object.result),
        context: object.context === undefined ? undefined : canonicalContext(object.context),
        timestamp: object.timestamp === undefined ? undefined : timestampToEpochMillis(object.timestamp),
      };
  }
}

function canonicalResult(result: Result): Json {
  return result.duration === undefined
    ? { ...result }
    : { ...result, duration: truncateDurationToHundredths(result.duration) };
}

function canonicalContext(context: Context): Json {
  const canonical: Json = { ...context };
  if (context.registration !== undefined) canonical.registration = context.registration.toLowerCase();
  // RFC 5646 tags are case-insensitive (Data 2.3.1.b7).
  if (context.language !== undefined) canonical.language = context.language.toLowerCase();
  if (context.instructor !== undefined) canonical.instructor = canonicalActor(context.instructor);
  if (context.team !== undefined) canonical.team = canonicalActor(context.team);
  if (context.statement !== undefined)
    canonical.statement = { objectType: "StatementRef", id: context.statement.id.toLowerCase() };
  if (context.contextActivities !== undefined) {
    const activities: Json = {};
    for (const [key, list] of Object.entries(context.contextActivities)) {
      activities[key] = (list as Activity[]).map(canonicalActivity);
    }
    canonical.contextActivities = activities;
  }
  if (context.contextAgents !== undefined) {
    canonical.contextAgents = context.contextAgents.map((entry) => ({
      ...entry,
      agent: canonicalActor(entry.agent),
    }));
  }
  if (context.contextGroups !== undefined) {
    canonical.contextGroups = context.contextGroups.map((entry) => ({
      ...entry,
      group: canonicalActor(entry.group),
    }));
  }
  return canonical;
}

/** JSON with object keys sorted and undefined members dropped, so key order never matters. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([x], [y]) => compare(x, y));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
