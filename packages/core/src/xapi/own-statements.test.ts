import { describe, expect, it } from "vitest";
import { validateStatement } from "@pathwise/standards";
import { isOwnStatement, ownStatementsFor, type OwnEvent } from "./own-statements.js";

const event = (overrides: Partial<OwnEvent> = {}): OwnEvent => ({
  id: "0b6f0c1e-3c43-4a8f-9a55-0d7b5e0b9c11",
  organizationId: "5c1e2a34-0000-4000-8000-000000000001",
  actorId: "7d2c9a10-1111-4111-8111-000000000002",
  action: "evidence.record",
  subjectType: "evidence",
  subjectId: "9e3b1c20-2222-4222-8222-000000000003",
  details: {
    learnerId: "7d2c9a10-1111-4111-8111-000000000002",
    kind: "attempt",
    competencyIds: ["c0000000-0000-4000-8000-00000000000a"],
    itemId: "a0000000-0000-4000-8000-00000000000b",
    correct: true,
    score: 1,
    source: "web",
    mastered: [{ competencyId: "c0000000-0000-4000-8000-00000000000a", probability: 0.96 }],
  },
  at: new Date("2026-12-04T10:00:00.000Z"),
  ...overrides,
});

describe("ownStatementsFor", () => {
  it("tells an answer and the mastery it reached, with ids that depend only on the event", () => {
    const first = ownStatementsFor(event());
    const again = ownStatementsFor(event());
    expect(first.map((s) => s.verb.id)).toEqual([
      "http://adlnet.gov/expapi/verbs/answered",
      "http://adlnet.gov/expapi/verbs/mastered",
    ]);
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(new Set(first.map((s) => s.id)).size).toBe(2);
    const other = ownStatementsFor(event({ id: "1b6f0c1e-3c43-4a8f-9a55-0d7b5e0b9c11" }));
    expect(other.map((s) => s.id)).not.toContain(first[0]!.id);
    for (const s of first) {
      expect(validateStatement(s, "2.0.0").ok).toBe(true);
      const { version: _version, ...sent } = s;
      expect(validateStatement(sent, "1.0.3").ok).toBe(true);
      expect(isOwnStatement(s)).toBe(true);
    }
  });

  it("tells nothing of evidence that came from the LRS (it is a statement there already), only the mastery", () => {
    const told = ownStatementsFor(
      event({ details: { ...event().details, kind: "activity", source: "xapi" } }),
    );
    expect(told.map((s) => s.verb.id)).toEqual(["http://adlnet.gov/expapi/verbs/mastered"]);
    expect(ownStatementsFor(event({ action: "xapi_client.issue", details: {} }))).toEqual([]);
  });
});
