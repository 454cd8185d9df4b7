import { describe, expect, it } from "vitest";
import { parseCmi5CourseStructure, type Cmi5StructureError } from "./course-structure.js";

const NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
const text = (value: string) =>
  `<title><langstring lang="en-US">${value}</langstring></title><description><langstring lang="en-US">About ${value}</langstring></description>`;

function courseXml(
  body: string,
  courseAttributes = 'id="https://pathwise.example/courses/fractions"',
): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="${NS}" xmlns:vendor="https://vendor.example/ext">
  <course ${courseAttributes}>${text("Fractions")}</course>
  ${body}
</courseStructure>`;
}

const AU = (
  attributes = "",
  inner = "<url>https://content.example/au1/index.html</url>",
  id = "https://pathwise.example/aus/1",
) => `<au id="${id}" ${attributes}>${text("Unit")}${inner}</au>`;

function errorsOf(xml: string, packaged = false): Cmi5StructureError[] {
  const result = parseCmi5CourseStructure(xml, { packaged });
  if (result.ok) throw new Error("expected the course structure to be rejected");
  return result.errors;
}

describe("parseCmi5CourseStructure: valid packages", () => {
  it("reads course, objectives, blocks and AUs with defaults applied", () => {
    const xml = courseXml(`
      <objectives>
        <objective id="https://pathwise.example/objectives/equivalent">${text("Equivalent fractions")}</objective>
      </objectives>
      <block id="https://pathwise.example/blocks/1">
        ${text("Block")}
        <objectives><objective idref="https://pathwise.example/objectives/equivalent"/></objectives>
        ${AU(
          `moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="OwnWindow" activityType="http://adlnet.gov/expapi/activities/media"`,
          `
          <url>
            https://content.example/au1/index.html?lang=en
          </url>
          <launchParameters> Start=1,QuizMode=1 </launchParameters>
          <entitlementKey>xyz-123</entitlementKey>
          <vendor:hint>ignored vendor extension</vendor:hint>`,
        )}
      </block>
      ${AU("", "<url>https://content.example/au2/</url>", "https://pathwise.example/aus/2")}`);
    const result = parseCmi5CourseStructure(xml, { packaged: false });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { course, objectives, children } = result.value;
    expect(course).toEqual({
      id: "https://pathwise.example/courses/fractions",
      title: { "en-US": "Fractions" },
      description: { "en-US": "About Fractions" },
    });
    expect(objectives.map((o) => o.id)).toEqual(["https://pathwise.example/objectives/equivalent"]);
    expect(children[0]).toMatchObject({
      kind: "block",
      objectives: ["https://pathwise.example/objectives/equivalent"],
    });
    const block = children[0];
    expect(block?.kind === "block" && block.children[0]).toEqual({
      kind: "au",
      id: "https://pathwise.example/aus/1",
      title: { "en-US": "Unit" },
      description: { "en-US": "About Unit" },
      objectives: [],
      url: "https://content.example/au1/index.html?lang=en",
      launchMethod: "OwnWindow",
      moveOn: "CompletedAndPassed",
      masteryScore: 0.8,
      launchParameters: "Start=1,QuizMode=1",
      entitlementKey: "xyz-123",
      activityType: "http://adlnet.gov/expapi/activities/media",
    });
    expect(children[1]).toMatchObject({ kind: "au", moveOn: "NotApplicable", launchMethod: "AnyWindow" });
    // The vendor element is not part of the AU but is kept, with its owner and place, for the LMS.
    expect(
      result.value.extensions.map((e) => ({ ownerId: e.ownerId, path: e.path, name: e.element.localName })),
    ).toEqual([
      {
        ownerId: "https://pathwise.example/aus/1",
        path: "/courseStructure/block[1]/au[1]/vendor:hint",
        name: "hint",
      },
    ]);
  });

  it("accepts bytes, langstrings without lang, and foreign attributes", () => {
    const xml = courseXml(AU('vendor:level="3"')).replace(
      '<langstring lang="en-US">Fractions',
      "<langstring>Fractions",
    );
    const result = parseCmi5CourseStructure(new TextEncoder().encode(xml), { packaged: false });
    expect(result.ok && result.value.course.title).toEqual({ und: "Fractions" });
  });

  it("accepts relative urls inside a ZIP package and checks them against its files", () => {
    const xml = courseXml(AU("", "<url>./content/index.html?start=1</url>"));
    expect(parseCmi5CourseStructure(xml, { packaged: true }).ok).toBe(true);
    expect(
      parseCmi5CourseStructure(xml, { packaged: true, packageFiles: new Set(["content/index.html"]) }).ok,
    ).toBe(true);
    expect(parseCmi5CourseStructure(xml, { packaged: true, packageFiles: new Set(["index.html"]) })).toEqual({
      ok: false,
      errors: [
        {
          path: "/courseStructure/au[1]/url",
          code: "missing_file",
          message: 'refers to "content/index.html", which is not in the package',
        },
      ],
    });
  });
});

describe("parseCmi5CourseStructure: bad packages", () => {
  it("rejects XML that is not well-formed, naming the line", () => {
    expect(errorsOf("<courseStructure><course></courseStructure>")).toEqual([
      {
        path: "/",
        code: "malformed_xml",
        message: "not well-formed XML: </courseStructure> does not close <course> (line 1, column 26)",
      },
    ]);
  });

  it("rejects another root element", () => {
    expect(errorsOf("<manifest/>")).toMatchObject([{ path: "/manifest" }]);
  });

  it("rejects a missing or non-IRI course id", () => {
    expect(errorsOf(courseXml(AU(), ""))).toEqual([
      { path: "/courseStructure/course/@id", code: "required", message: "is required on <course>" },
    ]);
    expect(errorsOf(courseXml(AU(), 'id="courses/fractions"'))).toMatchObject([
      { path: "/courseStructure/course/@id" },
    ]);
  });

  it("rejects a missing course element and a course without AUs", () => {
    expect(errorsOf(`<courseStructure xmlns="${NS}">${AU()}</courseStructure>`)).toEqual([
      { path: "/courseStructure/course", code: "required", message: "is required" },
    ]);
    expect(errorsOf(courseXml(""))).toEqual([
      { path: "/courseStructure", code: "empty_block", message: "must contain at least one <au> or <block>" },
    ]);
    expect(errorsOf(courseXml(`<block id="https://pathwise.example/b">${text("B")}</block>`))).toEqual([
      {
        path: "/courseStructure/block[1]",
        code: "empty_block",
        message: "must contain at least one <au> or <block>",
      },
    ]);
  });

  it("rejects an AU without url, and a url that is empty, has spaces or is relative outside a ZIP", () => {
    expect(errorsOf(courseXml(AU("", "")))).toEqual([
      {
        path: "/courseStructure/au[1]/url",
        code: "required",
        message: "is required: every AU needs a launch url",
      },
    ]);
    expect(errorsOf(courseXml(AU("", "<url>  </url>")))).toMatchObject([
      { path: "/courseStructure/au[1]/url", code: "invalid_url", message: "must not be empty" },
    ]);
    expect(errorsOf(courseXml(AU("", "<url>http://example.com index.html</url>")))).toMatchObject([
      { path: "/courseStructure/au[1]/url" },
    ]);
    expect(errorsOf(courseXml(AU("", "<url>index.html</url>")))).toMatchObject([
      {
        path: "/courseStructure/au[1]/url",
        code: "relative_url",
        message: "must be fully qualified when cmi5.xml is imported without a ZIP package",
      },
    ]);
  });

  it("rejects AU urls that already use a cmi5 launch parameter", () => {
    expect(
      errorsOf(courseXml(AU("", "<url>index.html?endpoint=http://example.org/lrs</url>")), true),
    ).toEqual([
      {
        path: "/courseStructure/au[1]/url",
        code: "launch_parameter_conflict",
        message: 'must not use the query parameter "endpoint", which cmi5 launch adds',
      },
    ]);
  });

  it("rejects an invalid moveOn or launchMethod value", () => {
    expect(errorsOf(courseXml(AU('moveOn="Attempted"')))).toEqual([
      {
        path: "/courseStructure/au[1]/@moveOn",
        code: "invalid_enum",
        message:
          'must be one of NotApplicable, Passed, Completed, CompletedAndPassed, CompletedOrPassed, got "Attempted"',
      },
    ]);
    expect(errorsOf(courseXml(AU('moveOn="passed"')))).toMatchObject([
      { path: "/courseStructure/au[1]/@moveOn" },
    ]);
    expect(errorsOf(courseXml(AU('launchMethod="Popup"')))).toMatchObject([
      { path: "/courseStructure/au[1]/@launchMethod" },
    ]);
  });

  it("rejects a masteryScore outside [0, 1] or not a decimal", () => {
    for (const score of ["1.01", "-0.1", "abc", "1e-1", ""]) {
      expect(errorsOf(courseXml(AU(`masteryScore="${score}"`)))).toEqual([
        {
          path: "/courseStructure/au[1]/@masteryScore",
          code: "invalid_mastery_score",
          message: `must be a decimal between 0 and 1, got "${score}"`,
        },
      ]);
    }
    for (const score of ["0", "1", "1.0", ".75"]) {
      expect(parseCmi5CourseStructure(courseXml(AU(`masteryScore="${score}"`)), { packaged: false }).ok).toBe(
        true,
      );
    }
  });

  it("rejects duplicate ids across AUs, blocks and objectives", () => {
    const duplicateAus = courseXml(`${AU()}${AU()}`);
    expect(errorsOf(duplicateAus)).toEqual([
      {
        path: "/courseStructure/au[2]/@id",
        code: "duplicate_id",
        message:
          '"https://pathwise.example/aus/1" is already used by /courseStructure/au[1]; ids must be unique within the course structure',
      },
    ]);
    const blockLikeAu = courseXml(
      `<block id="https://pathwise.example/aus/1">${text("B")}${AU("", undefined, "https://pathwise.example/aus/9")}</block>${AU()}`,
    );
    expect(errorsOf(blockLikeAu)).toMatchObject([{ path: "/courseStructure/au[1]/@id" }]);
  });

  it("rejects references to undeclared objectives", () => {
    const xml = courseXml(
      AU(
        "",
        '<objectives><objective idref="https://pathwise.example/objectives/none"/></objectives><url>https://content.example/a</url>',
      ),
    );
    expect(errorsOf(xml)).toEqual([
      {
        path: "/courseStructure/au[1]/objectives/objective[1]/@idref",
        code: "unknown_objective",
        message:
          'refers to objective "https://pathwise.example/objectives/none", which the course structure does not declare',
      },
    ]);
  });

  it("rejects malformed and repeated langstring languages", () => {
    const bad = courseXml(AU()).replace(
      '<langstring lang="en-US">Fractions',
      '<langstring lang="__proto__">Fractions',
    );
    expect(errorsOf(bad)).toEqual([
      {
        path: "/courseStructure/course/title/langstring[1]/@lang",
        code: "invalid_language_tag",
        message: 'must be a language tag such as en-US, got "__proto__"',
      },
    ]);
    const repeated = courseXml(AU()).replace(
      '<langstring lang="en-US">Fractions</langstring>',
      '<langstring lang="en-US">Fractions</langstring><langstring lang="en-US">Again</langstring>',
    );
    expect(errorsOf(repeated)).toMatchObject([
      { path: "/courseStructure/course/title/langstring[2]", code: "duplicate_language" },
    ]);
  });

  it("rejects missing titles, unknown cmi5 elements and attributes, and stray text", () => {
    const noTitle = courseXml(
      `<au id="https://pathwise.example/aus/1"><url>https://content.example/a</url></au>`,
    );
    expect(errorsOf(noTitle).map((e) => e.path)).toEqual([
      "/courseStructure/au[1]/title",
      "/courseStructure/au[1]/description",
    ]);
    expect(
      errorsOf(courseXml(AU("", "<url>https://content.example/a</url><launchUrl>x</launchUrl>"))),
    ).toMatchObject([
      {
        path: "/courseStructure/au[1]/launchUrl",
        code: "unknown_element",
        message: "<launchUrl> is not allowed in <au>",
      },
    ]);
    expect(errorsOf(courseXml(AU('masteryscore="0.5"')))).toMatchObject([
      { path: "/courseStructure/au[1]/@masteryscore" },
    ]);
    expect(errorsOf(courseXml(`${AU()} loose words`))).toMatchObject([
      { path: "/courseStructure", code: "unexpected_text", message: 'has unexpected text "loose words"' },
    ]);
  });
});
