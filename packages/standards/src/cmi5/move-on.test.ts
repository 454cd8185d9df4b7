import { describe, expect, it } from "vitest";
import { parseCmi5CourseStructure } from "./course-structure.js";
import { evaluateCmi5Satisfaction, isSatisfied } from "./move-on.js";

describe("isSatisfied", () => {
  const cases = [
    ["NotApplicable", false, false, true],
    ["Passed", false, true, true],
    ["Passed", true, false, false],
    ["Completed", true, false, true],
    ["Completed", false, true, false],
    ["CompletedAndPassed", true, false, false],
    ["CompletedAndPassed", true, true, true],
    ["CompletedOrPassed", false, true, true],
    ["CompletedOrPassed", true, false, true],
    ["CompletedOrPassed", false, false, false],
  ] as const;
  it.each(cases)("%s with completed=%s passed=%s → %s", (moveOn, completed, passed, expected) => {
    expect(isSatisfied(moveOn, { completed, passed })).toBe(expected);
  });

  it("treats a waived AU as satisfied", () => {
    expect(isSatisfied("CompletedAndPassed", { completed: false, passed: false, waived: true })).toBe(true);
  });
});

describe("evaluateCmi5Satisfaction", () => {
  const text =
    "<title><langstring>t</langstring></title><description><langstring>d</langstring></description>";
  const au = (id: string, moveOn: string) =>
    `<au id="https://x.example/${id}" moveOn="${moveOn}">${text}<url>https://x.example/${id}.html</url></au>`;
  const xml = `<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
    <course id="https://x.example/course">${text}</course>
    <block id="https://x.example/b1">${text}${au("a1", "Passed")}${au("a2", "NotApplicable")}</block>
    ${au("a3", "Completed")}
  </courseStructure>`;
  const parsed = parseCmi5CourseStructure(xml, { packaged: false });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));

  it("marks NotApplicable AUs satisfied from the start, and nothing else", () => {
    const result = evaluateCmi5Satisfaction(parsed.value, new Map());
    expect([...result.aus]).toEqual(["https://x.example/a2"]);
    expect(result.blocks.size).toBe(0);
    expect(result.course).toBe(false);
  });

  it("satisfies a block when all its AUs are, and the course when everything is", () => {
    const blockDone = evaluateCmi5Satisfaction(
      parsed.value,
      new Map([["https://x.example/a1", { completed: false, passed: true }]]),
    );
    expect([...blockDone.blocks]).toEqual(["https://x.example/b1"]);
    expect(blockDone.course).toBe(false);
    const allDone = evaluateCmi5Satisfaction(
      parsed.value,
      new Map([
        ["https://x.example/a1", { completed: false, passed: true }],
        ["https://x.example/a3", { completed: true, passed: false }],
      ]),
    );
    expect(allDone.course).toBe(true);
  });
});
