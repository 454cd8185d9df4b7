import { describe, expect, it } from "vitest";
import { cleanTaskText, formatGoalBody, parseGoalBody, weekOf } from "./tasks.js";

describe("goal tasks in the description", () => {
  it("reads the checklist and keeps the goal's own words apart", () => {
    const body = parseGoalBody(
      "I want to be fluent with fractions.\n\n- [ ] (mon) Read chapter 3\n- [x] (wed) Five problems\n- [ ] Ask for feedback",
    );
    expect(body.note).toBe("I want to be fluent with fractions.");
    expect(body.tasks).toEqual([
      { text: "Read chapter 3", done: false, day: "mon" },
      { text: "Five problems", done: true, day: "wed" },
      { text: "Ask for feedback", done: false, day: null },
    ]);
  });

  it("writes back what it read, so a round trip changes nothing", () => {
    const description = "Why it matters.\n\n- [x] (fri) Quiz myself\n- [ ] Tidy my notes";
    expect(formatGoalBody(parseGoalBody(description))).toBe(description);
    expect(formatGoalBody({ note: "", tasks: [{ text: "Only one", done: false, day: "sun" }] })).toBe(
      "- [ ] (sun) Only one",
    );
  });

  it("keeps a task on one line", () => {
    expect(cleanTaskText("  two\nlines  here ")).toBe("two lines here");
    const body = parseGoalBody(
      formatGoalBody({ note: "", tasks: [{ text: "a\n- [ ] b", done: false, day: null }] }),
    );
    expect(body.tasks).toHaveLength(1);
  });

  it("a line that only looks like a task with an unknown day stays a task without a day", () => {
    expect(parseGoalBody("- [ ] (someday) later").tasks).toEqual([
      { text: "(someday) later", done: false, day: null },
    ]);
  });
});

describe("weekOf", () => {
  it("starts the week on Monday, whatever day it is", () => {
    const sunday = weekOf(new Date("2026-11-22T23:30:00Z"));
    expect(sunday[0]).toEqual({ day: "mon", date: "2026-11-16" });
    expect(sunday[6]).toEqual({ day: "sun", date: "2026-11-22" });
    expect(weekOf(new Date("2026-11-23T00:00:00Z"))[0]!.date).toBe("2026-11-23");
  });
});
