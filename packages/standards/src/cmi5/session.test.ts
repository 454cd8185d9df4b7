import { describe, expect, it } from "vitest";
import {
  abandonCmi5Session,
  acceptCmi5Statement,
  startCmi5Session,
  type Cmi5SessionState,
} from "./session.js";
import { buildCmi5Statement, type Cmi5StatementInput } from "./statements.js";
import type { Statement } from "../xapi/types.js";

const SESSION = {
  actor: {
    objectType: "Agent" as const,
    account: { homePage: "https://pathwise.example", name: "learner-17" },
  },
  registration: "760e3480-ba55-4991-94b0-01820dbd23a2",
  sessionId: "session-1",
  publisherId: "https://content.example/aus/1",
};
const ACTIVITY_ID = "https://pathwise.example/cmi5/activities/au-1";
const EXPECTED = { ...SESSION, activityId: ACTIVITY_ID, launchMode: "Normal" as const, masteryScore: 0.8 };

let counter = 0;
function statement(input: Record<string, unknown> & { verb: Cmi5StatementInput["verb"] }): Statement {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`;
  const result = buildCmi5Statement({
    ...SESSION,
    id,
    timestamp: "2024-05-04T17:00:00Z",
    activityId: ACTIVITY_ID,
    ...input,
  } as Cmi5StatementInput);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const initialized = () => statement({ verb: "initialized" });
const completed = () => statement({ verb: "completed", duration: "PT5M" });
const passed = () =>
  statement({ verb: "passed", duration: "PT5M", score: { scaled: 0.9 }, masteryScore: 0.8 });
const failed = () =>
  statement({ verb: "failed", duration: "PT5M", score: { scaled: 0.5 }, masteryScore: 0.8 });
const terminated = () => statement({ verb: "terminated", duration: "PT6M" });

/** Feeds statements in order; returns the final state or the first rejection's messages. */
function run(
  statements: Statement[],
  state: Cmi5SessionState = startCmi5Session({ completed: false, passed: false }),
) {
  let current = state;
  for (const next of statements) {
    const step = acceptCmi5Statement(current, next, EXPECTED);
    if (!step.ok) return step.errors.map((e) => e.message);
    current = step.state;
  }
  return current;
}

describe("acceptCmi5Statement", () => {
  it("accepts a normal session and tracks the registration", () => {
    const state = run([initialized(), completed(), passed(), terminated()]);
    expect(state).toEqual({
      initialized: true,
      ended: "terminated",
      definedVerbs: ["initialized", "completed", "passed", "terminated"],
      registration: { completed: true, passed: true },
    });
  });

  it("requires initialized first, even for allowed statements", () => {
    expect(run([completed()])).toEqual(["the first statement of a session must be initialized"]);
  });

  it("rejects a second initialized or completed in one session", () => {
    expect(run([initialized(), initialized()])).toEqual(['"initialized" was already sent in this session']);
    expect(run([initialized(), completed(), completed()])).toEqual([
      '"completed" was already sent in this session',
    ]);
  });

  it("allows only one of passed and failed per session", () => {
    expect(run([initialized(), failed(), passed()])).toEqual([
      "a session may hold only one of passed and failed",
    ]);
  });

  it("applies registration history from earlier sessions", () => {
    const earlier = startCmi5Session({ completed: true, passed: true });
    expect(run([initialized(), completed()], earlier)).toEqual([
      "the registration already has a completed statement",
    ]);
    expect(run([initialized(), passed()], earlier)).toEqual([
      "the registration already has a passed statement",
    ]);
    expect(run([initialized(), failed()], earlier)).toEqual([
      "a failed statement cannot follow a passed one in the registration",
    ]);
    expect(
      run([initialized(), failed()], startCmi5Session({ completed: false, passed: false })),
    ).toMatchObject({ definedVerbs: ["initialized", "failed"] });
  });

  it("rejects anything after terminated or after the LMS abandons the session", () => {
    expect(run([initialized(), terminated(), completed()])).toEqual([
      "the session has ended (terminated); no more statements are accepted",
    ]);
    const started = run([initialized()]) as Cmi5SessionState;
    expect(run([completed()], abandonCmi5Session(started))).toEqual([
      "the session has ended (abandoned); no more statements are accepted",
    ]);
  });

  it("reports per-statement problems too, without changing the state", () => {
    const state = run([initialized()]) as Cmi5SessionState;
    const noDuration = { ...completed(), result: { completion: true } };
    expect(acceptCmi5Statement(state, noDuration, EXPECTED)).toMatchObject({
      ok: false,
      errors: [{ path: "$.result.duration" }],
    });
    expect(state.definedVerbs).toEqual(["initialized"]);
  });
});
