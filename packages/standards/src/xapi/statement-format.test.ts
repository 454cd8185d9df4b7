import { describe, expect, it } from "vitest";
import {
  completeStatementForStorage,
  formatStatement,
  parseAcceptLanguage,
  pickLanguage,
} from "./statement-format.js";
import { validateStatement } from "./validate-statement.js";
import type { Statement } from "./types.js";

function valid(json: Record<string, unknown>): Statement {
  const result = validateStatement(json, "2.0.0");
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const ADA = { name: "Ada", mbox: "mailto:ada@example.com" };
const STATEMENT = valid({
  actor: {
    objectType: "Group",
    name: "Pair",
    member: [ADA, { name: "Bo", account: { homePage: "https://x.example", name: "bo" } }],
  },
  verb: {
    id: "http://adlnet.gov/expapi/verbs/answered",
    display: { "en-US": "answered", "fr-FR": "a répondu" },
  },
  object: {
    id: "https://x.example/q1",
    definition: {
      name: { "en-US": "Question 1", "fr-FR": "Question 1 (fr)", de: "Frage 1" },
      interactionType: "choice",
      choices: [{ id: "a", description: { "en-US": "A", "fr-FR": "A (fr)" } }],
    },
  },
  context: {
    instructor: { name: "Teacher", mbox: "mailto:t@example.com" },
    contextActivities: {
      parent: { id: "https://x.example/quiz", definition: { name: { "en-US": "Quiz" } } },
    },
  },
  result: { success: true },
});

describe("completeStatementForStorage", () => {
  const assigned = {
    id: "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
    stored: "2024-05-04T17:00:00.000Z",
    authority: {
      objectType: "Agent" as const,
      account: { homePage: "https://pathwise.example", name: "client-1" },
    },
  };

  it("assigns id, stored, timestamp, authority and the version default", () => {
    const stored = completeStatementForStorage(STATEMENT, "1.0.3", assigned);
    expect(stored).toMatchObject({
      id: assigned.id,
      stored: assigned.stored,
      timestamp: assigned.stored,
      authority: assigned.authority,
      version: "1.0.0",
    });
    expect(completeStatementForStorage(STATEMENT, "2.0.0", assigned).version).toBe("2.0.0");
  });

  it("keeps an id, timestamp and version that were sent, and replaces the authority", () => {
    const sent = {
      ...STATEMENT,
      id: "00000000-0000-4000-8000-000000000001",
      timestamp: "2024-05-01T00:00:00Z",
      version: "1.0.9",
      authority: { objectType: "Agent" as const, ...ADA },
    };
    const stored = completeStatementForStorage(sent, "2.0.0", assigned);
    expect(stored).toMatchObject({
      id: sent.id,
      timestamp: sent.timestamp,
      version: "1.0.9",
      authority: assigned.authority,
    });
  });
});

describe("formatStatement", () => {
  it("returns the statement untouched for exact", () => {
    expect(formatStatement(STATEMENT, "exact")).toBe(STATEMENT);
  });

  it("keeps only identifiers for ids", () => {
    const ids = formatStatement(STATEMENT, "ids");
    expect(ids.actor).toEqual({
      objectType: "Group",
      member: [
        { objectType: "Agent", mbox: "mailto:ada@example.com" },
        { objectType: "Agent", account: { homePage: "https://x.example", name: "bo" } },
      ],
    });
    expect(ids.verb).toEqual({ id: "http://adlnet.gov/expapi/verbs/answered" });
    expect(ids.object).toEqual({ id: "https://x.example/q1" });
    expect(ids.context?.instructor).toEqual({ objectType: "Agent", mbox: "mailto:t@example.com" });
    expect(ids.context?.contextActivities?.parent).toEqual([{ id: "https://x.example/quiz" }]);
    expect(ids.result).toEqual({ success: true });
  });

  it("keeps one language per map for canonical, following the reader's preferences", () => {
    const fr = formatStatement(STATEMENT, "canonical", ["fr"]);
    expect(fr.verb.display).toEqual({ "fr-FR": "a répondu" });
    expect(fr.object).toMatchObject({
      definition: {
        name: { "fr-FR": "Question 1 (fr)" },
        choices: [{ id: "a", description: { "fr-FR": "A (fr)" } }],
      },
    });
    expect(fr.context?.contextActivities?.parent?.[0]?.definition?.name).toEqual({ "en-US": "Quiz" });
    expect(fr.actor).toBe(STATEMENT.actor);
  });
});

describe("languages", () => {
  it("orders Accept-Language ranges by quality and drops q=0", () => {
    expect(parseAcceptLanguage("da, en-gb;q=0.8, en;q=0.7, *;q=0.1, fr;q=0")).toEqual([
      "da",
      "en-gb",
      "en",
      "*",
    ]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });

  it("picks by exact tag, then prefix, then wildcard or the first entry", () => {
    const map = { "en-US": "color", "en-GB": "colour", de: "Farbe" };
    expect(pickLanguage(map, ["en-gb"])).toEqual({ "en-GB": "colour" });
    expect(pickLanguage(map, ["fr", "en"])).toEqual({ "en-US": "color" });
    expect(pickLanguage(map, ["fr", "*"])).toEqual({ "en-US": "color" });
    expect(pickLanguage(map, ["ja"])).toEqual({ "en-US": "color" });
    expect(pickLanguage({}, ["en"])).toEqual({});
  });
});
