import { describe, expect, it } from "vitest";
import { parseStatementQuery } from "./statement-query.js";

const ID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0";
const query = (text: string, version: "1.0.3" | "2.0.0" = "2.0.0") =>
  parseStatementQuery(new URLSearchParams(text), version);
const paths = (text: string) => {
  const result = query(text);
  if (result.ok) throw new Error("expected rejection");
  return result.errors.map((e) => `${e.path}:${e.code}`);
};

describe("parseStatementQuery", () => {
  it("reads a single-statement query with format and attachments", () => {
    expect(query(`statementId=${ID}&format=ids&attachments=true`)).toEqual({
      ok: true,
      value: { kind: "single", statementId: ID, voided: false, format: "ids", attachments: true },
    });
    expect(query(`voidedStatementId=${ID}`)).toMatchObject({
      ok: true,
      value: { voided: true, format: "exact" },
    });
  });

  it("reads every list filter with its defaults", () => {
    const agent = encodeURIComponent('{"mbox":"mailto:ada@example.com"}');
    const result = query(
      `agent=${agent}&verb=http://adlnet.gov/expapi/verbs/passed&activity=https://x.example/a&registration=${ID}` +
        "&related_activities=true&since=2024-01-01T00:00:00Z&until=2024-02-01T00:00:00%2B01:00&limit=10&ascending=true",
    );
    expect(result).toEqual({
      ok: true,
      value: {
        kind: "list",
        agent: { objectType: "Agent", mbox: "mailto:ada@example.com" },
        verb: "http://adlnet.gov/expapi/verbs/passed",
        activity: "https://x.example/a",
        registration: ID,
        relatedActivities: true,
        relatedAgents: false,
        since: "2024-01-01T00:00:00Z",
        until: "2024-02-01T00:00:00+01:00",
        limit: 10,
        format: "exact",
        attachments: false,
        ascending: true,
      },
    });
    expect(query("")).toMatchObject({ ok: true, value: { kind: "list", limit: 0, format: "exact" } });
  });

  it("rejects unknown, wrongly cased and repeated parameters", () => {
    expect(paths("foo=bar")).toEqual(["foo:unknown_parameter"]);
    expect(paths(`StatementId=${ID}`)).toEqual(["StatementId:unknown_parameter"]);
    expect(paths("limit=1&limit=2")).toEqual(["limit:repeated_parameter"]);
  });

  it("rejects statementId with voidedStatementId or any filter", () => {
    expect(paths(`statementId=${ID}&voidedStatementId=${ID}`)).toEqual([
      "voidedStatementId:conflicting_parameters",
    ]);
    expect(paths(`statementId=${ID}&since=2024-01-01T00:00:00Z&ascending=false`)).toEqual([
      "since:conflicting_parameters",
      "ascending:conflicting_parameters",
    ]);
    expect(paths(`voidedStatementId=${ID}&limit=1`)).toEqual(["limit:conflicting_parameters"]);
  });

  it("validates each value like the statement property it filters on", () => {
    expect(paths("statementId=42")).toEqual(["statementId:invalid_uuid"]);
    expect(paths("agent=%7Bmbox")).toEqual(["agent:invalid_json"]);
    expect(paths(`agent=${encodeURIComponent('{"mbox":"ada"}')}`)).toEqual(["agent.mbox:invalid_mbox"]);
    expect(paths("verb=passed&activity=a")).toEqual(["verb:invalid_iri", "activity:invalid_iri"]);
    expect(paths("registration=x&since=yesterday&limit=-1")).toEqual([
      "registration:invalid_uuid",
      "since:invalid_timestamp",
      "limit:invalid_type",
    ]);
    expect(paths("ascending=yes&format=full")).toEqual(["format:invalid_enum", "ascending:invalid_type"]);
  });

  it("requires a time zone on since/until only under 2.0", () => {
    expect(paths("since=2024-01-01T00:00:00")).toEqual(["since:invalid_timestamp"]);
    expect(query("since=2024-01-01T00:00:00", "1.0.3").ok).toBe(true);
  });
});
