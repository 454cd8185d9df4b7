import { describe, expect, it } from "vitest";
import { bktModelFromJSON } from "./bkt.js";
import { BKT_MASTERY_THRESHOLDS } from "./defaults.js";
import { ReviewScheduler, withReviewScheduling } from "./memory.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 9);

describe("ReviewScheduler", () => {
  const scheduler = new ReviewScheduler();

  it("schedules a first successful review days later, with recall near 1 right after", () => {
    const memory = scheduler.review({}, "fractions", true, T0);
    const now = scheduler.recallOf(memory, "fractions", T0)!;
    expect(now.dueMs).toBeGreaterThanOrEqual(T0 + DAY);
    expect(now.retrievability).toBeGreaterThan(0.99);
    expect(now.needsReview).toBe(false);
  });

  it("lets recall decay until the competency needs review", () => {
    const memory = scheduler.review({}, "fractions", true, T0);
    const later = scheduler.recallOf(memory, "fractions", T0 + 60 * DAY)!;
    expect(later.retrievability).toBeLessThan(0.9);
    expect(later.needsReview).toBe(true);
  });

  it("spaces reviews further apart after each success and closer after a failure", () => {
    let memory = scheduler.review({}, "c", true, T0);
    const first = memory.c!.dueMs - T0;
    const secondAt = memory.c!.dueMs;
    memory = scheduler.review(memory, "c", true, secondAt);
    expect(memory.c!.dueMs - secondAt).toBeGreaterThan(first);
    const lapsed = scheduler.review(memory, "c", false, memory.c!.dueMs);
    expect(lapsed.c!.stability).toBeLessThan(memory.c!.stability);
    expect(lapsed.c!.lapses).toBe(1);
  });

  it("is deterministic and leaves the old memory untouched", () => {
    const a = scheduler.review({}, "c", true, T0);
    const b = scheduler.review({}, "c", true, T0);
    expect(a).toEqual(b);
    expect(scheduler.recallOf({}, "c", T0)).toBeUndefined();
  });
});

describe("withReviewScheduling", () => {
  const base = bktModelFromJSON({
    kind: "bkt",
    version: 1,
    forgetting: false,
    mastery: BKT_MASTERY_THRESHOLDS,
    skills: { c: { init: 0.3, learn: 0.3, forget: 0, guess: 0.2, slip: 0.1 } },
  });
  const model = withReviewScheduling(base);

  it("puts a competency on the schedule once mastered and reports needs-review when recall decays", () => {
    let s = model.initialState();
    for (let i = 0; i < 6; i++)
      s = model.update(s, { itemId: `q${i}`, skillIds: ["c"], correct: true, timeMs: T0 + i * 60_000 });
    const now = model.masteryOf(s, "c");
    expect(now.status).toBe("mastered");
    expect(now.review).toBeDefined();
    const months = model.masteryOf(s, "c", T0 + 90 * DAY);
    expect(months.status).toBe("needs-review");
    expect(months.review!.retrievability).toBeLessThan(0.9);
  });

  it("keeps an unmastered competency off the schedule", () => {
    const s = model.update(model.initialState(), {
      itemId: "q",
      skillIds: ["c"],
      correct: false,
      timeMs: T0,
    });
    expect(model.masteryOf(s, "c", T0 + 90 * DAY).review).toBeUndefined();
  });
});
