import { describe, expect, it } from "vitest";
import {
  isOutboxPost,
  isPickPost,
  learnerPageLinks,
  optionPageOf,
  outcomeOfAction,
  shouldCachePage,
} from "./rules.js";

const ID = "3f2a9c1b-0000-4000-8000-000000000001";
const base = new URL("http://localhost/learner/today");

describe("the offline set", () => {
  it("is the Today board, its options and their practice items — nothing else", () => {
    expect(shouldCachePage(new URL("http://localhost/learner/today"))).toBe(true);
    expect(shouldCachePage(new URL(`http://localhost/learner/today/${ID}`))).toBe(true);
    expect(shouldCachePage(new URL(`http://localhost/learner/practice/${ID}?decision=${ID}`))).toBe(true);
    expect(shouldCachePage(new URL("http://localhost/learner/path"))).toBe(false);
    expect(shouldCachePage(new URL("http://localhost/teacher"))).toBe(false);
  });

  it("follows the page's links, relative or not, to more of it, once each", () => {
    const html = `<a href="../learner/today/${ID}">Choose</a><a href="/learner/today/${ID}">again</a>
      <a href="./practice/x">no</a><a href="/learner/path">path</a><a href="https://elsewhere.example/learner/today">away</a>
      <a href="/learner/practice/${ID}?decision=${ID}&amp;x=1">item</a>`;
    expect(learnerPageLinks(html, base).map((u) => u.href)).toEqual([
      `http://localhost/learner/today/${ID}`,
      `http://localhost/learner/practice/${ID}?decision=${ID}&x=1`,
    ]);
  });

  it("reaches each option's page from the board's pick forms", () => {
    const html = `<form method="POST" action="?/pick"><input type="hidden" name="decisionId" value="${ID}" /></form>`;
    expect(learnerPageLinks(html, base).map((u) => u.href)).toEqual([`http://localhost/learner/today/${ID}`]);
    expect(isPickPost("POST", new URL("http://localhost/learner/today?/pick"))).toBe(true);
    expect(isPickPost("POST", new URL("http://localhost/learner/today?/contest"))).toBe(false);
    expect(optionPageOf(`decisionId=${ID}`, base)?.href).toBe(`http://localhost/learner/today/${ID}`);
    expect(optionPageOf("decisionId=nope", base)).toBeNull();
  });

  it("sends only answers to practice items through the outbox", () => {
    expect(isOutboxPost("POST", new URL(`http://localhost/learner/practice/${ID}?/answer`))).toBe(true);
    expect(
      isOutboxPost("POST", new URL(`http://localhost/learner/practice/${ID}?decision=${ID}&/answer`)),
    ).toBe(true);
    expect(isOutboxPost("GET", new URL(`http://localhost/learner/practice/${ID}?/answer`))).toBe(false);
    expect(isOutboxPost("POST", new URL("http://localhost/learner/today?/contest"))).toBe(false);
  });
});

describe("a replayed answer", () => {
  it("leaves the outbox when the server took it or refused it, and waits when signed out or failing", () => {
    expect(outcomeOfAction(200, { type: "success", status: 200 })).toBe("sent");
    expect(outcomeOfAction(400, { type: "failure", status: 400 })).toBe("refused");
    expect(outcomeOfAction(200, { type: "redirect", status: 303, location: "/sign-in" })).toBe("keep");
    expect(outcomeOfAction(200, { type: "redirect", status: 303, location: `/learner/today/${ID}` })).toBe(
      "sent",
    );
    expect(outcomeOfAction(500, { type: "error" })).toBe("keep");
    expect(outcomeOfAction(502, null)).toBe("keep");
  });
});
