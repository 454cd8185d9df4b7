import { describe, expect, it } from "vitest";
import { statementsEquivalent } from "./statement-equivalence.js";
import { validateStatement } from "./validate-statement.js";
import type { Statement } from "./types.js";

const ID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0";
const BASE = {
  id: ID,
  actor: { mbox: "mailto:ada@example.com" },
  verb: { id: "http://adlnet.gov/expapi/verbs/completed", display: { en: "completed" } },
  object: { id: "https://example.com/a", definition: { name: { en: "A" } } },
  timestamp: "2023-05-04T12:00:00-05:00",
  result: { duration: "PT1.12S", score: { scaled: 0.5 } },
};

function valid(json: Record<string, unknown>): Statement {
  const result = validateStatement(json, "2.0.0");
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe("statementsEquivalent", () => {
  it("ignores what the LRS sets or may change", () => {
    const stored = valid({
      ...BASE,
      object: { objectType: "Activity", id: "https://example.com/a" },
      verb: { id: BASE.verb.id, display: { "en-US": "finished" } },
      timestamp: "2023-05-04T17:00:00.000Z",
      stored: "2023-05-04T17:00:01Z",
      authority: { mbox: "mailto:lrs@example.com" },
      version: "2.0.0",
      actor: { objectType: "Agent", mbox: "mailto:ada@EXAMPLE.com" },
      id: ID.toUpperCase(),
      result: { score: { scaled: 0.5 }, duration: "PT1.1299S" },
    });
    expect(statementsEquivalent(valid(BASE), stored)).toBe(true);
  });

  it("ignores id and timestamp when only one side has them", () => {
    const { id: _id, timestamp: _timestamp, ...withoutAssigned } = BASE;
    expect(statementsEquivalent(valid(BASE), valid(withoutAssigned))).toBe(true);
  });

  it("ignores the order of Group members and contextActivities given singly or as arrays", () => {
    const a = { mbox: "mailto:a@example.com" };
    const b = { mbox: "mailto:b@example.com" };
    const parent = { id: "https://example.com/course" };
    const one = valid({
      ...BASE,
      actor: { objectType: "Group", member: [a, b] },
      context: { contextActivities: { parent } },
    });
    const two = valid({
      ...BASE,
      actor: { objectType: "Group", member: [b, a] },
      context: { contextActivities: { parent: [parent] } },
    });
    expect(statementsEquivalent(one, two)).toBe(true);
  });

  it("ignores the case of the context language tag", () => {
    const upper = valid({ ...BASE, context: { language: "en-GB" } });
    const lower = valid({ ...BASE, context: { language: "en-gb" } });
    expect(statementsEquivalent(upper, lower)).toBe(true);
    expect(statementsEquivalent(upper, valid({ ...BASE, context: { language: "en-US" } }))).toBe(false);
  });

  it("notices differences that are part of the statement", () => {
    const base = valid(BASE);
    expect(
      statementsEquivalent(base, valid({ ...BASE, verb: { id: "http://adlnet.gov/expapi/verbs/passed" } })),
    ).toBe(false);
    expect(statementsEquivalent(base, valid({ ...BASE, timestamp: "2023-05-04T12:00:00Z" }))).toBe(false);
    expect(
      statementsEquivalent(base, valid({ ...BASE, result: { duration: "PT1.13S", score: { scaled: 0.5 } } })),
    ).toBe(false);
    expect(statementsEquivalent(base, valid({ ...BASE, result: { duration: "PT1.12S" } }))).toBe(false);
    expect(statementsEquivalent(base, valid({ ...BASE, id: "fd41c918-b88b-4b20-a0a5-a4c32391aaa1" }))).toBe(
      false,
    );
    expect(statementsEquivalent(base, valid({ ...BASE, actor: { mbox: "mailto:Ada@example.com" } }))).toBe(
      false,
    );
  });

  it("treats a duration as a string, not as an amount of time", () => {
    const minutes = valid({ ...BASE, result: { duration: "PT60M", score: { scaled: 0.5 } } });
    const hour = valid({ ...BASE, result: { duration: "PT1H", score: { scaled: 0.5 } } });
    expect(statementsEquivalent(minutes, hour)).toBe(false);
  });
});
