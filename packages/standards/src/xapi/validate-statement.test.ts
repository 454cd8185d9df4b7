import { describe, expect, it } from "vitest";
import { validateActor, validateStatement, validateStatementBatch } from "./validate-statement.js";
import type { XapiVersion } from "./types.js";

const ACTOR = { mbox: "mailto:ada@example.com", name: "Ada" };
const VERB = { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } };
const ACTIVITY = { id: "https://example.com/activities/fractions-1" };
const UUID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0";

function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { actor: ACTOR, verb: VERB, object: ACTIVITY, ...overrides };
}

/** The errors for `json`, or a failure when it was accepted. */
function errorsOf(json: unknown, version: XapiVersion = "2.0.0") {
  const result = validateStatement(json, version);
  if (result.ok) throw new Error("expected the statement to be rejected");
  return result.errors;
}

function paths(json: unknown, version: XapiVersion = "2.0.0"): string[] {
  return errorsOf(json, version).map((error) => error.path);
}

function accepted(json: unknown, version: XapiVersion = "2.0.0") {
  const result = validateStatement(json, version);
  if (!result.ok) throw new Error(`expected acceptance, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe("validateStatement: structure", () => {
  it("accepts a minimal statement and infers objectType on actor and object", () => {
    const value = accepted(statement());
    expect(value.actor).toEqual({ objectType: "Agent", mbox: "mailto:ada@example.com", name: "Ada" });
    expect(value.object).toEqual({ objectType: "Activity", id: ACTIVITY.id });
  });

  it("does not mutate its input", () => {
    const input = statement();
    accepted(input);
    expect(input.object).toEqual(ACTIVITY);
  });

  it("requires actor, verb and object", () => {
    expect(paths({})).toEqual(["$.actor", "$.verb", "$.object"]);
  });

  it("rejects a non-object statement at the root", () => {
    expect(errorsOf("hello")).toEqual([
      { path: "$", code: "invalid_type", message: "must be a Statement (a JSON object)" },
    ]);
  });

  it("rejects unknown properties, naming them", () => {
    expect(paths(statement({ mood: "happy" }))).toEqual(["$.mood"]);
    expect(paths(statement({ verb: { ...VERB, Display: {} } }))).toEqual(["$.verb.Display"]);
  });

  it("rejects keys whose case differs from the spec", () => {
    expect(paths(statement({ Actor: ACTOR }))).toContain("$.Actor");
  });

  it("rejects null values outside extensions", () => {
    expect(errorsOf(statement({ context: null }))).toEqual([
      { path: "$.context", code: "null_value", message: "must not be null" },
    ]);
    expect(paths(statement({ actor: { ...ACTOR, name: null } }))).toEqual(["$.actor.name"]);
  });

  it("rejects a null actor without also calling it missing", () => {
    expect(paths(statement({ actor: null }))).toEqual(["$.actor"]);
  });

  it("rejects the wrong data types, even strings that look right", () => {
    expect(paths(statement({ result: { success: "true" } }))).toEqual(["$.result.success"]);
    expect(paths(statement({ result: { score: { raw: "5" } } }))).toEqual(["$.result.score.raw"]);
  });

  it("rejects an id that is not a UUID", () => {
    expect(paths(statement({ id: `${UUID}a` }))).toEqual(["$.id"]);
    expect(paths(statement({ id: "fd41c918-b88b-4b20-a0a5-a4c32391aaaz" }))).toEqual(["$.id"]);
    expect(paths(statement({ id: 12345 }))).toEqual(["$.id"]);
    expect(accepted(statement({ id: UUID.toUpperCase() })).id).toBe(UUID.toUpperCase());
  });
});

describe("validateStatement: actors and inverse functional identifiers", () => {
  it("requires exactly one IFI on an Agent", () => {
    const two = errorsOf(
      statement({ actor: { mbox: "mailto:a@example.com", openid: "https://id.example.com/a" } }),
    );
    expect(two).toEqual([
      {
        path: "$.actor",
        code: "ifi_count",
        message:
          "an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account); found 2",
      },
    ]);
    expect(paths(statement({ actor: { name: "Nobody" } }))).toEqual(["$.actor"]);
  });

  it("checks each IFI's format", () => {
    expect(paths(statement({ actor: { mbox: "ada@example.com" } }))).toEqual(["$.actor.mbox"]);
    expect(paths(statement({ actor: { mbox_sha1sum: "abc" } }))).toEqual(["$.actor.mbox_sha1sum"]);
    expect(paths(statement({ actor: { openid: "not an iri" } }))).toEqual(["$.actor.openid"]);
    expect(paths(statement({ actor: { account: { homePage: "https://lms.example.com" } } }))).toEqual([
      "$.actor.account.name",
    ]);
    expect(
      paths(statement({ actor: { account: { homePage: "https://lms.example.com", name: 7 } } })),
    ).toEqual(["$.actor.account.name"]);
    expect(paths(statement({ actor: { account: { homePage: "lms.example.com", name: "7" } } }))).toEqual([
      "$.actor.account.homePage",
    ]);
  });

  it("accepts each IFI kind", () => {
    for (const actor of [
      { mbox: "mailto:ada@example.com" },
      { mbox_sha1sum: "cd9b00a5611f94eaa7b1661edab976068e364975" },
      { openid: "http://openid.example.org/12345" },
      { account: { homePage: "https://lms.example.com", name: "ada" } },
    ]) {
      expect(accepted(statement({ actor })).actor).toEqual({ objectType: "Agent", ...actor });
    }
  });

  it("rejects an unknown actor objectType", () => {
    expect(paths(statement({ actor: { ...ACTOR, objectType: "Person" } }))).toEqual(["$.actor.objectType"]);
  });

  it("accepts an anonymous Group with members and requires members when there is no IFI", () => {
    const group = {
      objectType: "Group",
      member: [ACTOR, { account: { homePage: "https://x.example", name: "b" } }],
    };
    const value = accepted(statement({ actor: group }));
    expect(value.actor).toMatchObject({
      objectType: "Group",
      member: [{ objectType: "Agent" }, { objectType: "Agent" }],
    });
    expect(paths(statement({ actor: { objectType: "Group", name: "Team" } }))).toEqual(["$.actor.member"]);
  });

  it("accepts an identified Group with or without members", () => {
    accepted(statement({ actor: { objectType: "Group", mbox: "mailto:team@example.com" } }));
    accepted(statement({ actor: { objectType: "Group", mbox: "mailto:team@example.com", member: [ACTOR] } }));
  });

  it("rejects a Group with two IFIs, Group members, and non-array members", () => {
    expect(
      paths(
        statement({
          actor: { objectType: "Group", mbox: "mailto:t@example.com", openid: "https://id.example/t" },
        }),
      ),
    ).toEqual(["$.actor"]);
    expect(
      paths(
        statement({
          actor: { objectType: "Group", member: [{ objectType: "Group", mbox: "mailto:t@example.com" }] },
        }),
      ),
    ).toEqual(["$.actor.member[0].objectType"]);
    expect(paths(statement({ actor: { objectType: "Group", member: ACTOR } }))).toEqual(["$.actor.member"]);
  });

  it("validates an actor on its own (agent query parameter)", () => {
    expect(validateActor({ mbox: "mailto:a@example.com" }, "1.0.3")).toEqual({
      ok: true,
      value: { objectType: "Agent", mbox: "mailto:a@example.com" },
    });
    expect(validateActor({ mbox: "a@example.com" }, "1.0.3")).toMatchObject({
      ok: false,
      errors: [{ path: "$.mbox" }],
    });
  });
});

describe("validateStatement: verbs and language maps", () => {
  it("requires an IRI verb id", () => {
    expect(paths(statement({ verb: { display: { en: "did" } } }))).toEqual(["$.verb.id"]);
    expect(paths(statement({ verb: { id: "completed" } }))).toEqual(["$.verb.id"]);
  });

  it("requires RFC 5646 language tags as language-map keys", () => {
    const errors = errorsOf(statement({ verb: { id: VERB.id, display: { a12345: "should fail" } } }));
    expect(errors).toEqual([
      {
        path: "$.verb.display.a12345",
        code: "invalid_language_tag",
        message: "is not an RFC 5646 language tag",
      },
    ]);
    expect(paths(statement({ verb: { id: VERB.id, display: { "en-US-": "x" } } }))).toEqual([
      '$.verb.display["en-US-"]',
    ]);
  });

  it("accepts well-formed tags of every shape", () => {
    const display = {
      en: "a",
      "en-US": "b",
      "zh-Hant-TW": "c",
      "es-419": "d",
      "de-CH-1996": "e",
      "x-private": "f",
      "i-klingon": "g",
    };
    expect(accepted(statement({ verb: { id: VERB.id, display } })).verb.display).toEqual(display);
  });

  it("checks language maps in activity definitions and attachments", () => {
    const object = { id: ACTIVITY.id, definition: { name: { "not a tag": "x" } } };
    expect(paths(statement({ object }))).toEqual(['$.object.definition.name["not a tag"]']);
  });

  it("rejects non-string language-map values", () => {
    expect(paths(statement({ verb: { id: VERB.id, display: { en: 5 } } }))).toEqual(["$.verb.display.en"]);
  });
});

describe("validateStatement: objects", () => {
  it("rejects an activity id that is not an absolute IRI", () => {
    expect(paths(statement({ object: { id: "fractions-1" } }))).toEqual(["$.object.id"]);
  });

  it("requires objectType for Agent objects (otherwise it is read as an Activity)", () => {
    expect(paths(statement({ object: { mbox: "mailto:b@example.com" } }))).toEqual([
      "$.object.mbox",
      "$.object.id",
    ]);
    expect(
      accepted(statement({ object: { objectType: "Agent", mbox: "mailto:b@example.com" } })).object,
    ).toEqual({
      objectType: "Agent",
      mbox: "mailto:b@example.com",
    });
  });

  it("validates StatementRefs", () => {
    expect(accepted(statement({ object: { objectType: "StatementRef", id: UUID } })).object).toEqual({
      objectType: "StatementRef",
      id: UUID,
    });
    expect(paths(statement({ object: { objectType: "StatementRef", id: "nope" } }))).toEqual(["$.object.id"]);
    expect(paths(statement({ object: { objectType: "StatementRef", id: UUID, definition: {} } }))).toEqual([
      "$.object.definition",
    ]);
  });

  it("rejects an unknown object objectType", () => {
    expect(paths(statement({ object: { objectType: "Thing", id: ACTIVITY.id } }))).toEqual([
      "$.object.objectType",
    ]);
  });

  it("validates activity definitions including interactions", () => {
    const definition = {
      name: { en: "Q1" },
      type: "http://adlnet.gov/expapi/activities/cmi.interaction",
      interactionType: "choice",
      correctResponsesPattern: ["golf[,]tetris"],
      choices: [
        { id: "golf", description: { "en-US": "Golf Example" } },
        { id: "tetris", description: { "en-US": "Tetris Example" } },
      ],
    };
    expect(accepted(statement({ object: { ...ACTIVITY, definition } })).object).toEqual({
      objectType: "Activity",
      ...ACTIVITY,
      definition,
    });
  });

  it("rejects a bad interactionType, a missing one, and repeated component ids", () => {
    const base = { ...ACTIVITY };
    expect(paths(statement({ object: { ...base, definition: { interactionType: "essay" } } }))).toEqual([
      "$.object.definition.interactionType",
    ]);
    expect(paths(statement({ object: { ...base, definition: { correctResponsesPattern: ["a"] } } }))).toEqual(
      ["$.object.definition.interactionType"],
    );
    const choices = [{ id: "a" }, { id: "a" }];
    expect(
      paths(statement({ object: { ...base, definition: { interactionType: "choice", choices } } })),
    ).toEqual(["$.object.definition.choices[1].id"]);
  });

  it("checks moreInfo and type are IRIs", () => {
    expect(
      paths(statement({ object: { ...ACTIVITY, definition: { moreInfo: "example.com", type: "quiz" } } })),
    ).toEqual(["$.object.definition.type", "$.object.definition.moreInfo"]);
  });
});

describe("validateStatement: SubStatements", () => {
  const sub = { objectType: "SubStatement", actor: ACTOR, verb: VERB, object: ACTIVITY };

  it("accepts a SubStatement and normalises inside it", () => {
    const value = accepted(statement({ object: sub }));
    expect(value.object).toMatchObject({ objectType: "SubStatement", object: { objectType: "Activity" } });
  });

  it("rejects id, stored, version and authority in a SubStatement", () => {
    const bad = { ...sub, id: UUID, stored: "2024-01-01T00:00:00Z", version: "1.0.0", authority: ACTOR };
    expect(paths(statement({ object: bad }))).toEqual([
      "$.object.id",
      "$.object.stored",
      "$.object.version",
      "$.object.authority",
    ]);
  });

  it("rejects a nested SubStatement", () => {
    const errors = errorsOf(statement({ object: { ...sub, object: { ...sub } } }));
    expect(errors).toEqual([
      {
        path: "$.object.object.objectType",
        code: "nested_substatement",
        message: "a SubStatement must not contain another SubStatement",
      },
    ]);
  });

  it("validates a SubStatement as a statement (required properties, context rules)", () => {
    expect(paths(statement({ object: { objectType: "SubStatement", actor: ACTOR, verb: VERB } }))).toEqual([
      "$.object.object",
    ]);
    const revisionOnAgent = {
      ...sub,
      object: { objectType: "Agent", mbox: "mailto:x@example.com" },
      context: { revision: "2" },
    };
    expect(paths(statement({ object: revisionOnAgent }))).toEqual(["$.object.context.revision"]);
  });

  it("allows a future timestamp inside a SubStatement", () => {
    accepted(statement({ object: { ...sub, timestamp: "2999-01-01T00:00:00Z" } }));
  });
});

describe("validateStatement: voiding", () => {
  const voided = { id: "http://adlnet.gov/expapi/verbs/voided", display: { "en-US": "voided" } };

  it("accepts a voiding statement whose object is a StatementRef", () => {
    accepted(statement({ verb: voided, object: { objectType: "StatementRef", id: UUID } }));
  });

  it("rejects a voiding statement whose object is anything else", () => {
    expect(errorsOf(statement({ verb: voided, object: ACTIVITY }))).toEqual([
      {
        path: "$.object.objectType",
        code: "voiding_object",
        message: "a voiding statement's object must be a StatementRef",
      },
    ]);
  });
});

describe("validateStatement: result and score", () => {
  it("accepts a full result", () => {
    const result = {
      score: { scaled: 0.5, raw: 5, min: 0, max: 10 },
      success: true,
      completion: true,
      response: "x",
      duration: "PT4H35M59.14S",
    };
    expect(accepted(statement({ result })).result).toEqual(result);
  });

  it("keeps scaled within [-1, 1]", () => {
    expect(errorsOf(statement({ result: { score: { scaled: 1.01 } } }))).toEqual([
      { path: "$.result.score.scaled", code: "out_of_range", message: "must be between -1 and 1" },
    ]);
    accepted(statement({ result: { score: { scaled: -1 } } }));
  });

  it("keeps raw within min and max, and min below max", () => {
    expect(paths(statement({ result: { score: { raw: 11, min: 0, max: 10 } } }))).toEqual([
      "$.result.score.raw",
    ]);
    expect(paths(statement({ result: { score: { raw: -1, min: 0 } } }))).toEqual(["$.result.score.raw"]);
    expect(paths(statement({ result: { score: { min: 10, max: 10 } } }))).toEqual(["$.result.score.min"]);
  });

  it("checks durations against ISO 8601", () => {
    for (const duration of [
      "PT1H0M0.1S",
      "P3Y1M29DT4H35M59.14S",
      "P3Y",
      "P4W",
      "PT16559.14S",
      "P1DT12H36M0.12567S",
    ]) {
      accepted(statement({ result: { duration } }));
    }
    for (const duration of ["PA1H0M0S", "P4W1D", "should fail", "P", "PT", "P0003-01-29T04:35:59"]) {
      expect(paths(statement({ result: { duration } }))).toEqual(["$.result.duration"]);
    }
    expect(paths(statement({ result: { duration: 12345 } }))).toEqual(["$.result.duration"]);
  });
});

describe("validateStatement: extensions", () => {
  it("requires extension keys to be absolute IRIs, wherever extensions appear", () => {
    const bad = { extensions: { "should fail": true } };
    expect(errorsOf(statement({ result: bad }))).toEqual([
      {
        path: '$.result.extensions["should fail"]',
        code: "invalid_iri",
        message: "extension keys must be absolute IRIs",
      },
    ]);
    expect(paths(statement({ context: bad }))).toEqual(['$.context.extensions["should fail"]']);
    expect(paths(statement({ object: { ...ACTIVITY, definition: bad } }))).toEqual([
      '$.object.definition.extensions["should fail"]',
    ]);
  });

  it("accepts any extension value, including null, empty string and empty object", () => {
    for (const value of [null, "", {}, { key: "valid" }, 12345, true]) {
      accepted(statement({ context: { extensions: { "http://example.com/ex": value } } }));
    }
    accepted(statement({ result: { extensions: {} } }));
  });
});

describe("validateStatement: context", () => {
  it("wraps single contextActivities into arrays", () => {
    const value = accepted(
      statement({ context: { contextActivities: { parent: ACTIVITY, grouping: [ACTIVITY] } } }),
    );
    expect(value.context?.contextActivities).toEqual({
      parent: [{ objectType: "Activity", ...ACTIVITY }],
      grouping: [{ objectType: "Activity", ...ACTIVITY }],
    });
  });

  it("rejects unknown contextActivities keys and non-activity values", () => {
    expect(paths(statement({ context: { contextActivities: { sibling: [ACTIVITY] } } }))).toEqual([
      "$.context.contextActivities.sibling",
    ]);
    expect(paths(statement({ context: { contextActivities: { parent: [{ id: "nope" }] } } }))).toEqual([
      "$.context.contextActivities.parent[0].id",
    ]);
    expect(paths(statement({ context: { contextActivities: "parent" } }))).toEqual([
      "$.context.contextActivities",
    ]);
  });

  it("checks registration, language and statement", () => {
    expect(paths(statement({ context: { registration: "abc" } }))).toEqual(["$.context.registration"]);
    expect(paths(statement({ context: { language: "english!" } }))).toEqual(["$.context.language"]);
    expect(paths(statement({ context: { statement: { id: UUID } } }))).toEqual([
      "$.context.statement.objectType",
    ]);
    accepted(
      statement({
        context: {
          registration: UUID,
          language: "en-GB",
          statement: { objectType: "StatementRef", id: UUID },
        },
      }),
    );
  });

  it("requires team to be a Group", () => {
    expect(paths(statement({ context: { team: ACTOR } }))).toEqual(["$.context.team.objectType"]);
    accepted(statement({ context: { team: { objectType: "Group", member: [ACTOR] }, instructor: ACTOR } }));
  });

  it("allows revision and platform only when the object is an Activity", () => {
    accepted(statement({ context: { revision: "2", platform: "web" } }));
    const onRef = statement({
      object: { objectType: "StatementRef", id: UUID },
      context: { revision: "2", platform: "web" },
    });
    expect(errorsOf(onRef)).toEqual([
      {
        path: "$.context.revision",
        code: "not_allowed",
        message: "may only be used when the statement's object is an Activity (it is a StatementRef)",
      },
      {
        path: "$.context.platform",
        code: "not_allowed",
        message: "may only be used when the statement's object is an Activity (it is a StatementRef)",
      },
    ]);
  });

  it("accepts contextAgents and contextGroups in 2.0 only", () => {
    const context = {
      contextAgents: [
        { objectType: "contextAgent", agent: ACTOR, relevantTypes: ["https://example.com/types/coach"] },
      ],
      contextGroups: [{ objectType: "contextGroup", group: { objectType: "Group", member: [ACTOR] } }],
    };
    expect(accepted(statement({ context })).context?.contextAgents?.[0]?.agent.objectType).toBe("Agent");
    expect(paths(statement({ context }), "1.0.3")).toEqual([
      "$.context.contextAgents",
      "$.context.contextGroups",
    ]);
  });

  it("validates contextAgents and contextGroups entries", () => {
    const agent = (extra: Record<string, unknown>) =>
      statement({ context: { contextAgents: [{ objectType: "contextAgent", agent: ACTOR, ...extra }] } });
    expect(paths(agent({ objectType: "Agent" }))).toEqual(["$.context.contextAgents[0].objectType"]);
    expect(paths(agent({ agent: { name: "x" } }))).toEqual(["$.context.contextAgents[0].agent"]);
    expect(paths(agent({ relevantTypes: [] }))).toEqual(["$.context.contextAgents[0].relevantTypes"]);
    expect(paths(agent({ relevantTypes: ["coach"] }))).toEqual([
      "$.context.contextAgents[0].relevantTypes[0]",
    ]);
    const group = { contextGroups: [{ objectType: "contextGroup", group: ACTOR }] };
    expect(paths(statement({ context: group }))).toEqual(["$.context.contextGroups[0].group.objectType"]);
    expect(paths(statement({ context: { contextGroups: {} } }))).toEqual(["$.context.contextGroups"]);
  });
});

describe("validateStatement: timestamps", () => {
  it("accepts ISO 8601 / RFC 3339 timestamps with a time zone", () => {
    for (const timestamp of [
      "2008-09-15T15:53:00.601+00:00",
      "2008-09-15T15:53:00Z",
      "2024-02-29T23:59:59.123456-05:00",
      "2013-05-18T05:32:34.804+0530",
    ]) {
      accepted(statement({ timestamp }));
    }
  });

  it("rejects negative zero offsets in both versions", () => {
    for (const version of ["1.0.3", "2.0.0"] as const) {
      for (const timestamp of [
        "2008-09-15T15:53:00.601-00",
        "2008-09-15T15:53:00.601-0000",
        "2008-09-15T15:53:00.601-00:00",
      ]) {
        expect(paths(statement({ timestamp }), version)).toEqual(["$.timestamp"]);
      }
    }
  });

  it("rejects strings and impossible dates", () => {
    expect(paths(statement({ timestamp: "01/011/2015" }))).toEqual(["$.timestamp"]);
    expect(paths(statement({ timestamp: "2023-02-29T00:00:00Z" }))).toEqual(["$.timestamp"]);
    expect(paths(statement({ stored: "2023-01-01T24:00:00Z" }))).toEqual(["$.stored"]);
  });

  it("requires a time zone in 2.0 and accepts its absence in 1.0.3 (read as UTC)", () => {
    expect(errorsOf(statement({ timestamp: "2024-05-04T12:00:00" }), "2.0.0")).toEqual([
      { path: "$.timestamp", code: "invalid_timestamp", message: "must include a time zone (Z or ±hh:mm)" },
    ]);
    accepted(statement({ timestamp: "2024-05-04T12:00:00" }), "1.0.3");
  });
});

describe("validateStatement: version", () => {
  it("accepts 1.0.x in both versions and 2.0.x only under 2.0", () => {
    for (const version of ["1.0", "1.0.0", "1.0.9"]) {
      accepted(statement({ version }), "1.0.3");
      accepted(statement({ version }), "2.0.0");
    }
    accepted(statement({ version: "2.0.0" }), "2.0.0");
    expect(paths(statement({ version: "2.0.0" }), "1.0.3")).toEqual(["$.version"]);
  });

  it("rejects other versions", () => {
    for (const version of ["0.9.9", "1.1.0", "should fail", "1.0.x"]) {
      expect(paths(statement({ version }), "2.0.0")).toEqual(["$.version"]);
    }
  });
});

describe("validateStatement: authority", () => {
  const agentB = { account: { homePage: "https://lrs.example.com", name: "app-1" } };

  it("accepts an Agent authority and an anonymous Group of two Agents (3-legged OAuth)", () => {
    accepted(statement({ authority: ACTOR }));
    accepted(statement({ authority: { objectType: "Group", member: [ACTOR, agentB] } }));
  });

  it("rejects an identified Group authority", () => {
    const errors = errorsOf(
      statement({
        authority: { objectType: "Group", mbox: "mailto:g@example.com", member: [ACTOR, agentB] },
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(["$.authority"]);
  });

  it("rejects a Group authority without exactly two members", () => {
    expect(paths(statement({ authority: { objectType: "Group", member: [ACTOR] } }))).toEqual([
      "$.authority.member",
    ]);
    const three = [ACTOR, agentB, { mbox: "mailto:c@example.com" }];
    expect(paths(statement({ authority: { objectType: "Group", member: three } }))).toEqual([
      "$.authority.member",
    ]);
  });
});

describe("validateStatement: attachments", () => {
  const attachment = {
    usageType: "http://adlnet.gov/expapi/attachments/signature",
    display: { "en-US": "Signature" },
    contentType: "application/octet-stream",
    length: 4235,
    sha2: "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
  };

  it("accepts a well-formed attachment, with a fileUrl", () => {
    accepted(statement({ attachments: [{ ...attachment, fileUrl: "https://files.example.com/a.pdf" }] }));
  });

  it("requires usageType, display, contentType, length and sha2", () => {
    expect(paths(statement({ attachments: [{}] }))).toEqual([
      "$.attachments[0].usageType",
      "$.attachments[0].display",
      "$.attachments[0].contentType",
      "$.attachments[0].length",
      "$.attachments[0].sha2",
    ]);
  });

  it("checks the format of each field", () => {
    const bad = {
      ...attachment,
      usageType: "signature",
      contentType: "pdf",
      length: 1.5,
      sha2: "xyz",
      fileUrl: "a.pdf",
    };
    expect(paths(statement({ attachments: [bad] }))).toEqual([
      "$.attachments[0].usageType",
      "$.attachments[0].fileUrl",
      "$.attachments[0].contentType",
      "$.attachments[0].length",
      "$.attachments[0].sha2",
    ]);
  });
});

describe("validateStatementBatch", () => {
  it("accepts a single statement as a batch of one", () => {
    const result = validateStatementBatch(statement(), "1.0.3");
    expect(result.ok && result.value.length).toBe(1);
  });

  it("rejects the whole batch when any statement is bad, naming its index", () => {
    const result = validateStatementBatch(
      [statement(), statement(), statement({ verb: { id: "nope" } })],
      "2.0.0",
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "$[2].verb.id", code: "invalid_iri", message: expect.any(String) }],
    });
  });

  it("rejects an empty batch and repeated ids within a batch", () => {
    expect(validateStatementBatch([], "2.0.0")).toMatchObject({ ok: false, errors: [{ path: "$" }] });
    const repeated = validateStatementBatch(
      [statement({ id: UUID }), statement({ id: UUID.toUpperCase() })],
      "2.0.0",
    );
    expect(repeated).toMatchObject({ ok: false, errors: [{ path: "$[1].id", code: "duplicate_id" }] });
  });

  it("names each statement by its index in the batch, even after an invalid one", () => {
    const batch = [statement({ verb: {} }), statement({ id: UUID }), statement({ id: UUID })];
    const result = validateStatementBatch(batch, "2.0.0");
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["$[0].verb.id", "$[2].id"]);
  });
});
