import { describe, expect, it } from "vitest";
import { validateStatement, type XapiStatement } from "@pathwise/standards";
import { xapiOutcomeOf } from "./index.js";
import { indexStatement } from "./statement-index.js";

function valid(json: unknown): XapiStatement {
  const result = validateStatement(json, "2.0.0");
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const base = {
  actor: { mbox: "mailto:Ada@Example.COM" },
  verb: { id: "http://adlnet.gov/expapi/verbs/passed" },
  object: { id: "https://games.example/level-1" },
};

describe("the columns a statement is found by", () => {
  it("keys agents by identifier (mbox domains compared case-insensitively) and collects every activity", () => {
    const index = indexStatement(
      valid({
        ...base,
        context: {
          instructor: { account: { homePage: "https://school.example", name: "tess" } },
          registration: "6A7C1A1E-2F3B-4C5D-8E9F-0A1B2C3D4E5F",
          contextActivities: {
            parent: { id: "https://games.example" },
            grouping: [{ id: "https://games.example/fractions" }],
          },
        },
      }),
    );
    expect(index.actorKey).toBe("mbox:mailto:Ada@example.com");
    expect(index.activityId).toBe("https://games.example/level-1");
    expect(index.registration).toBe("6a7c1a1e-2f3b-4c5d-8e9f-0a1b2c3d4e5f");
    expect(index.relatedAgentKeys).toContain('account:["https://school.example","tess"]');
    expect(index.relatedActivityIds.sort()).toEqual(
      ["https://games.example", "https://games.example/fractions", "https://games.example/level-1"].sort(),
    );
    expect(index.isVoiding).toBe(false);
  });

  it("recognises a voiding statement and an agent as object", () => {
    const voiding = indexStatement(
      valid({
        ...base,
        verb: { id: "http://adlnet.gov/expapi/verbs/voided" },
        object: { objectType: "StatementRef", id: "6A7C1A1E-2F3B-4C5D-8E9F-0A1B2C3D4E5F" },
      }),
    );
    expect(voiding).toMatchObject({
      isVoiding: true,
      refId: "6a7c1a1e-2f3b-4c5d-8e9f-0a1b2c3d4e5f",
      activityId: null,
    });
    const aboutAgent = indexStatement(
      valid({ ...base, object: { objectType: "Agent", mbox: "mailto:bo@example.com" } }),
    );
    expect(aboutAgent.objectAgentKey).toBe("mbox:mailto:bo@example.com");
  });
});

describe("the outcome a statement reports", () => {
  it("prefers the scaled score, clamps negative scores to 0, then reads success, then completion", () => {
    expect(xapiOutcomeOf(valid({ ...base, result: { score: { scaled: 0.8 }, success: false } }))).toEqual({
      score: 0.8,
      correct: false,
    });
    expect(xapiOutcomeOf(valid({ ...base, result: { score: { scaled: -0.5 } } }))).toEqual({
      score: 0,
      correct: null,
    });
    expect(xapiOutcomeOf(valid({ ...base, result: { success: true } }))).toEqual({ score: 1, correct: true });
    expect(xapiOutcomeOf(valid({ ...base, result: { completion: true } }))).toEqual({
      score: 1,
      correct: null,
    });
    expect(xapiOutcomeOf(valid({ ...base, result: { completion: false } }))).toBeNull();
    expect(xapiOutcomeOf(valid(base))).toBeNull();
  });

  it("counts a cmi5 satisfied statement as success and a waived one as nothing", () => {
    const verb = (id: string) => ({ ...base, verb: { id } });
    expect(xapiOutcomeOf(valid(verb("https://w3id.org/xapi/adl/verbs/satisfied")))).toEqual({
      score: 1,
      correct: true,
    });
    const waived = {
      ...verb("https://w3id.org/xapi/adl/verbs/waived"),
      result: { success: true, completion: true },
    };
    expect(xapiOutcomeOf(valid(waived))).toBeNull();
  });
});
