/**
 * cmi5 course structures (`cmi5.xml`, cmi5 spec §13–14): parsed into a typed tree of course,
 * objectives, blocks and AUs, and checked against the CourseStructure.xsd rules and the spec's
 * uniqueness and value rules. Every problem is reported with an XPath-like location so an author
 * importing a package sees, for example, `/courseStructure/block[1]/au[2]/@masteryScore: must be a
 * decimal between 0 and 1`.
 */
import type { Issue, Result } from "../result.js";
import { isAbsoluteIri } from "../xapi/formats.js";
import { parseXml, textContent, XmlSyntaxError, type XmlElement } from "./xml.js";

export const CMI5_COURSE_STRUCTURE_NAMESPACE = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

export type Cmi5MoveOn =
  "NotApplicable" | "Passed" | "Completed" | "CompletedAndPassed" | "CompletedOrPassed";
export type Cmi5LaunchMethod = "AnyWindow" | "OwnWindow";

export const CMI5_MOVE_ON_VALUES: readonly Cmi5MoveOn[] = [
  "NotApplicable",
  "Passed",
  "Completed",
  "CompletedAndPassed",
  "CompletedOrPassed",
];
const LAUNCH_METHODS: readonly Cmi5LaunchMethod[] = ["AnyWindow", "OwnWindow"];

/** Language tag → text; a langstring without `lang` is keyed `und` (RFC 5646 "undetermined"). */
export type Cmi5LangStrings = Record<string, string>;

export interface Cmi5Objective {
  id: string;
  title: Cmi5LangStrings;
  description: Cmi5LangStrings;
}

export interface Cmi5Au {
  kind: "au";
  /** The publisher's AU id (not the activityId an LMS generates for launch). */
  id: string;
  title: Cmi5LangStrings;
  description: Cmi5LangStrings;
  objectives: string[];
  url: string;
  launchMethod: Cmi5LaunchMethod;
  moveOn: Cmi5MoveOn;
  masteryScore?: number;
  launchParameters?: string;
  entitlementKey?: string;
  activityType?: string;
}

export interface Cmi5Block {
  kind: "block";
  id: string;
  title: Cmi5LangStrings;
  description: Cmi5LangStrings;
  objectives: string[];
  children: (Cmi5Block | Cmi5Au)[];
}

export interface Cmi5CourseStructure {
  course: { id: string; title: Cmi5LangStrings; description: Cmi5LangStrings };
  objectives: Cmi5Objective[];
  children: (Cmi5Block | Cmi5Au)[];
  /**
   * Vendor extensions (§13.1.5): the child elements in other namespaces of the course, of each
   * block and of each AU, by the id of the element that holds them. cmi5 gives them no meaning; an
   * LMS may read its own (Pathwise reads competency mappings, see docs/standards.md).
   */
  extensions: Cmi5Extension[];
}

export interface Cmi5Extension {
  /** The id of the course, block or AU whose child the element is. */
  ownerId: string;
  /** Where the element is, e.g. `/courseStructure/block[1]/au[2]/pw:competencies`. */
  path: string;
  element: XmlElement;
}

/** An `Issue` whose path is XPath-like, 1-based: `/courseStructure/block[1]/au[2]/url`. */
export type Cmi5StructureError = Issue;

export type Cmi5StructureResult = Result<Cmi5CourseStructure>;

export interface Cmi5ParseOptions {
  /**
   * True when the XML came inside a ZIP package, where AU urls may be relative to the package
   * root; false for a standalone cmi5.xml, where every url must be fully qualified (§14.2).
   */
  packaged: boolean;
  /**
   * Paths of the files in the ZIP package (e.g. `content/index.html`). When given, every relative
   * AU url must name one of them (§14.1: content referenced relatively must be in the package).
   */
  packageFiles?: ReadonlySet<string>;
}

/** Launch parameter names the LMS appends; an AU url must not already use them (§8.1). */
export const CMI5_LAUNCH_PARAMETER_NAMES = [
  "endpoint",
  "fetch",
  "actor",
  "registration",
  "activityId",
] as const;

/** Parses and validates a cmi5 course structure document (UTF-8 bytes or text). */
export function parseCmi5CourseStructure(
  xml: string | Uint8Array,
  options: Cmi5ParseOptions,
): Cmi5StructureResult {
  let root: XmlElement;
  try {
    const text = typeof xml === "string" ? xml : new TextDecoder("utf-8", { fatal: true }).decode(xml);
    root = parseXml(text);
  } catch (error) {
    const message = error instanceof XmlSyntaxError ? error.message : "the file is not UTF-8 text";
    return {
      ok: false,
      errors: [{ path: "/", code: "malformed_xml", message: `not well-formed XML: ${message}` }],
    };
  }
  return new CourseStructureReader(options).read(root);
}

class CourseStructureReader {
  private readonly errors: Cmi5StructureError[] = [];
  private readonly ids = new Map<string, string>();
  private readonly objectiveRefs: { idref: string; path: string }[] = [];
  private readonly extensions: Cmi5Extension[] = [];

  constructor(private readonly options: Cmi5ParseOptions) {}

  read(root: XmlElement): Cmi5StructureResult {
    const path = "/courseStructure";
    if (root.localName !== "courseStructure" || !isCmi5(root)) {
      return {
        ok: false,
        errors: [
          {
            path: `/${root.name}`,
            code: "not_a_course_structure",
            message: `the root element must be <courseStructure> in ${CMI5_COURSE_STRUCTURE_NAMESPACE}`,
          },
        ],
      };
    }
    this.onlyForeignAttributes(root, path, []);
    const children = this.cmi5Children(root, path, ["course", "objectives", "au", "block"]);
    const courses = children.filter((c) => c.element.localName === "course");
    if (courses.length !== 1)
      this.fail(
        `${path}/course`,
        courses.length === 0 ? "required" : "repeated_element",
        courses.length === 0 ? "is required" : "must appear once",
      );
    const course = courses[0] ? this.course(courses[0].element, courses[0].path) : undefined;
    const objectives: Cmi5Objective[] = [];
    for (const { element, path: objectivesPath } of children.filter(
      (c) => c.element.localName === "objectives",
    )) {
      for (const objective of this.cmi5Children(element, objectivesPath, ["objective"])) {
        const read = this.objective(objective.element, objective.path);
        if (read) objectives.push(read);
      }
    }
    const nodes = this.nodes(children, path);
    const declared = new Set(objectives.map((o) => o.id));
    for (const { idref, path: refPath } of this.objectiveRefs) {
      if (!declared.has(idref))
        this.fail(
          refPath,
          "unknown_objective",
          `refers to objective "${idref}", which the course structure does not declare`,
        );
    }
    if (this.errors.length > 0 || !course) return { ok: false, errors: this.errors };
    return { ok: true, value: { course, objectives, children: nodes, extensions: this.extensions } };
  }

  private course(element: XmlElement, path: string): Cmi5CourseStructure["course"] | undefined {
    this.onlyForeignAttributes(element, path, ["id"]);
    const id = this.id(element, path);
    this.collectExtensions(element, path, id);
    const children = this.cmi5Children(element, path, ["title", "description"]);
    const title = this.langStrings(children, path, "title");
    const description = this.langStrings(children, path, "description");
    return id !== undefined && title && description ? { id, title, description } : undefined;
  }

  private objective(element: XmlElement, path: string): Cmi5Objective | undefined {
    this.onlyForeignAttributes(element, path, ["id"]);
    const id = this.id(element, path);
    const children = this.cmi5Children(element, path, ["title", "description"]);
    const title = this.langStrings(children, path, "title");
    const description = this.langStrings(children, path, "description");
    return id !== undefined && title && description ? { id, title, description } : undefined;
  }

  /** The AUs and blocks among `children`; a course or block needs at least one. */
  private nodes(children: Located[], parentPath: string): (Cmi5Block | Cmi5Au)[] {
    const nodes: (Cmi5Block | Cmi5Au)[] = [];
    for (const { element, path } of children) {
      const node =
        element.localName === "au"
          ? this.au(element, path)
          : element.localName === "block"
            ? this.block(element, path)
            : undefined;
      if (node) nodes.push(node);
    }
    if (!children.some((c) => c.element.localName === "au" || c.element.localName === "block")) {
      this.fail(parentPath, "empty_block", "must contain at least one <au> or <block>");
    }
    return nodes;
  }

  private block(element: XmlElement, path: string): Cmi5Block | undefined {
    this.onlyForeignAttributes(element, path, ["id"]);
    const id = this.id(element, path);
    this.collectExtensions(element, path, id);
    const children = this.cmi5Children(element, path, ["title", "description", "objectives", "au", "block"]);
    const title = this.langStrings(children, path, "title");
    const description = this.langStrings(children, path, "description");
    const objectives = this.objectiveReferences(children);
    const nodes = this.nodes(children, path);
    return id !== undefined && title && description
      ? { kind: "block", id, title, description, objectives, children: nodes }
      : undefined;
  }

  private au(element: XmlElement, path: string): Cmi5Au | undefined {
    this.onlyForeignAttributes(element, path, [
      "id",
      "moveOn",
      "masteryScore",
      "launchMethod",
      "activityType",
    ]);
    const id = this.id(element, path);
    this.collectExtensions(element, path, id);
    const allowed = ["title", "description", "objectives", "url", "launchParameters", "entitlementKey"];
    const children = this.cmi5Children(element, path, allowed);
    const title = this.langStrings(children, path, "title");
    const description = this.langStrings(children, path, "description");
    const objectives = this.objectiveReferences(children);
    const url = this.url(children, path);
    const moveOn = this.enumeration(element, path, "moveOn", CMI5_MOVE_ON_VALUES, "NotApplicable");
    const launchMethod = this.enumeration(element, path, "launchMethod", LAUNCH_METHODS, "AnyWindow");
    const au: Cmi5Au = {
      kind: "au",
      id: id ?? "",
      title: title ?? {},
      description: description ?? {},
      objectives,
      url: url ?? "",
      launchMethod: launchMethod ?? "AnyWindow",
      moveOn: moveOn ?? "NotApplicable",
    };
    const masteryScore = this.masteryScore(element, path);
    if (masteryScore !== undefined) au.masteryScore = masteryScore;
    const activityType = element.attributes.activityType?.trim();
    if (activityType) au.activityType = activityType;
    for (const key of ["launchParameters", "entitlementKey"] as const) {
      const found = children.filter((c) => c.element.localName === key);
      if (found.length > 1) this.fail(`${path}/${key}`, "repeated_element", "must appear at most once");
      if (found[0]) au[key] = textContent(found[0].element).trim();
    }
    return id !== undefined && title && description && url !== undefined && moveOn && launchMethod
      ? au
      : undefined;
  }

  private url(children: Located[], path: string): string | undefined {
    const found = children.filter((c) => c.element.localName === "url");
    if (found.length !== 1) {
      this.fail(
        `${path}/url`,
        found.length === 0 ? "required" : "repeated_element",
        found.length === 0 ? "is required: every AU needs a launch url" : "must appear once",
      );
      return undefined;
    }
    const url = textContent((found[0] as Located).element).trim();
    const urlPath = (found[0] as Located).path;
    if (url === "") this.fail(urlPath, "invalid_url", "must not be empty");
    else if (/\s/.test(url)) this.fail(urlPath, "invalid_url", "must not contain whitespace (URL-encode it)");
    else if (!this.options.packaged && !isAbsoluteIri(url)) {
      this.fail(
        urlPath,
        "relative_url",
        "must be fully qualified when cmi5.xml is imported without a ZIP package",
      );
    } else {
      const query = url.split("#")[0]?.split("?")[1] ?? "";
      const names = query.split("&").map((pair) => safeDecode(pair.split("=")[0] ?? ""));
      const conflict = CMI5_LAUNCH_PARAMETER_NAMES.find((name) => names.includes(name));
      if (conflict)
        this.fail(
          urlPath,
          "launch_parameter_conflict",
          `must not use the query parameter "${conflict}", which cmi5 launch adds`,
        );
      else if (
        this.options.packageFiles &&
        !isAbsoluteIri(url) &&
        !this.options.packageFiles.has(packagePath(url))
      ) {
        this.fail(urlPath, "missing_file", `refers to "${packagePath(url)}", which is not in the package`);
      } else return url;
    }
    return undefined;
  }

  private masteryScore(element: XmlElement, path: string): number | undefined {
    const raw = element.attributes.masteryScore;
    if (raw === undefined) return undefined;
    const text = raw.trim();
    const value = Number(text);
    // xs:decimal: optional sign, digits with an optional fraction; no exponent, no NaN/Infinity.
    if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) || value < 0 || value > 1) {
      this.fail(
        `${path}/@masteryScore`,
        "invalid_mastery_score",
        `must be a decimal between 0 and 1, got "${raw}"`,
      );
      return undefined;
    }
    return value;
  }

  private enumeration<T extends string>(
    element: XmlElement,
    path: string,
    name: string,
    values: readonly T[],
    fallback: T,
  ): T | undefined {
    const raw = element.attributes[name];
    if (raw === undefined) return fallback;
    const value = raw.trim();
    if ((values as readonly string[]).includes(value)) return value as T;
    this.fail(`${path}/@${name}`, "invalid_enum", `must be one of ${values.join(", ")}, got "${raw}"`);
    return undefined;
  }

  /** The required, unique, absolute-IRI `id` attribute. */
  private id(element: XmlElement, path: string): string | undefined {
    const raw = element.attributes.id;
    if (raw === undefined || raw.trim() === "") {
      this.fail(`${path}/@id`, "required", `is required on <${element.localName}>`);
      return undefined;
    }
    const id = raw.trim();
    if (!isAbsoluteIri(id)) {
      this.fail(`${path}/@id`, "invalid_iri", `must be an absolute IRI, got "${id}"`);
      return undefined;
    }
    const earlier = this.ids.get(id);
    if (earlier !== undefined) {
      this.fail(
        `${path}/@id`,
        "duplicate_id",
        `"${id}" is already used by ${earlier}; ids must be unique within the course structure`,
      );
      return undefined;
    }
    this.ids.set(id, path);
    return id;
  }

  private langStrings(
    children: Located[],
    parentPath: string,
    name: "title" | "description",
  ): Cmi5LangStrings | undefined {
    const found = children.filter((c) => c.element.localName === name);
    if (found.length !== 1) {
      this.fail(
        `${parentPath}/${name}`,
        found.length === 0 ? "required" : "repeated_element",
        found.length === 0 ? "is required" : "must appear once",
      );
      return undefined;
    }
    const { element, path } = found[0] as Located;
    const strings: Cmi5LangStrings = {};
    const langstrings = this.cmi5Children(element, path, ["langstring"]);
    if (langstrings.length === 0) this.fail(path, "required", "must contain at least one <langstring>");
    for (const { element: langstring, path: langPath } of langstrings) {
      this.onlyForeignAttributes(langstring, langPath, ["lang"]);
      const lang = langstring.attributes.lang?.trim() || "und";
      if (!XS_LANGUAGE.test(lang)) {
        this.fail(
          `${langPath}/@lang`,
          "invalid_language_tag",
          `must be a language tag such as en-US, got "${lang}"`,
        );
      } else if (Object.hasOwn(strings, lang)) {
        this.fail(langPath, "duplicate_language", `repeats the language "${lang}"`);
      } else strings[lang] = textContent(langstring).trim();
    }
    return strings;
  }

  private objectiveReferences(children: Located[]): string[] {
    const idrefs: string[] = [];
    for (const { element, path } of children.filter((c) => c.element.localName === "objectives")) {
      for (const { element: objective, path: refPath } of this.cmi5Children(element, path, ["objective"])) {
        this.onlyForeignAttributes(objective, refPath, ["idref"]);
        const idref = objective.attributes.idref?.trim();
        if (!idref) this.fail(`${refPath}/@idref`, "required", "is required");
        else {
          idrefs.push(idref);
          this.objectiveRefs.push({ idref, path: `${refPath}/@idref` });
        }
      }
    }
    return idrefs;
  }

  /**
   * The element's children in the cmi5 namespace (with XPath-like paths); elements in other
   * namespaces are vendor extensions and are ignored (§13.1.5); unexpected cmi5 elements and
   * stray text are errors.
   */
  private cmi5Children(element: XmlElement, path: string, allowed: readonly string[]): Located[] {
    const located: Located[] = [];
    const counts = new Map<string, number>();
    for (const child of element.children) {
      if (typeof child === "string") {
        if (child.trim() !== "")
          this.fail(path, "unexpected_text", `has unexpected text "${child.trim().slice(0, 40)}"`);
        continue;
      }
      if (!isCmi5(child)) continue;
      const index = (counts.get(child.localName) ?? 0) + 1;
      counts.set(child.localName, index);
      // Repeatable elements carry a 1-based position; single ones (title, url, ...) do not.
      const childPath = REPEATABLE.has(child.localName)
        ? `${path}/${child.localName}[${index}]`
        : `${path}/${child.localName}`;
      if (!allowed.includes(child.localName))
        this.fail(
          childPath,
          "unknown_element",
          `<${child.localName}> is not allowed in <${element.localName}>`,
        );
      else located.push({ element: child, path: childPath });
    }
    return located;
  }

  /** Child elements in other namespaces: kept for the LMS, in document order. */
  private collectExtensions(element: XmlElement, path: string, ownerId: string | undefined): void {
    if (ownerId === undefined) return;
    for (const child of element.children) {
      if (typeof child !== "string" && !isCmi5(child))
        this.extensions.push({ ownerId, path: `${path}/${child.name}`, element: child });
    }
  }

  /** cmi5 attributes are unqualified; attributes in another namespace are vendor extensions. */
  private onlyForeignAttributes(element: XmlElement, path: string, allowed: readonly string[]): void {
    for (const name of Object.keys(element.attributes)) {
      if (element.attributeNamespaces[name] !== null) continue;
      if (!allowed.includes(name))
        this.fail(`${path}/@${name}`, "unknown_attribute", `is not an attribute of <${element.localName}>`);
    }
  }

  private fail(path: string, code: string, message: string): void {
    this.errors.push({ path, code, message });
  }
}

/** A relative AU url as a path inside the ZIP: no query or fragment, no leading "./" or "/". */
function packagePath(url: string): string {
  const path = safeDecode(url.split(/[?#]/)[0] ?? "");
  return path.replace(/^(?:\.\/|\/)+/, "");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The `xs:language` pattern the course structure XSD uses for `lang`. */
const XS_LANGUAGE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/;

const REPEATABLE = new Set(["au", "block", "objective", "langstring"]);

interface Located {
  element: XmlElement;
  path: string;
}

/** Elements in the cmi5 namespace, or in no namespace (packages that omit xmlns), are cmi5's. */
function isCmi5(element: XmlElement): boolean {
  return element.namespace === CMI5_COURSE_STRUCTURE_NAMESPACE || element.namespace === null;
}
