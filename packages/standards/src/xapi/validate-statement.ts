/**
 * Validates an xAPI statement (1.0.3 or 2.0.0 data model) received as parsed JSON, and returns it
 * normalised the way an LRS stores it: every Actor/Object carries its `objectType` (inferred per
 * Data 2.4.2 and 2.4.4) and every `contextActivities` value is an array (Data 2.4.6.2.s4.b3).
 * Errors name the offending property with a JSONPath-like path so the transport can show
 * `$.context.extensions["foo"]: must be an absolute IRI` to whoever sent the statement.
 */
import {
  isAbsoluteIri,
  isLanguageTag,
  isMailtoIri,
  isMediaType,
  isSha1Hex,
  isSha2Hex,
  isUuid,
  timestampProblem,
} from "./formats.js";
import { parseIsoDuration } from "./duration.js";
import {
  VOIDED_VERB_ID,
  type Account,
  type Activity,
  type ActivityDefinition,
  type Actor,
  type Agent,
  type Attachment,
  type Context,
  type ContextActivities,
  type ContextAgent,
  type ContextGroup,
  type Extensions,
  type Group,
  type InteractionComponent,
  type InteractionType,
  type InverseFunctionalIdentifier,
  type LanguageMap,
  type Result,
  type Score,
  type Statement,
  type StatementObject,
  type StatementRef,
  type SubStatement,
  type Verb,
  type XapiValidationError,
  type XapiValidationResult,
  type XapiVersion,
} from "./types.js";

/** Validates one statement. `version` is the data model selected by the request's version header. */
export function validateStatement(json: unknown, version: XapiVersion): XapiValidationResult<Statement> {
  const validator = new StatementValidator(version);
  const value = validator.statement(json, "$");
  return validator.errors.length === 0 && value
    ? { ok: true, value }
    : { ok: false, errors: validator.errors };
}

/**
 * Validates the body of a statements POST: one statement or an array of them. The batch is atomic:
 * if any statement is invalid the whole batch is rejected and every error path starts with the
 * statement's index (`$[3].verb.id`). A single statement is returned as a batch of one.
 */
export function validateStatementBatch(
  json: unknown,
  version: XapiVersion,
): XapiValidationResult<Statement[]> {
  if (!Array.isArray(json)) {
    const single = validateStatement(json, version);
    return single.ok ? { ok: true, value: [single.value] } : single;
  }
  const validator = new StatementValidator(version);
  if (json.length === 0) validator.fail("$", "empty_batch", "must contain at least one statement");
  const statements: Statement[] = [];
  const ids = new Map<string, number>();
  json.forEach((item: unknown, index) => {
    const statement = validator.statement(item, `$[${index}]`);
    if (!statement) return;
    statements.push(statement);
    const id = statement.id?.toLowerCase();
    if (id === undefined) return;
    const earlier = ids.get(id);
    if (earlier === undefined) ids.set(id, index);
    else
      validator.fail(
        `$[${index}].id`,
        "duplicate_id",
        `repeats the id of statement ${earlier} in the same batch`,
      );
  });
  return validator.errors.length === 0
    ? { ok: true, value: statements }
    : { ok: false, errors: validator.errors };
}

/** Validates an Agent or Group on its own, e.g. the JSON of an `agent` query parameter. */
export function validateActor(json: unknown, version: XapiVersion, path = "$"): XapiValidationResult<Actor> {
  const validator = new StatementValidator(version);
  const actor = validator.actor(json, path);
  return validator.errors.length === 0 && actor
    ? { ok: true, value: actor }
    : { ok: false, errors: validator.errors };
}

const STATEMENT_KEYS = [
  "id",
  "actor",
  "verb",
  "object",
  "result",
  "context",
  "timestamp",
  "stored",
  "authority",
  "version",
  "attachments",
] as const;
const SUBSTATEMENT_KEYS = [
  "objectType",
  "actor",
  "verb",
  "object",
  "result",
  "context",
  "timestamp",
  "attachments",
] as const;
const SUBSTATEMENT_FORBIDDEN = ["id", "stored", "version", "authority"] as const;
const IFI_KEYS = ["mbox", "mbox_sha1sum", "openid", "account"] as const;
const AGENT_KEYS = ["objectType", "name", ...IFI_KEYS] as const;
const GROUP_KEYS = ["objectType", "name", "member", ...IFI_KEYS] as const;
const INTERACTION_TYPES: readonly InteractionType[] = [
  "true-false",
  "choice",
  "fill-in",
  "long-fill-in",
  "matching",
  "performance",
  "sequencing",
  "likert",
  "numeric",
  "other",
];
const COMPONENT_LISTS = ["choices", "scale", "source", "target", "steps"] as const;
const CONTEXT_ACTIVITY_KEYS = ["parent", "grouping", "category", "other"] as const;

type Fields = Record<string, unknown>;

/** JSONPath-like child path: `.name` for plain keys, `["http://…"]` for anything else. */
function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

class StatementValidator {
  readonly errors: XapiValidationError[] = [];

  constructor(private readonly version: XapiVersion) {}

  fail(path: string, code: string, message: string): void {
    this.errors.push({ path, code, message });
  }

  statement(value: unknown, path: string): Statement | undefined {
    const fields = this.fields(value, path, STATEMENT_KEYS, "a Statement");
    if (!fields) return undefined;
    const core = this.statementCore(fields, value as Fields, path, false);
    const statement: Statement = { ...core } as Statement;
    if (fields.id !== undefined) statement.id = this.uuid(fields.id, `${path}.id`);
    if (fields.stored !== undefined) statement.stored = this.timestamp(fields.stored, `${path}.stored`);
    if (fields.authority !== undefined)
      statement.authority = this.authority(fields.authority, `${path}.authority`);
    if (fields.version !== undefined)
      statement.version = this.statementVersion(fields.version, `${path}.version`);
    return stripUndefined(statement);
  }

  /** The properties a Statement and a SubStatement share, and the rules between them. */
  private statementCore(
    fields: Fields,
    raw: Fields,
    path: string,
    inSubStatement: boolean,
  ): Omit<SubStatement, "objectType"> {
    for (const key of ["actor", "verb", "object"] as const) {
      if (!(key in raw)) this.fail(`${path}.${key}`, "required", "is required");
    }
    const actor = fields.actor === undefined ? undefined : this.actor(fields.actor, `${path}.actor`);
    const verb = fields.verb === undefined ? undefined : this.verb(fields.verb, `${path}.verb`);
    const object =
      fields.object === undefined
        ? undefined
        : this.statementObject(fields.object, `${path}.object`, inSubStatement);
    const core = {
      actor,
      verb,
      object,
      result: fields.result === undefined ? undefined : this.result(fields.result, `${path}.result`),
      context:
        fields.context === undefined ? undefined : this.context(fields.context, `${path}.context`, object),
      timestamp:
        fields.timestamp === undefined ? undefined : this.timestamp(fields.timestamp, `${path}.timestamp`),
      attachments:
        fields.attachments === undefined
          ? undefined
          : this.attachments(fields.attachments, `${path}.attachments`),
    };
    if (verb?.id === VOIDED_VERB_ID && object && object.objectType !== "StatementRef") {
      this.fail(
        `${path}.object.objectType`,
        "voiding_object",
        "a voiding statement's object must be a StatementRef",
      );
    }
    return core as Omit<SubStatement, "objectType">;
  }

  private statementVersion(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    // Data 2.4.10.s3: 1.0.x statements stay valid under 2.0 (the 2.0 conformance suite posts 1.0.9).
    const accepted = this.version === "2.0.0" ? /^(?:1\.0|2\.0)(?:\.\d+)?$/ : /^1\.0(?:\.\d+)?$/;
    if (!accepted.test(text)) {
      this.fail(
        path,
        "unsupported_version",
        this.version === "2.0.0" ? "must be 1.0.x or 2.0.x" : "must be 1.0.x",
      );
      return undefined;
    }
    return text;
  }

  actor(value: unknown, path: string): Actor | undefined {
    if (!isObject(value)) return this.typeError(path, "an Agent or Group object");
    if (value.objectType === "Group") return this.group(value, path);
    if (value.objectType === undefined || value.objectType === "Agent") return this.agent(value, path, false);
    this.fail(`${path}.objectType`, "invalid_object_type", 'must be "Agent" or "Group"');
    return undefined;
  }

  agent(value: unknown, path: string, objectTypeRequired: boolean): Agent | undefined {
    const fields = this.fields(value, path, AGENT_KEYS, "an Agent");
    if (!fields) return undefined;
    if (fields.objectType === undefined && objectTypeRequired)
      this.fail(`${path}.objectType`, "required", 'is required ("Agent")');
    else if (fields.objectType !== undefined && fields.objectType !== "Agent")
      this.fail(`${path}.objectType`, "invalid_object_type", 'must be "Agent"');
    const ifis = this.ifis(fields, path);
    if (ifis.count !== 1) {
      this.fail(
        path,
        "ifi_count",
        `an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account); found ${ifis.count}`,
      );
    }
    const agent: Agent = { objectType: "Agent", ...ifis.value };
    if (fields.name !== undefined) agent.name = this.string(fields.name, `${path}.name`);
    return stripUndefined(agent);
  }

  /** Callers dispatch here only on `objectType: "Group"` (team() checks it first). */
  group(value: unknown, path: string): Group | undefined {
    const fields = this.fields(value, path, GROUP_KEYS, "a Group");
    if (!fields) return undefined;
    const ifis = this.ifis(fields, path);
    if (ifis.count > 1) {
      this.fail(
        path,
        "ifi_count",
        `an identified Group must have exactly one inverse functional identifier; found ${ifis.count}`,
      );
    }
    if (ifis.count === 0 && fields.member === undefined)
      this.fail(`${path}.member`, "required", "is required for an anonymous Group");
    const group: Group = { objectType: "Group", ...ifis.value };
    if (fields.name !== undefined) group.name = this.string(fields.name, `${path}.name`);
    if (fields.member !== undefined) {
      group.member = this.array(fields.member, `${path}.member`, (member, memberPath) => {
        if (isObject(member) && member.objectType === "Group") {
          this.fail(
            `${memberPath}.objectType`,
            "invalid_member",
            "a Group's members must be Agents, not Groups",
          );
          return undefined;
        }
        return this.agent(member, memberPath, false);
      });
    }
    return stripUndefined(group);
  }

  /** Authority is an Agent, or (3-legged OAuth) an anonymous Group of exactly two Agents (Data 2.4.9.s3.b1). */
  private authority(value: unknown, path: string): Actor | undefined {
    const actor = this.actor(value, path);
    if (actor?.objectType === "Group") {
      if (IFI_KEYS.some((key) => actor[key] !== undefined)) {
        this.fail(
          path,
          "invalid_authority",
          "an authority Group must be anonymous (the OAuth application and user as its two members)",
        );
      }
      if (actor.member && actor.member.length !== 2) {
        this.fail(
          `${path}.member`,
          "invalid_authority",
          `an authority Group must have exactly two Agents; found ${actor.member.length}`,
        );
      }
    }
    return actor;
  }

  private ifis(fields: Fields, path: string): { count: number; value: InverseFunctionalIdentifier } {
    const value: InverseFunctionalIdentifier = {};
    let count = 0;
    if (fields.mbox !== undefined) {
      count += 1;
      const mbox = this.string(fields.mbox, `${path}.mbox`);
      if (mbox !== undefined && !isMailtoIri(mbox))
        this.fail(`${path}.mbox`, "invalid_mbox", 'must be a "mailto:" IRI with one address');
      else value.mbox = mbox;
    }
    if (fields.mbox_sha1sum !== undefined) {
      count += 1;
      const hash = this.string(fields.mbox_sha1sum, `${path}.mbox_sha1sum`);
      if (hash !== undefined && !isSha1Hex(hash))
        this.fail(`${path}.mbox_sha1sum`, "invalid_sha1", "must be a hex-encoded SHA-1 hash");
      else value.mbox_sha1sum = hash;
    }
    if (fields.openid !== undefined) {
      count += 1;
      value.openid = this.iri(fields.openid, `${path}.openid`);
    }
    if (fields.account !== undefined) {
      count += 1;
      value.account = this.account(fields.account, `${path}.account`);
    }
    return { count, value };
  }

  private account(value: unknown, path: string): Account | undefined {
    const fields = this.fields(value, path, ["homePage", "name"], "an Account");
    if (!fields) return undefined;
    if (fields.homePage === undefined) this.fail(`${path}.homePage`, "required", "is required");
    if (fields.name === undefined) this.fail(`${path}.name`, "required", "is required");
    const homePage =
      fields.homePage === undefined ? undefined : this.iri(fields.homePage, `${path}.homePage`);
    const name = fields.name === undefined ? undefined : this.string(fields.name, `${path}.name`);
    return homePage !== undefined && name !== undefined ? { homePage, name } : undefined;
  }

  private verb(value: unknown, path: string): Verb | undefined {
    const fields = this.fields(value, path, ["id", "display"], "a Verb");
    if (!fields) return undefined;
    if (fields.id === undefined) this.fail(`${path}.id`, "required", "is required");
    const verb = {
      id: fields.id === undefined ? undefined : this.iri(fields.id, `${path}.id`),
      display: fields.display === undefined ? undefined : this.languageMap(fields.display, `${path}.display`),
    };
    return verb.id === undefined ? undefined : stripUndefined(verb as Verb);
  }

  private statementObject(
    value: unknown,
    path: string,
    inSubStatement: boolean,
  ): StatementObject | undefined {
    if (!isObject(value)) return this.typeError(path, "an object");
    switch (value.objectType) {
      case undefined:
      case "Activity":
        return this.activity(value, path);
      case "Agent":
        return this.agent(value, path, true);
      case "Group":
        return this.group(value, path);
      case "StatementRef":
        return this.statementRef(value, path);
      case "SubStatement":
        if (inSubStatement) {
          this.fail(
            `${path}.objectType`,
            "nested_substatement",
            "a SubStatement must not contain another SubStatement",
          );
          return undefined;
        }
        return this.subStatement(value, path);
      default:
        this.fail(
          `${path}.objectType`,
          "invalid_object_type",
          'must be "Activity", "Agent", "Group", "StatementRef" or "SubStatement"',
        );
        return undefined;
    }
  }

  private subStatement(value: Fields, path: string): SubStatement | undefined {
    for (const key of SUBSTATEMENT_FORBIDDEN) {
      if (key in value)
        this.fail(`${path}.${key}`, "substatement_property", `a SubStatement must not have "${key}"`);
    }
    const allowedOrReported: string[] = [
      ...SUBSTATEMENT_KEYS,
      ...SUBSTATEMENT_FORBIDDEN.filter((key) => key in value),
    ];
    const fields = this.fields(value, path, allowedOrReported, "a SubStatement");
    if (!fields) return undefined;
    const core = this.statementCore(fields, value, path, true);
    return stripUndefined({ objectType: "SubStatement", ...core } as SubStatement);
  }

  statementRef(value: unknown, path: string): StatementRef | undefined {
    const fields = this.fields(value, path, ["objectType", "id"], "a StatementRef");
    if (!fields) return undefined;
    if (fields.objectType !== "StatementRef")
      this.fail(`${path}.objectType`, "invalid_object_type", 'must be "StatementRef"');
    if (fields.id === undefined) this.fail(`${path}.id`, "required", "is required");
    const id = fields.id === undefined ? undefined : this.uuid(fields.id, `${path}.id`);
    return id === undefined ? undefined : { objectType: "StatementRef", id };
  }

  private activity(value: unknown, path: string): Activity | undefined {
    const fields = this.fields(value, path, ["objectType", "id", "definition"], "an Activity");
    if (!fields) return undefined;
    if (fields.objectType !== undefined && fields.objectType !== "Activity")
      this.fail(`${path}.objectType`, "invalid_object_type", 'must be "Activity"');
    if (fields.id === undefined) this.fail(`${path}.id`, "required", "is required");
    const id = fields.id === undefined ? undefined : this.iri(fields.id, `${path}.id`);
    const definition =
      fields.definition === undefined
        ? undefined
        : this.activityDefinition(fields.definition, `${path}.definition`);
    return id === undefined ? undefined : stripUndefined({ objectType: "Activity" as const, id, definition });
  }

  private activityDefinition(value: unknown, path: string): ActivityDefinition | undefined {
    const keys = [
      "name",
      "description",
      "type",
      "moreInfo",
      "extensions",
      "interactionType",
      "correctResponsesPattern",
      ...COMPONENT_LISTS,
    ];
    const fields = this.fields(value, path, keys, "an Activity Definition");
    if (!fields) return undefined;
    const definition: ActivityDefinition = {
      name: fields.name === undefined ? undefined : this.languageMap(fields.name, `${path}.name`),
      description:
        fields.description === undefined
          ? undefined
          : this.languageMap(fields.description, `${path}.description`),
      type: fields.type === undefined ? undefined : this.iri(fields.type, `${path}.type`),
      moreInfo: fields.moreInfo === undefined ? undefined : this.iri(fields.moreInfo, `${path}.moreInfo`),
      extensions:
        fields.extensions === undefined
          ? undefined
          : this.extensions(fields.extensions, `${path}.extensions`),
    };
    if (fields.interactionType !== undefined) {
      const type = this.string(fields.interactionType, `${path}.interactionType`);
      if (type !== undefined && !INTERACTION_TYPES.includes(type as InteractionType)) {
        this.fail(
          `${path}.interactionType`,
          "invalid_enum",
          `must be one of ${INTERACTION_TYPES.join(", ")}`,
        );
      } else definition.interactionType = type as InteractionType | undefined;
    }
    const interactionKeys = ["correctResponsesPattern", ...COMPONENT_LISTS].filter(
      (key) => fields[key] !== undefined,
    );
    if (interactionKeys.length > 0 && fields.interactionType === undefined) {
      // Data 2.4.4.1.s13.b1: interaction properties make this an Interaction Activity, which needs a type.
      this.fail(
        `${path}.interactionType`,
        "required",
        `is required when ${interactionKeys.join(", ")} is present`,
      );
    }
    if (fields.correctResponsesPattern !== undefined) {
      definition.correctResponsesPattern = this.array(
        fields.correctResponsesPattern,
        `${path}.correctResponsesPattern`,
        (item, itemPath) => this.string(item, itemPath),
      );
    }
    for (const list of COMPONENT_LISTS) {
      if (fields[list] !== undefined)
        definition[list] = this.interactionComponents(fields[list], `${path}.${list}`);
    }
    return stripUndefined(definition);
  }

  private interactionComponents(value: unknown, path: string): InteractionComponent[] | undefined {
    const seen = new Set<string>();
    return this.array(value, path, (item, itemPath) => {
      const fields = this.fields(item, itemPath, ["id", "description"], "an Interaction Component");
      if (!fields) return undefined;
      if (fields.id === undefined) this.fail(`${itemPath}.id`, "required", "is required");
      const id = fields.id === undefined ? undefined : this.string(fields.id, `${itemPath}.id`);
      if (id !== undefined && seen.has(id))
        this.fail(`${itemPath}.id`, "duplicate_id", `repeats "${id}"; ids within a list must be distinct`);
      if (id !== undefined) seen.add(id);
      const description =
        fields.description === undefined
          ? undefined
          : this.languageMap(fields.description, `${itemPath}.description`);
      return id === undefined ? undefined : stripUndefined({ id, description });
    });
  }

  private result(value: unknown, path: string): Result | undefined {
    const keys = ["score", "success", "completion", "response", "duration", "extensions"];
    const fields = this.fields(value, path, keys, "a Result");
    if (!fields) return undefined;
    const result: Result = {
      score: fields.score === undefined ? undefined : this.score(fields.score, `${path}.score`),
      success: fields.success === undefined ? undefined : this.boolean(fields.success, `${path}.success`),
      completion:
        fields.completion === undefined ? undefined : this.boolean(fields.completion, `${path}.completion`),
      response: fields.response === undefined ? undefined : this.string(fields.response, `${path}.response`),
      extensions:
        fields.extensions === undefined
          ? undefined
          : this.extensions(fields.extensions, `${path}.extensions`),
    };
    if (fields.duration !== undefined) {
      const duration = this.string(fields.duration, `${path}.duration`);
      if (duration !== undefined && parseIsoDuration(duration) === null) {
        this.fail(
          `${path}.duration`,
          "invalid_duration",
          "must be an ISO 8601 duration such as PT1H30M or P4W",
        );
      } else result.duration = duration;
    }
    return stripUndefined(result);
  }

  private score(value: unknown, path: string): Score | undefined {
    const fields = this.fields(value, path, ["scaled", "raw", "min", "max"], "a Score");
    if (!fields) return undefined;
    const score: Score = {};
    for (const key of ["scaled", "raw", "min", "max"] as const) {
      if (fields[key] !== undefined) score[key] = this.number(fields[key], `${path}.${key}`);
    }
    if (score.scaled !== undefined && (score.scaled < -1 || score.scaled > 1))
      this.fail(`${path}.scaled`, "out_of_range", "must be between -1 and 1");
    if (score.min !== undefined && score.max !== undefined && score.min >= score.max)
      this.fail(`${path}.min`, "out_of_range", "must be less than max");
    if (score.raw !== undefined && score.min !== undefined && score.raw < score.min)
      this.fail(`${path}.raw`, "out_of_range", "must not be less than min");
    if (score.raw !== undefined && score.max !== undefined && score.raw > score.max)
      this.fail(`${path}.raw`, "out_of_range", "must not be greater than max");
    return stripUndefined(score);
  }

  private context(value: unknown, path: string, object: StatementObject | undefined): Context | undefined {
    const keys = [
      "registration",
      "instructor",
      "team",
      "contextActivities",
      "revision",
      "platform",
      "language",
      "statement",
      "extensions",
      ...(this.version === "2.0.0" ? ["contextAgents", "contextGroups"] : []),
    ];
    const fields = this.fields(
      value,
      path,
      keys,
      this.version === "2.0.0" ? "a Context" : "a Context (xAPI 1.0.3)",
    );
    if (!fields) return undefined;
    const context: Context = {
      registration:
        fields.registration === undefined
          ? undefined
          : this.uuid(fields.registration, `${path}.registration`),
      instructor:
        fields.instructor === undefined ? undefined : this.actor(fields.instructor, `${path}.instructor`),
      team: fields.team === undefined ? undefined : this.team(fields.team, `${path}.team`),
      contextActivities:
        fields.contextActivities === undefined
          ? undefined
          : this.contextActivities(fields.contextActivities, `${path}.contextActivities`),
      contextAgents:
        fields.contextAgents === undefined
          ? undefined
          : this.contextAgents(fields.contextAgents, `${path}.contextAgents`),
      contextGroups:
        fields.contextGroups === undefined
          ? undefined
          : this.contextGroups(fields.contextGroups, `${path}.contextGroups`),
      revision: fields.revision === undefined ? undefined : this.string(fields.revision, `${path}.revision`),
      platform: fields.platform === undefined ? undefined : this.string(fields.platform, `${path}.platform`),
      statement:
        fields.statement === undefined ? undefined : this.statementRef(fields.statement, `${path}.statement`),
      extensions:
        fields.extensions === undefined
          ? undefined
          : this.extensions(fields.extensions, `${path}.extensions`),
    };
    if (fields.language !== undefined) {
      const language = this.string(fields.language, `${path}.language`);
      if (language !== undefined && !isLanguageTag(language))
        this.fail(`${path}.language`, "invalid_language_tag", "must be an RFC 5646 language tag");
      else context.language = language;
    }
    for (const key of ["revision", "platform"] as const) {
      if (fields[key] !== undefined && object !== undefined && object.objectType !== "Activity") {
        this.fail(
          `${path}.${key}`,
          "not_allowed",
          `may only be used when the statement's object is an Activity (it is a ${object.objectType})`,
        );
      }
    }
    return stripUndefined(context);
  }

  /** A property that only a Group may fill (`team`, `contextGroups[].group`): objectType is required. */
  private team(value: unknown, path: string): Group | undefined {
    if (isObject(value) && value.objectType !== "Group") {
      this.fail(`${path}.objectType`, "invalid_object_type", 'must be "Group"');
      return undefined;
    }
    return isObject(value) ? this.group(value, path) : this.typeError(path, "a Group object");
  }

  private contextActivities(value: unknown, path: string): ContextActivities | undefined {
    const fields = this.fields(value, path, CONTEXT_ACTIVITY_KEYS, "contextActivities");
    if (!fields) return undefined;
    const result: ContextActivities = {};
    for (const key of CONTEXT_ACTIVITY_KEYS) {
      const entry = fields[key];
      if (entry === undefined) continue;
      // Data 2.4.6.2.s4.b3: a single Activity is accepted and stored as an array of one.
      if (Array.isArray(entry))
        result[key] = this.array(entry, `${path}.${key}`, (item, itemPath) => this.activity(item, itemPath));
      else {
        const activity = this.activity(entry, `${path}.${key}`);
        if (activity) result[key] = [activity];
      }
    }
    return stripUndefined(result);
  }

  private contextAgents(value: unknown, path: string): ContextAgent[] | undefined {
    return this.array(value, path, (item, itemPath) => {
      const fields = this.fields(item, itemPath, ["objectType", "agent", "relevantTypes"], "a contextAgent");
      if (!fields) return undefined;
      if (fields.objectType !== "contextAgent")
        this.fail(`${itemPath}.objectType`, "invalid_object_type", 'must be "contextAgent"');
      if (fields.agent === undefined) this.fail(`${itemPath}.agent`, "required", "is required");
      const agent =
        fields.agent === undefined ? undefined : this.agent(fields.agent, `${itemPath}.agent`, false);
      const relevantTypes =
        fields.relevantTypes === undefined
          ? undefined
          : this.relevantTypes(fields.relevantTypes, `${itemPath}.relevantTypes`);
      return agent
        ? stripUndefined({ objectType: "contextAgent" as const, agent, relevantTypes })
        : undefined;
    });
  }

  private contextGroups(value: unknown, path: string): ContextGroup[] | undefined {
    return this.array(value, path, (item, itemPath) => {
      const fields = this.fields(item, itemPath, ["objectType", "group", "relevantTypes"], "a contextGroup");
      if (!fields) return undefined;
      if (fields.objectType !== "contextGroup")
        this.fail(`${itemPath}.objectType`, "invalid_object_type", 'must be "contextGroup"');
      if (fields.group === undefined) this.fail(`${itemPath}.group`, "required", "is required");
      const group = fields.group === undefined ? undefined : this.team(fields.group, `${itemPath}.group`);
      const relevantTypes =
        fields.relevantTypes === undefined
          ? undefined
          : this.relevantTypes(fields.relevantTypes, `${itemPath}.relevantTypes`);
      return group
        ? stripUndefined({ objectType: "contextGroup" as const, group, relevantTypes })
        : undefined;
    });
  }

  private relevantTypes(value: unknown, path: string): string[] | undefined {
    if (Array.isArray(value) && value.length === 0) {
      this.fail(path, "empty_list", "must list at least one IRI when present");
      return undefined;
    }
    return this.array(value, path, (item, itemPath) => this.iri(item, itemPath));
  }

  private attachments(value: unknown, path: string): Attachment[] | undefined {
    return this.array(value, path, (item, itemPath) => {
      const keys = ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"];
      const fields = this.fields(item, itemPath, keys, "an Attachment");
      if (!fields) return undefined;
      for (const key of ["usageType", "display", "contentType", "length", "sha2"]) {
        if (fields[key] === undefined) this.fail(`${itemPath}.${key}`, "required", "is required");
      }
      const attachment: Partial<Attachment> = {
        usageType:
          fields.usageType === undefined ? undefined : this.iri(fields.usageType, `${itemPath}.usageType`),
        display:
          fields.display === undefined ? undefined : this.languageMap(fields.display, `${itemPath}.display`),
        description:
          fields.description === undefined
            ? undefined
            : this.languageMap(fields.description, `${itemPath}.description`),
        fileUrl: fields.fileUrl === undefined ? undefined : this.iri(fields.fileUrl, `${itemPath}.fileUrl`),
      };
      if (fields.contentType !== undefined) {
        const contentType = this.string(fields.contentType, `${itemPath}.contentType`);
        if (contentType !== undefined && !isMediaType(contentType)) {
          this.fail(
            `${itemPath}.contentType`,
            "invalid_media_type",
            "must be an Internet media type such as application/pdf",
          );
        } else attachment.contentType = contentType;
      }
      if (fields.length !== undefined) {
        const length = this.number(fields.length, `${itemPath}.length`);
        if (length !== undefined && (!Number.isInteger(length) || length < 0)) {
          this.fail(`${itemPath}.length`, "invalid_length", "must be a non-negative integer (octets)");
        } else attachment.length = length;
      }
      if (fields.sha2 !== undefined) {
        const sha2 = this.string(fields.sha2, `${itemPath}.sha2`);
        if (sha2 !== undefined && !isSha2Hex(sha2))
          this.fail(`${itemPath}.sha2`, "invalid_sha2", "must be a hex-encoded SHA-2 hash");
        else attachment.sha2 = sha2;
      }
      return stripUndefined(attachment) as Attachment;
    });
  }

  // ---- primitive types -------------------------------------------------------------------

  /**
   * Checks `value` is a JSON object, reports properties outside `allowed` (Data 2.2.s4.b1.b7) and
   * null values (Data 2.2.s4.b1.b1), and returns the remaining properties.
   */
  private fields(value: unknown, path: string, allowed: readonly string[], what: string): Fields | undefined {
    if (!isObject(value)) return this.typeError(path, `${what} (a JSON object)`);
    const fields: Fields = {};
    for (const [key, item] of Object.entries(value)) {
      if (!allowed.includes(key))
        this.fail(childPath(path, key), "unknown_property", `is not a property of ${what}`);
      else if (item === null) this.fail(childPath(path, key), "null_value", "must not be null");
      else fields[key] = item;
    }
    return fields;
  }

  private array<T>(
    value: unknown,
    path: string,
    item: (value: unknown, path: string) => T | undefined,
  ): T[] | undefined {
    if (!Array.isArray(value)) return this.typeError(path, "an array");
    const items: T[] = [];
    value.forEach((element: unknown, index) => {
      const itemPath = `${path}[${index}]`;
      if (element === null) return this.fail(itemPath, "null_value", "must not be null");
      const checked = item(element, itemPath);
      if (checked !== undefined) items.push(checked);
    });
    return items;
  }

  private string(value: unknown, path: string): string | undefined {
    return typeof value === "string" ? value : this.typeError(path, "a string");
  }

  private number(value: unknown, path: string): number | undefined {
    return typeof value === "number" && Number.isFinite(value) ? value : this.typeError(path, "a number");
  }

  private boolean(value: unknown, path: string): boolean | undefined {
    return typeof value === "boolean" ? value : this.typeError(path, "a boolean (true or false)");
  }

  private iri(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if (!isAbsoluteIri(text)) {
      this.fail(path, "invalid_iri", "must be an absolute IRI (with a scheme, e.g. https://example.com/...)");
      return undefined;
    }
    return text;
  }

  private uuid(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    if (!isUuid(text)) {
      this.fail(path, "invalid_uuid", "must be a UUID in standard string form (8-4-4-4-12 hex digits)");
      return undefined;
    }
    return text;
  }

  private timestamp(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    const problem = timestampProblem(text, { requireTimeZone: this.version === "2.0.0" });
    if (problem) {
      this.fail(path, "invalid_timestamp", problem);
      return undefined;
    }
    return text;
  }

  private languageMap(value: unknown, path: string): LanguageMap | undefined {
    if (!isObject(value)) return this.typeError(path, "a language map (a JSON object)");
    const map: LanguageMap = {};
    for (const [tag, text] of Object.entries(value)) {
      const tagPath = childPath(path, tag);
      if (!isLanguageTag(tag)) this.fail(tagPath, "invalid_language_tag", "is not an RFC 5646 language tag");
      else if (text === null) this.fail(tagPath, "null_value", "must not be null");
      else if (typeof text !== "string") this.typeError(tagPath, "a string");
      else map[tag] = text;
    }
    return map;
  }

  private extensions(value: unknown, path: string): Extensions | undefined {
    if (!isObject(value)) return this.typeError(path, "an extensions map (a JSON object)");
    for (const key of Object.keys(value)) {
      if (!isAbsoluteIri(key))
        this.fail(childPath(path, key), "invalid_iri", "extension keys must be absolute IRIs");
    }
    // Values are not validated (Data 4.1.s3.b2); null is allowed inside extensions.
    return value;
  }

  private typeError(path: string, expected: string): undefined {
    this.fail(path, "invalid_type", `must be ${expected}`);
    return undefined;
  }
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Drops keys whose value is undefined so normalised statements serialise without noise. */
function stripUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
