/**
 * What the LRS does to a validated statement around storage and retrieval: completing the
 * properties it sets when storing (Data 2.4: id, stored, timestamp, authority, version), and the
 * `format` parameter of `GET /statements` — `exact`, `ids` (identifiers only) and `canonical`
 * (one language per language map, chosen by Accept-Language; Communication 2.1.3).
 */
import type {
  Activity,
  ActivityDefinition,
  Actor,
  Context,
  InteractionComponent,
  LanguageMap,
  Statement,
  StatementObject,
  XapiVersion,
} from "./types.js";
import type { StatementFormat } from "./statement-query.js";

export interface StorageAssignment {
  /** A fresh UUID, used when the statement has no id. */
  id: string;
  /** The time of storage (UTC); also the timestamp of a statement sent without one. */
  stored: string;
  /** Who sent it, from the credentials; replaces any authority in the statement (Data 2.4.9.s3.b4). */
  authority: Actor;
}

/**
 * The statement as the LRS stores it. A statement without `version` gets `1.0.0` under 1.0.3
 * (Data 2.4.10.s3.b3) and `2.0.0` under 2.0; a version that was sent is kept.
 */
export function completeStatementForStorage(
  statement: Statement,
  version: XapiVersion,
  assigned: StorageAssignment,
): Statement {
  return {
    ...statement,
    id: statement.id ?? assigned.id,
    timestamp: statement.timestamp ?? assigned.stored,
    stored: assigned.stored,
    authority: assigned.authority,
    version: statement.version ?? (version === "2.0.0" ? "2.0.0" : "1.0.0"),
  };
}

/**
 * The statement in the requested format. For `canonical`, pass the reader's languages in order of
 * preference (see `parseAcceptLanguage`); the LRS substitutes its canonical Activity definitions
 * and Verb displays before calling this, which then keeps one language in each of their maps.
 */
export function formatStatement(
  statement: Statement,
  format: StatementFormat,
  languages: readonly string[] = [],
): Statement {
  if (format === "exact") return statement;
  return format === "ids" ? idsOnly(statement) : canonical(statement, languages);
}

/** `en-GB,en;q=0.8,*;q=0.1` → `["en-GB", "en", "*"]`: ranges by descending quality, q=0 dropped. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim(), quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.range !== "" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.range);
}

/**
 * One entry of a language map: the first preferred range that matches a tag (exactly, or as a
 * prefix: `en` matches `en-US`, RFC 2616 §14.4), else the map's first entry.
 */
export function pickLanguage(map: LanguageMap, languages: readonly string[]): LanguageMap {
  const tags = Object.keys(map);
  for (const range of languages) {
    const lower = range.toLowerCase();
    const tag =
      range === "*"
        ? tags[0]
        : tags.find((t) => t.toLowerCase() === lower || t.toLowerCase().startsWith(`${lower}-`));
    if (tag !== undefined) return { [tag]: map[tag] as string };
  }
  const first = tags[0];
  return first === undefined ? {} : { [first]: map[first] as string };
}

// ---- ids -----------------------------------------------------------------------------------

function idsOnly(statement: Statement): Statement {
  const result: Statement = {
    ...statement,
    actor: actorIds(statement.actor),
    verb: { id: statement.verb.id },
    object: objectIds(statement.object),
  };
  if (statement.context) result.context = contextIds(statement.context);
  if (statement.authority) result.authority = actorIds(statement.authority);
  return result;
}

/** The IFI alone; an anonymous Group keeps its members' IFIs, which are what identify it. */
function actorIds<T extends Actor>(actor: T): T {
  const { mbox, mbox_sha1sum, openid, account } = actor;
  const ifi = Object.fromEntries(
    Object.entries({ mbox, mbox_sha1sum, openid, account }).filter(([, value]) => value !== undefined),
  );
  if (actor.objectType === "Group" && Object.keys(ifi).length === 0) {
    return { objectType: "Group", member: (actor.member ?? []).map(actorIds) } as T;
  }
  return { objectType: actor.objectType, ...ifi } as T;
}

function objectIds(object: StatementObject): StatementObject {
  switch (object.objectType) {
    case "Activity":
      return activityId(object);
    case "Agent":
    case "Group":
      return actorIds(object);
    case "StatementRef":
      return object;
    case "SubStatement": {
      const sub = { ...object, actor: actorIds(object.actor), verb: { id: object.verb.id } };
      sub.object = objectIds(object.object) as typeof object.object;
      if (object.context) sub.context = contextIds(object.context);
      return sub;
    }
  }
}

function contextIds(context: Context): Context {
  const result: Context = { ...context };
  if (context.instructor) result.instructor = actorIds(context.instructor);
  if (context.team) result.team = actorIds(context.team);
  if (context.contextActivities)
    result.contextActivities = mapActivities(context.contextActivities, activityId);
  if (context.contextAgents)
    result.contextAgents = context.contextAgents.map((entry) => ({ ...entry, agent: actorIds(entry.agent) }));
  if (context.contextGroups)
    result.contextGroups = context.contextGroups.map((entry) => ({ ...entry, group: actorIds(entry.group) }));
  return result;
}

/**
 * An Activity as its id alone: `objectType` is optional for Activities (Data 2.4.4.1), and the
 * conformance suite expects `{ id }` from `format=ids`.
 */
function activityId(activity: Activity): Activity {
  return { id: activity.id } as Activity;
}

// ---- canonical ------------------------------------------------------------------------------

function canonical(statement: Statement, languages: readonly string[]): Statement {
  const activity = (a: Activity): Activity =>
    a.definition ? { ...a, definition: definitionIn(a.definition, languages) } : a;
  const object = (o: StatementObject): StatementObject => {
    if (o.objectType === "Activity") return activity(o);
    if (o.objectType !== "SubStatement") return o;
    const sub = { ...o, verb: verbIn(o.verb, languages) };
    sub.object = object(o.object) as typeof o.object;
    if (o.context) sub.context = contextIn(o.context, activity);
    return sub;
  };
  const result: Statement = {
    ...statement,
    verb: verbIn(statement.verb, languages),
    object: object(statement.object),
  };
  if (statement.context) result.context = contextIn(statement.context, activity);
  return result;
}

function verbIn(verb: Statement["verb"], languages: readonly string[]): Statement["verb"] {
  return verb.display ? { ...verb, display: pickLanguage(verb.display, languages) } : verb;
}

function definitionIn(definition: ActivityDefinition, languages: readonly string[]): ActivityDefinition {
  const result: ActivityDefinition = { ...definition };
  if (definition.name) result.name = pickLanguage(definition.name, languages);
  if (definition.description) result.description = pickLanguage(definition.description, languages);
  const components = (list: InteractionComponent[]) =>
    list.map((c) => (c.description ? { ...c, description: pickLanguage(c.description, languages) } : c));
  for (const key of ["choices", "scale", "source", "target", "steps"] as const) {
    const list = definition[key];
    if (list) result[key] = components(list);
  }
  return result;
}

function contextIn(context: Context, activity: (a: Activity) => Activity): Context {
  return context.contextActivities
    ? { ...context, contextActivities: mapActivities(context.contextActivities, activity) }
    : context;
}

function mapActivities(
  activities: NonNullable<Context["contextActivities"]>,
  map: (activity: Activity) => Activity,
): NonNullable<Context["contextActivities"]> {
  return Object.fromEntries(
    Object.entries(activities).map(([key, list]) => [key, (list as Activity[]).map(map)]),
  );
}
