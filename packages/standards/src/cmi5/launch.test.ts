import { describe, expect, it } from "vitest";
import {
  buildCmi5LaunchData,
  buildCmi5LaunchUrl,
  cmi5FetchResponse,
  encodeRfc3986,
  type Cmi5LaunchInput,
} from "./launch.js";

const INPUT: Cmi5LaunchInput = {
  auUrl: "https://content.example/au1/index.html",
  endpoint: "https://pathwise.example/xapi/",
  fetch: "https://pathwise.example/cmi5/fetch?k=2390289x0",
  actor: { objectType: "Agent", account: { homePage: "https://pathwise.example", name: "learner-17" } },
  registration: "760e3480-ba55-4991-94b0-01820dbd23a2",
  activityId: "https://pathwise.example/cmi5/activities/au-1",
};

function launchUrl(input: Partial<Cmi5LaunchInput> = {}): string {
  const result = buildCmi5LaunchUrl({ ...INPUT, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe("buildCmi5LaunchUrl", () => {
  it("appends the five parameters, each percent-encoded", () => {
    const url = launchUrl();
    expect(url).toBe(
      "https://content.example/au1/index.html" +
        "?endpoint=https%3A%2F%2Fpathwise.example%2Fxapi%2F" +
        "&fetch=https%3A%2F%2Fpathwise.example%2Fcmi5%2Ffetch%3Fk%3D2390289x0" +
        "&actor=%7B%22objectType%22%3A%22Agent%22%2C%22account%22%3A%7B%22homePage%22%3A%22https%3A%2F%2Fpathwise.example%22%2C%22name%22%3A%22learner-17%22%7D%7D" +
        "&registration=760e3480-ba55-4991-94b0-01820dbd23a2" +
        "&activityId=https%3A%2F%2Fpathwise.example%2Fcmi5%2Factivities%2Fau-1",
    );
  });

  it("round-trips through a standard URL parser", () => {
    const params = new URL(
      launchUrl({
        actor: { objectType: "Agent", account: { homePage: "https://x.example", name: "Zoë O'Brien & co" } },
      }),
    ).searchParams;
    expect(JSON.parse(params.get("actor") as string)).toEqual({
      objectType: "Agent",
      account: { homePage: "https://x.example", name: "Zoë O'Brien & co" },
    });
    expect(params.get("fetch")).toBe(INPUT.fetch);
  });

  it("keeps the AU's own query parameters first and its fragment last", () => {
    const url = launchUrl({ auUrl: "https://content.example/au1/index.html?lang=fr&mode=quiz#start" });
    expect(url.startsWith("https://content.example/au1/index.html?lang=fr&mode=quiz&endpoint=")).toBe(true);
    expect(url.endsWith("#start")).toBe(true);
  });

  it("accepts an application-specific AU scheme", () => {
    expect(
      launchUrl({ auUrl: "simulator://lessons/12" }).startsWith("simulator://lessons/12?endpoint="),
    ).toBe(true);
  });

  it("rejects an AU url that already uses a launch parameter name", () => {
    expect(buildCmi5LaunchUrl({ ...INPUT, auUrl: "https://content.example/a?registration=1" })).toEqual({
      ok: false,
      errors: [
        {
          path: "auUrl",
          code: "launch_parameter_conflict",
          message: 'already has a "registration" query parameter, which cmi5 launch sets',
        },
      ],
    });
  });

  it("rejects relative urls, a non-UUID registration, a non-IRI activity id and an invalid actor", () => {
    const result = buildCmi5LaunchUrl({
      ...INPUT,
      auUrl: "index.html",
      registration: "42",
      activityId: "au-1",
      actor: { objectType: "Agent", mbox: "not-an-email" },
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      "auUrl",
      "registration",
      "activityId",
      "actor.mbox",
    ]);
  });

  it("requires an Agent identified by an account", () => {
    expect(
      buildCmi5LaunchUrl({ ...INPUT, actor: { objectType: "Agent", mbox: "mailto:ada@example.com" } }),
    ).toEqual({
      ok: false,
      errors: [
        {
          path: "actor",
          code: "actor_without_account",
          message: "must be identified by an account (cmi5 §9.2)",
        },
      ],
    });
  });

  it("encodes every RFC 3986 reserved character", () => {
    expect(encodeRfc3986("a b!'()*+/")).toBe("a%20b%21%27%28%29%2A%2B%2F");
  });
});

describe("buildCmi5LaunchData", () => {
  it("writes the context template with session id and publisher grouping, and optional fields only when given", () => {
    const data = buildCmi5LaunchData({
      sessionId: "s-1",
      publisherId: "https://content.example/au/1",
      launchMode: "Normal",
      moveOn: "Passed",
      masteryScore: 0.8,
    });
    expect(data).toEqual({
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: "Activity", id: "https://content.example/au/1" }] },
        extensions: { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1" },
      },
      launchMode: "Normal",
      moveOn: "Passed",
      masteryScore: 0.8,
    });
  });
});

describe("cmi5FetchResponse", () => {
  it("returns the token, then the error codes the spec defines", () => {
    expect(cmi5FetchResponse({ token: "QWxhZGRpbjpvcGVuIHNlc2FtZQ==" })).toEqual({
      "auth-token": "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    });
    expect(cmi5FetchResponse({ error: "already-used" })).toMatchObject({ "error-code": "1" });
    expect(cmi5FetchResponse({ error: "security" })).toMatchObject({ "error-code": "2" });
    expect(cmi5FetchResponse({ error: "application" })).toMatchObject({ "error-code": "3" });
  });
});
