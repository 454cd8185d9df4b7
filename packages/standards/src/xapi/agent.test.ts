import { describe, expect, it } from "vitest";
import { agentKey, parseAgentParameter } from "./agent.js";

describe("agentKey", () => {
  it("keys each IFI kind, ignoring name and objectType", () => {
    expect(agentKey({ objectType: "Agent", name: "Ada", mbox: "mailto:ada@Example.COM" })).toBe(
      "mbox:mailto:ada@example.com",
    );
    expect(agentKey({ objectType: "Group", mbox_sha1sum: "CD9B00A5611F94EAA7B1661EDAB976068E364975" })).toBe(
      "mbox_sha1sum:cd9b00a5611f94eaa7b1661edab976068e364975",
    );
    expect(agentKey({ objectType: "Agent", openid: "https://id.example.com/ada" })).toBe(
      "openid:https://id.example.com/ada",
    );
    expect(
      agentKey({ objectType: "Agent", account: { homePage: "https://lms.example.com", name: "ada" } }),
    ).toBe('account:["https://lms.example.com","ada"]');
  });

  it("keeps the mbox local part's case and gives anonymous Groups no key", () => {
    expect(agentKey({ objectType: "Agent", mbox: "mailto:Ada@example.com" })).not.toBe(
      agentKey({ objectType: "Agent", mbox: "mailto:ada@example.com" }),
    );
    expect(agentKey({ objectType: "Group", member: [] })).toBeNull();
  });

  it("cannot be confused by account names containing separators", () => {
    const a = agentKey({ objectType: "Agent", account: { homePage: "https://a.example/x", name: "y" } });
    const b = agentKey({ objectType: "Agent", account: { homePage: "https://a.example", name: "x/y" } });
    expect(a).not.toBe(b);
  });
});

describe("parseAgentParameter", () => {
  it("parses and normalises an Agent", () => {
    expect(parseAgentParameter('{"mbox":"mailto:ada@example.com"}', "2.0.0", { allowGroup: false })).toEqual({
      ok: true,
      value: { objectType: "Agent", mbox: "mailto:ada@example.com" },
    });
  });

  it("rejects bad JSON, bad agents, and Groups where only Agents are allowed", () => {
    expect(parseAgentParameter("{mbox", "2.0.0", { allowGroup: true })).toMatchObject({
      ok: false,
      errors: [{ path: "agent" }],
    });
    expect(parseAgentParameter('{"mbox":"ada"}', "2.0.0", { allowGroup: true })).toMatchObject({
      ok: false,
      errors: [{ path: "agent.mbox" }],
    });
    const group = '{"objectType":"Group","mbox":"mailto:t@example.com"}';
    expect(parseAgentParameter(group, "1.0.3", { allowGroup: false })).toMatchObject({
      ok: false,
      errors: [{ path: "agent.objectType" }],
    });
    expect(parseAgentParameter(group, "1.0.3", { allowGroup: true }).ok).toBe(true);
    const anonymous = '{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"}]}';
    expect(parseAgentParameter(anonymous, "1.0.3", { allowGroup: true })).toMatchObject({
      ok: false,
      errors: [{ path: "agent" }],
    });
  });
});
