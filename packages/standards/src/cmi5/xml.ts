/**
 * A small, strict XML reader: enough for cmi5 course structures and similar manifests. It reads
 * elements, attributes, text, CDATA, comments, processing instructions, the five predefined entities
 * and character references, and resolves namespaces so callers can match elements by namespace and
 * local name. It refuses DOCTYPE declarations (no DTDs, so no entity expansion attacks), malformed
 * or mismatched tags, duplicate attributes, unknown entities and content outside the root element.
 */

export interface XmlElement {
  /** Qualified name as written, e.g. `vendor:note`. */
  name: string;
  localName: string;
  /** Namespace URI in scope for the element's prefix, or null when none. */
  namespace: string | null;
  /** Attributes by qualified name, values with entities decoded (xmlns declarations excluded). */
  attributes: Record<string, string>;
  /** Namespace URI of each prefixed attribute, by qualified name. */
  attributeNamespaces: Record<string, string | null>;
  children: XmlNode[];
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = "XmlSyntaxError";
  }
}

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const NAME =
  /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9._\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9._\-\u00B7\u00C0-\uFFFF]*)?$/u;
const PREDEFINED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Parses a document and returns its root element, or throws `XmlSyntaxError`. */
export function parseXml(text: string): XmlElement {
  // XML 1.0 §2.11: line breaks are normalised to LF before parsing.
  const normalised = (text.startsWith("\uFEFF") ? text.slice(1) : text).replace(/\r\n?/g, "\n");
  return new XmlReader(normalised).document();
}

/** Concatenated text content of an element and its descendants. */
export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === "string" ? child : textContent(child))).join("");
}

/** Child elements, optionally only those with the given local name. */
export function childElements(element: XmlElement, localName?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement =>
      typeof child !== "string" && (localName === undefined || child.localName === localName),
  );
}

class XmlReader {
  private position = 0;

  constructor(private readonly text: string) {}

  document(): XmlElement {
    let root: XmlElement | undefined;
    if (this.text.startsWith("<?xml")) this.processingInstruction();
    for (;;) {
      this.skipWhitespace();
      if (this.position >= this.text.length) break;
      if (this.text.startsWith("<!--", this.position)) this.comment();
      else if (this.text.startsWith("<?", this.position)) this.processingInstruction();
      else if (this.text.startsWith("<!DOCTYPE", this.position))
        this.fail("DOCTYPE declarations are not accepted");
      else if (this.text[this.position] === "<") {
        if (root) this.fail("a document has exactly one root element");
        root = this.element(new Map([["xml", XML_NAMESPACE]]));
      } else this.fail("text is not allowed outside the root element");
    }
    if (!root) this.fail("the document has no root element");
    return root as XmlElement;
  }

  private element(scope: ReadonlyMap<string, string | null>): XmlElement {
    const line = this.lineAt(this.position);
    this.expect("<");
    const name = this.name();
    const rawAttributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.skipWhitespace();
      const char = this.text[this.position];
      if (char === "/" || char === ">") break;
      if (char === undefined) this.fail(`the start tag <${name}> is not closed`);
      if (!hadSpace) this.fail("attributes must be separated by whitespace");
      const attribute = this.name();
      this.skipWhitespace();
      this.expect("=");
      this.skipWhitespace();
      if (rawAttributes.has(attribute)) this.fail(`attribute "${attribute}" appears twice on <${name}>`);
      rawAttributes.set(attribute, this.attributeValue());
    }
    const elementScope = new Map(scope);
    for (const [attribute, value] of rawAttributes) {
      if (attribute === "xmlns") elementScope.set("", value === "" ? null : value);
      else if (attribute.startsWith("xmlns:")) elementScope.set(attribute.slice("xmlns:".length), value);
    }
    const element: XmlElement = {
      name,
      localName: localPart(name),
      namespace: this.resolve(name, elementScope, true),
      // No prototype: attribute names such as "__proto__" or "constructor" are ordinary keys.
      attributes: Object.create(null) as Record<string, string>,
      attributeNamespaces: Object.create(null) as Record<string, string | null>,
      children: [],
      line,
    };
    for (const [attribute, value] of rawAttributes) {
      if (attribute === "xmlns" || attribute.startsWith("xmlns:")) continue;
      element.attributes[attribute] = value;
      element.attributeNamespaces[attribute] = attribute.includes(":")
        ? this.resolve(attribute, elementScope, false)
        : null;
    }
    if (this.text.startsWith("/>", this.position)) {
      this.position += 2;
      return element;
    }
    this.expect(">");
    this.content(element, elementScope);
    return element;
  }

  private content(element: XmlElement, scope: ReadonlyMap<string, string | null>): void {
    let text = "";
    const flush = () => {
      if (text !== "") element.children.push(text);
      text = "";
    };
    for (;;) {
      if (this.position >= this.text.length) this.fail(`<${element.name}> is not closed`);
      if (this.text.startsWith("</", this.position)) {
        const tagStart = this.position;
        this.position += 2;
        const name = this.name();
        if (name !== element.name) {
          this.position = tagStart;
          this.fail(`</${name}> does not close <${element.name}>`);
        }
        this.skipWhitespace();
        this.expect(">");
        flush();
        return;
      }
      if (this.text.startsWith("<!--", this.position)) this.comment();
      else if (this.text.startsWith("<![CDATA[", this.position)) {
        const end = this.text.indexOf("]]>", this.position);
        if (end < 0) this.fail("a CDATA section is not closed");
        text += this.text.slice(this.position + "<![CDATA[".length, end);
        this.position = end + 3;
      } else if (this.text.startsWith("<?", this.position)) this.processingInstruction();
      else if (this.text.startsWith("<!", this.position)) this.fail("markup declarations are not accepted");
      else if (this.text[this.position] === "<") {
        flush();
        element.children.push(this.element(scope));
      } else if (this.text[this.position] === "&") text += this.reference();
      else {
        if (this.text.startsWith("]]>", this.position)) this.fail('"]]>" is not allowed in text');
        text += this.text[this.position];
        this.position += 1;
      }
    }
  }

  private attributeValue(): string {
    const quote = this.text[this.position];
    if (quote !== '"' && quote !== "'") this.fail("attribute values must be quoted");
    this.position += 1;
    let value = "";
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) this.fail("an attribute value is not closed");
      if (char === quote) break;
      if (char === "<") this.fail('"<" is not allowed in attribute values');
      if (char === "&") value += this.reference();
      else {
        // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space.
        value += char === "\t" || char === "\n" || char === "\r" ? " " : char;
        this.position += 1;
      }
    }
    this.position += 1;
    return value;
  }

  private reference(): string {
    const end = this.text.indexOf(";", this.position);
    if (end < 0 || end - this.position > 12) this.fail('"&" must start an entity or character reference');
    const body = this.text.slice(this.position + 1, end);
    this.position = end + 1;
    if (body.startsWith("#")) {
      const code = body.startsWith("#x")
        ? Number.parseInt(body.slice(2), 16)
        : Number.parseInt(body.slice(1), 10);
      const valid =
        /^#(?:x[0-9A-Fa-f]+|[0-9]+)$/.test(body) &&
        code > 0 &&
        code <= 0x10ffff &&
        !(code >= 0xd800 && code <= 0xdfff);
      if (!valid) this.fail(`"&${body};" is not a valid character reference`);
      return String.fromCodePoint(code);
    }
    const entity = PREDEFINED_ENTITIES[body];
    if (entity === undefined) this.fail(`unknown entity "&${body};"`);
    return entity as string;
  }

  private comment(): void {
    const end = this.text.indexOf("-->", this.position + 4);
    if (end < 0) this.fail("a comment is not closed");
    this.position = end + 3;
  }

  private processingInstruction(): void {
    const end = this.text.indexOf("?>", this.position + 2);
    if (end < 0) this.fail("a processing instruction is not closed");
    this.position = end + 2;
  }

  private name(): string {
    const start = this.position;
    while (this.position < this.text.length && !/[\s/>=<"']/.test(this.text[this.position] as string))
      this.position += 1;
    const name = this.text.slice(start, this.position);
    if (!NAME.test(name)) {
      this.position = start;
      this.fail(name === "" ? "a name is expected" : `"${name}" is not a valid XML name`);
    }
    return name;
  }

  private resolve(
    name: string,
    scope: ReadonlyMap<string, string | null>,
    isElement: boolean,
  ): string | null {
    const colon = name.indexOf(":");
    if (colon < 0) return isElement ? (scope.get("") ?? null) : null;
    const prefix = name.slice(0, colon);
    const namespace = scope.get(prefix);
    if (namespace === undefined || namespace === null)
      this.fail(`the namespace prefix "${prefix}" is not declared`);
    return namespace as string;
  }

  private skipWhitespace(): boolean {
    const start = this.position;
    while (/\s/.test(this.text[this.position] ?? "")) this.position += 1;
    return this.position > start;
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.position)) this.fail(`"${token}" expected`);
    this.position += token.length;
  }

  private lineCountedTo = 0;
  private linesBefore = 1;

  /** Line of `position`; positions only grow while reading, so lines are counted incrementally. */
  private lineAt(position: number): number {
    for (let i = this.lineCountedTo; i < position; i += 1)
      if (this.text.charCodeAt(i) === 10) this.linesBefore += 1;
    this.lineCountedTo = Math.max(this.lineCountedTo, position);
    return this.linesBefore;
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.position);
    const line = before.split("\n").length;
    const column = this.position - before.lastIndexOf("\n");
    throw new XmlSyntaxError(message, line, column);
  }
}

function localPart(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}
