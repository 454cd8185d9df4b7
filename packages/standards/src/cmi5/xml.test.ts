import { describe, expect, it } from "vitest";
import { childElements, parseXml, textContent, XmlSyntaxError } from "./xml.js";

describe("parseXml", () => {
  it("reads elements, attributes, text, CDATA, entities and comments", () => {
    const root = parseXml(`<?xml version="1.0" encoding="utf-8"?>
<!-- a course -->
<root a="1" b='two &amp; &quot;three&quot;'>
  <item>fish &lt;&amp;&gt; chips &#233;&#x20AC;</item>
  <item><![CDATA[<b>bold</b> & raw]]></item>
  <empty/>
</root>`);
    expect(root.name).toBe("root");
    expect(root.attributes).toEqual({ a: "1", b: 'two & "three"' });
    const items = childElements(root, "item");
    expect(items.map(textContent)).toEqual(["fish <&> chips é€", "<b>bold</b> & raw"]);
    expect(childElements(root, "empty")[0]?.children).toEqual([]);
    expect(items[1]?.line).toBe(5);
  });

  it("resolves default and prefixed namespaces", () => {
    const root = parseXml(`<a xmlns="urn:one" xmlns:v="urn:vendor" v:flag="x"><b/><v:c/><d xmlns=""/></a>`);
    expect(root.namespace).toBe("urn:one");
    expect(root.attributes).toEqual({ "v:flag": "x" });
    expect(root.attributeNamespaces).toEqual({ "v:flag": "urn:vendor" });
    expect(childElements(root).map((e) => [e.localName, e.namespace])).toEqual([
      ["b", "urn:one"],
      ["c", "urn:vendor"],
      ["d", null],
    ]);
  });

  it("keeps attribute names like __proto__ as ordinary keys", () => {
    const root = parseXml('<a __proto__="x" constructor="y"/>');
    expect(Object.keys(root.attributes)).toEqual(["__proto__", "constructor"]);
    expect(root.attributes.__proto__).toBe("x");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("normalises line breaks and whitespace in attribute values", () => {
    const root = parseXml('<a v="x\ty\r\nz">one\r\ntwo</a>');
    expect(root.attributes.v).toBe("x y z");
    expect(textContent(root)).toBe("one\ntwo");
  });

  it.each([
    ["<a><b></a>", "</a> does not close <b>"],
    ["<a>", "<a> is not closed"],
    ["<a/><b/>", "a document has exactly one root element"],
    ["text<a/>", "text is not allowed outside the root element"],
    ['<a x="1" x="2"/>', 'attribute "x" appears twice on <a>'],
    ["<a x=1/>", "attribute values must be quoted"],
    ['<a x="<"/>', '"<" is not allowed in attribute values'],
    ["<a>&nbsp;</a>", 'unknown entity "&nbsp;"'],
    ["<a>&#0;</a>", '"&#0;" is not a valid character reference'],
    ["<a>AT&T</a>", '"&" must start an entity or character reference'],
    ['<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>', "DOCTYPE declarations are not accepted"],
    ["<v:a/>", 'the namespace prefix "v" is not declared'],
    ["<a><![CDATA[x</a>", "a CDATA section is not closed"],
    ["", "the document has no root element"],
    ['<a x="1"y="2"/>', "attributes must be separated by whitespace"],
    ["<1a/>", '"1a" is not a valid XML name'],
  ])("rejects %j", (xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
    expect(() => parseXml(xml)).toThrow(message);
  });

  it("reports the line and column of the problem", () => {
    try {
      parseXml("<a>\n  <b>\n</a>");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ line: 3, column: 1 });
    }
  });
});
