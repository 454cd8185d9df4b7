import { describe, expect, it } from "vitest";
import {
  buildCmi5Statement,
  checkCmi5Statement,
  classifyCmi5Statement,
  type Cmi5StatementInput,
} from "./statements.js";
import type { Statement } from "../xapi/types.js";
import {
  CMI5_CATEGORY_ACTIVITY,
  CMI5_EXTENSIONS,
  CMI5_MOVEON_CATEGORY_ACTIVITY,
  CMI5_VERBS,
} from "./vocabulary.js";

const SESSION = {
  actor: {
    objectType: "Agent" as const,
    account: { homePage: "https://pathwise.example", name: "learner-17" },
  },
  registration: "760e3480-ba55-4991-94b0-01820dbd23a2",
  sessionId: "a7e8b1c2-0000-4000-8000-000000000001",
  publisherId: "https://content.example/aus/1",
};
const ACTIVITY_ID = "https://pathwise.example/cmi5/activities/au-1";
const BASICS = {
  ...SESSION,
  id: "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  timestamp: "2024-05-04T17:00:00.000Z",
};

function built(input: Cmi5StatementInput): Statement {
  const result = buildCmi5Statement(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const categories = (statement: Statement) => statement.context?.contextActivities?.category?.map((a) => a.id);

describe("buildCmi5Statement", () => {
  it("gives every defined statement registration, session id, publisher grouping and the cmi5 category", () => {
    const statement = built({ ...BASICS, verb: "initialized", activityId: ACTIVITY_ID });
    expect(statement.verb.id).toBe(CMI5_VERBS.initialized);
    expect(statement.object).toEqual({ objectType: "Activity", id: ACTIVITY_ID });
    expect(statement.context).toEqual({
      registration: SESSION.registration,
      contextActivities: {
        grouping: [{ objectType: "Activity", id: SESSION.publisherId }],
        category: [{ objectType: "Activity", id: CMI5_CATEGORY_ACTIVITY }],
      },
      extensions: { [CMI5_EXTENSIONS.sessionId]: SESSION.sessionId },
    });
    expect(statement.result).toBeUndefined();
  });

  it("records launch data in a launched statement", () => {
    const statement = built({
      ...BASICS,
      verb: "launched",
      activityId: ACTIVITY_ID,
      launchMode: "Normal",
      launchUrl: "https://content.example/au1/index.html",
      moveOn: "CompletedAndPassed",
      launchParameters: "Start=1",
      masteryScore: 0.8,
    });
    expect(statement.context?.extensions).toMatchObject({
      [CMI5_EXTENSIONS.launchMode]: "Normal",
      [CMI5_EXTENSIONS.launchUrl]: "https://content.example/au1/index.html",
      [CMI5_EXTENSIONS.moveOn]: "CompletedAndPassed",
      [CMI5_EXTENSIONS.launchParameters]: "Start=1",
      [CMI5_EXTENSIONS.masteryScore]: 0.8,
    });
  });

  it("sets result and the moveOn category for completed, passed, failed and waived", () => {
    const completed = built({ ...BASICS, verb: "completed", activityId: ACTIVITY_ID, duration: "PT5M" });
    expect(completed.result).toEqual({ completion: true, duration: "PT5M" });
    expect(categories(completed)).toEqual([CMI5_CATEGORY_ACTIVITY, CMI5_MOVEON_CATEGORY_ACTIVITY]);
    const passed = built({
      ...BASICS,
      verb: "passed",
      activityId: ACTIVITY_ID,
      duration: "PT5M",
      score: { scaled: 0.9 },
      masteryScore: 0.8,
    });
    expect(passed.result).toEqual({ success: true, duration: "PT5M", score: { scaled: 0.9 } });
    expect(passed.context?.extensions?.[CMI5_EXTENSIONS.masteryScore]).toBe(0.8);
    const failed = built({
      ...BASICS,
      verb: "failed",
      activityId: ACTIVITY_ID,
      duration: "PT5M",
      score: { scaled: 0.5 },
      masteryScore: 0.8,
    });
    expect(failed.result?.success).toBe(false);
    const waived = built({ ...BASICS, verb: "waived", activityId: ACTIVITY_ID, reason: "Tested Out" });
    expect(waived.result).toEqual({
      success: true,
      completion: true,
      extensions: { [CMI5_EXTENSIONS.reason]: "Tested Out" },
    });
    expect(categories(waived)).toContain(CMI5_MOVEON_CATEGORY_ACTIVITY);
  });

  it("leaves the moveOn category off statements without success or completion", () => {
    const terminated = built({ ...BASICS, verb: "terminated", activityId: ACTIVITY_ID, duration: "PT20M" });
    expect(terminated.result).toEqual({ duration: "PT20M" });
    expect(categories(terminated)).toEqual([CMI5_CATEGORY_ACTIVITY]);
    expect(built({ ...BASICS, verb: "abandoned", activityId: ACTIVITY_ID, duration: "PT1H" }).result).toEqual(
      { duration: "PT1H" },
    );
  });

  it("uses the block or course object with its activity type for satisfied", () => {
    const statement = built({
      ...BASICS,
      verb: "satisfied",
      object: { id: "https://pathwise.example/cmi5/blocks/b1", kind: "block" },
    });
    expect(statement.verb.id).toBe("https://w3id.org/xapi/adl/verbs/satisfied");
    expect(statement.object).toEqual({
      objectType: "Activity",
      id: "https://pathwise.example/cmi5/blocks/b1",
      definition: { type: "https://w3id.org/xapi/cmi5/activitytype/block" },
    });
  });

  it("refuses a score that contradicts the mastery score", () => {
    const passedLow = buildCmi5Statement({
      ...BASICS,
      verb: "passed",
      activityId: ACTIVITY_ID,
      duration: "PT1M",
      score: { scaled: 0.7 },
      masteryScore: 0.8,
    });
    expect(passedLow).toMatchObject({ ok: false, errors: [{ path: "$.result.score.scaled" }] });
    const failedHigh = buildCmi5Statement({
      ...BASICS,
      verb: "failed",
      activityId: ACTIVITY_ID,
      duration: "PT1M",
      score: { scaled: 0.8 },
      masteryScore: 0.8,
    });
    expect(failedHigh).toMatchObject({ ok: false, errors: [{ path: "$.result.score.scaled" }] });
  });

  it("refuses a non-UTC timestamp, an actor without account, and invalid xAPI", () => {
    const result = buildCmi5Statement({
      ...BASICS,
      actor: { objectType: "Agent", mbox: "mailto:ada@example.com" },
      timestamp: "2024-05-04T12:00:00-05:00",
      verb: "completed",
      activityId: "not an iri",
      duration: "5 minutes",
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      "$.timestamp",
      "$.actor",
      "$.object.id",
      "$.result.duration",
    ]);
  });
});

describe("checkCmi5Statement", () => {
  const EXPECTED = { ...SESSION, activityId: ACTIVITY_ID, launchMode: "Normal" as const, masteryScore: 0.8 };
  const passed = () =>
    built({
      ...BASICS,
      verb: "passed",
      activityId: ACTIVITY_ID,
      duration: "PT5M",
      score: { scaled: 0.9 },
      masteryScore: 0.8,
    });
  const failed = () =>
    built({
      ...BASICS,
      verb: "failed",
      activityId: ACTIVITY_ID,
      duration: "PT5M",
      score: { scaled: 0.5 },
      masteryScore: 0.8,
    });

  it("accepts well-formed AU statements", () => {
    expect(checkCmi5Statement(passed(), EXPECTED)).toEqual([]);
    expect(
      checkCmi5Statement(built({ ...BASICS, verb: "initialized", activityId: ACTIVITY_ID }), EXPECTED),
    ).toEqual([]);
  });

  it("rejects statements from another session, registration or actor", () => {
    const other = built({
      ...BASICS,
      sessionId: "other",
      registration: "00000000-0000-4000-8000-000000000000",
      verb: "initialized",
      activityId: ACTIVITY_ID,
    });
    expect(checkCmi5Statement(other, EXPECTED).map((e) => e.path)).toEqual([
      "$.context.registration",
      `$.context.extensions["${CMI5_EXTENSIONS.sessionId}"]`,
    ]);
    const stranger = {
      ...passed(),
      actor: {
        objectType: "Agent" as const,
        account: { homePage: "https://pathwise.example", name: "someone-else" },
      },
    };
    expect(checkCmi5Statement(stranger, EXPECTED).map((e) => e.path)).toEqual(["$.actor"]);
  });

  it("rejects LMS-only verbs, the wrong object and result properties the verb does not allow", () => {
    const waived = built({ ...BASICS, verb: "waived", activityId: ACTIVITY_ID, reason: "Administrative" });
    expect(checkCmi5Statement(waived, EXPECTED)).toMatchObject([{ path: "$.verb.id" }]);
    const wrongObject = { ...passed(), object: { objectType: "Activity" as const, id: SESSION.publisherId } };
    expect(checkCmi5Statement(wrongObject, EXPECTED).map((e) => e.path)).toEqual(["$.object.id"]);
    const initialized = built({ ...BASICS, verb: "initialized", activityId: ACTIVITY_ID });
    const withScore = { ...initialized, result: { score: { scaled: 1 }, success: true } };
    expect(checkCmi5Statement(withScore, EXPECTED).map((e) => e.path)).toEqual([
      "$.result.success",
      "$.result.score",
      "$.context.contextActivities.category",
    ]);
  });

  it("requires durations, the success value its verb implies, and a score on the right side of masteryScore", () => {
    const noDuration = { ...passed(), result: { success: true, score: { scaled: 0.9 } } };
    expect(checkCmi5Statement(noDuration, EXPECTED).map((e) => e.path)).toEqual(["$.result.duration"]);
    const low = { ...passed(), result: { success: true, duration: "PT1M", score: { scaled: 0.5 } } };
    expect(checkCmi5Statement(low, EXPECTED).map((e) => e.path)).toEqual(["$.result.score.scaled"]);
    const notSuccess = { ...passed(), result: { success: false, duration: "PT1M" } };
    expect(checkCmi5Statement(notSuccess, EXPECTED).map((e) => e.path)).toEqual(["$.result.success"]);
  });

  it("applies cmi5's narrower score rules: scaled in [0, 1], integers, raw only with min and max", () => {
    const withScore = (score: Record<string, number>) => ({
      ...passed(),
      result: { success: true, duration: "PT1M", score },
    });
    expect(checkCmi5Statement(withScore({ scaled: 0.9, raw: 9 }), EXPECTED)).toEqual([
      { path: "$.result.score", code: "required", message: "must give min and max when raw is given" },
    ]);
    expect(
      checkCmi5Statement(withScore({ scaled: 0.9, raw: 9.5, min: 0, max: 10 }), EXPECTED).map((e) => e.path),
    ).toEqual(["$.result.score.raw"]);
    expect(checkCmi5Statement(withScore({ scaled: 0.9, raw: 9, min: 0, max: 10 }), EXPECTED)).toEqual([]);
    const negative = { ...failed(), result: { success: false, duration: "PT1M", score: { scaled: -0.5 } } };
    expect(checkCmi5Statement(negative, EXPECTED).map((e) => e.path)).toEqual(["$.result.score.scaled"]);
  });

  it("requires the LMS's masteryScore as a context extension on scored passed and failed (§9.6.3.2)", () => {
    const statement = passed();
    const extensions = { ...statement.context?.extensions };
    delete extensions[CMI5_EXTENSIONS.masteryScore];
    const without = { ...statement, context: { ...statement.context, extensions } };
    expect(checkCmi5Statement(without, EXPECTED)).toMatchObject([
      { path: `$.context.extensions["${CMI5_EXTENSIONS.masteryScore}"]`, code: "required" },
    ]);
    const other = {
      ...statement,
      context: { ...statement.context, extensions: { ...extensions, [CMI5_EXTENSIONS.masteryScore]: 0.7 } },
    };
    expect(checkCmi5Statement(other, EXPECTED)).toMatchObject([{ code: "mastery_score" }]);
    // Without a masteryScore in LMS.LaunchData nothing is required, nor without a score to judge.
    expect(checkCmi5Statement(without, { ...EXPECTED, masteryScore: undefined })).toEqual([]);
    const unscored = { ...without, result: { success: true, duration: "PT5M" } };
    expect(checkCmi5Statement(unscored, EXPECTED)).toEqual([]);
  });

  it("refuses voiding statements from an AU, even in the session's context (§6.3)", () => {
    const allowed = built({ ...BASICS, verb: "initialized", activityId: ACTIVITY_ID });
    const voiding = {
      ...allowed,
      verb: { id: "http://adlnet.gov/expapi/verbs/voided" },
      object: { objectType: "StatementRef" as const, id: "7d5f6a3c-0c3b-4c1e-9a57-2f0a5f8f3b11" },
      context: {
        ...allowed.context,
        contextActivities: { ...allowed.context?.contextActivities, category: [] },
      },
    };
    expect(checkCmi5Statement(voiding, EXPECTED)).toMatchObject([{ code: "voiding_not_allowed" }]);
  });

  it("rejects the moveOn category on an allowed statement", () => {
    const allowed = { ...passed(), verb: { id: "http://adlnet.gov/expapi/verbs/answered" } };
    allowed.context = {
      ...allowed.context,
      contextActivities: {
        ...allowed.context?.contextActivities,
        category: [{ objectType: "Activity", id: CMI5_MOVEON_CATEGORY_ACTIVITY }],
      },
    };
    expect(checkCmi5Statement(allowed, EXPECTED).map((e) => e.path)).toEqual([
      "$.context.contextActivities.category",
    ]);
  });

  it("allows only initialized and terminated in Browse and Review modes", () => {
    expect(checkCmi5Statement(passed(), { ...EXPECTED, launchMode: "Review" })).toMatchObject([
      { path: "$.verb.id" },
    ]);
  });

  it("lets cmi5 allowed statements through with only the session checks", () => {
    const allowed = { ...passed(), verb: { id: "http://adlnet.gov/expapi/verbs/answered" } };
    allowed.context = {
      ...allowed.context,
      contextActivities: { ...allowed.context?.contextActivities, category: [] },
    };
    expect(checkCmi5Statement(allowed, EXPECTED)).toEqual([]);
    expect(classifyCmi5Statement(allowed, SESSION)).toBe("allowed");
    expect(classifyCmi5Statement(passed(), SESSION)).toBe("defined");
    expect(classifyCmi5Statement(passed(), { ...SESSION, sessionId: "x" })).toBe("not-allowed");
  });
});
