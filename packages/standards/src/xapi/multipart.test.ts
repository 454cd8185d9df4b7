import { describe, expect, it } from "vitest";
import {
  matchAttachmentParts,
  parseContentType,
  parseMultipart,
  parseStatementRequest,
  sha2Hex,
} from "./multipart.js";
import { validateStatement } from "./validate-statement.js";
import type { Statement } from "./types.js";

const BOUNDARY = "abcABC0123'()+_,-./:=?";
const TEXT = "here is a simple attachment";
const TEXT_SHA256 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a";

function statementWith(attachments: unknown[]): Record<string, unknown> {
  return {
    actor: { mbox: "mailto:ada@example.com" },
    verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
    object: { id: "https://example.com/q1" },
    attachments,
  };
}

const ATTACHMENT = {
  usageType: "http://example.com/attachment-usage/test",
  display: { "en-US": "A test attachment" },
  contentType: "text/plain; charset=ascii",
  length: TEXT.length,
  sha2: TEXT_SHA256,
};

function body(parts: { headers: string[]; content: string }[], boundary = BOUNDARY): Uint8Array {
  let text = "";
  for (const part of parts)
    text += `--${boundary}\r\n${part.headers.join("\r\n")}\r\n\r\n${part.content}\r\n`;
  return new TextEncoder().encode(`${text}--${boundary}--\r\n`);
}

const CONTENT_TYPE = `multipart/mixed; boundary="${BOUNDARY}"`;
const JSON_PART = (json: unknown) => ({
  headers: ["Content-Type: application/json"],
  content: JSON.stringify(json),
});
const TEXT_PART = (extra: string[] = []) => ({
  headers: [
    "Content-Type: text/plain",
    "Content-Transfer-Encoding: binary",
    `X-Experience-API-Hash: ${TEXT_SHA256}`,
    ...extra,
  ],
  content: TEXT,
});

function valid(json: unknown): Statement {
  const result = validateStatement(json, "1.0.3");
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe("parseContentType", () => {
  it("reads quoted boundaries containing separators", () => {
    expect(parseContentType(`Multipart/Mixed; boundary="a;b=c"; charset=utf-8`)).toEqual({
      type: "multipart/mixed",
      parameters: { boundary: "a;b=c", charset: "utf-8" },
    });
  });
});

describe("sha2Hex", () => {
  it("hashes with the algorithm implied by the digest length", async () => {
    const data = new TextEncoder().encode(TEXT);
    expect(await sha2Hex(data, 64)).toBe(TEXT_SHA256);
    expect(await sha2Hex(data, 128)).toHaveLength(128);
    expect(await sha2Hex(data, 56)).toBeNull();
  });
});

describe("parseMultipart", () => {
  it("keeps binary bodies byte-exact, including CR/LF inside them", () => {
    const binary = "\r\n\u0000--not-the-boundary\r\n";
    const result = parseMultipart(
      body([{ headers: ["Content-Type: application/octet-stream"], content: binary }]),
      CONTENT_TYPE,
    );
    expect(result.ok && new TextDecoder().decode(result.value[0]?.body)).toBe(binary);
  });

  it("rejects a non-multipart type, a missing boundary, and a body without the boundary", () => {
    expect(parseMultipart(new Uint8Array(), "application/json")).toMatchObject({
      ok: false,
      error: { code: "not-multipart" },
    });
    expect(parseMultipart(new Uint8Array(), "multipart/mixed")).toMatchObject({
      ok: false,
      error: { code: "malformed" },
    });
    const other = body([JSON_PART({})], "other-boundary");
    expect(parseMultipart(other, CONTENT_TYPE)).toMatchObject({ ok: false, error: { code: "malformed" } });
  });

  it("rejects a body without its closing boundary", () => {
    const open = new TextEncoder().encode(`--${BOUNDARY}\r\nContent-Type: application/json\r\n\r\n{}\r\n`);
    expect(parseMultipart(open, CONTENT_TYPE)).toMatchObject({
      ok: false,
      error: { message: "the body ends without the closing boundary" },
    });
  });
});

describe("parseStatementRequest", () => {
  it("returns the statement JSON and the attachment parts by hash", () => {
    const result = parseStatementRequest(
      body([JSON_PART(statementWith([ATTACHMENT])), TEXT_PART()]),
      CONTENT_TYPE,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.statements).toMatchObject({
      verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
    });
    expect(result.value.attachments).toMatchObject([{ hash: TEXT_SHA256, contentType: "text/plain" }]);
  });

  it("requires the first part to be application/json with valid JSON", () => {
    const textFirst = body([{ headers: ["Content-Type: text/plain"], content: "{}" }]);
    expect(parseStatementRequest(textFirst, CONTENT_TYPE)).toMatchObject({
      ok: false,
      error: { code: "statement-part" },
    });
    const broken = body([{ headers: ["Content-Type: application/json"], content: "{'a':1}" }]);
    expect(parseStatementRequest(broken, CONTENT_TYPE)).toMatchObject({
      ok: false,
      error: { code: "statement-part" },
    });
  });

  it("requires X-Experience-API-Hash and a binary (or absent) Content-Transfer-Encoding on attachment parts", () => {
    const noHash = { headers: ["Content-Type: text/plain"], content: TEXT };
    expect(parseStatementRequest(body([JSON_PART({}), noHash]), CONTENT_TYPE)).toMatchObject({
      ok: false,
      error: { code: "attachment-part", message: "part 2 has no X-Experience-API-Hash header" },
    });
    const base64 = {
      headers: ["Content-Transfer-Encoding: base64", `X-Experience-API-Hash: ${TEXT_SHA256}`],
      content: TEXT,
    };
    expect(parseStatementRequest(body([JSON_PART({}), base64]), CONTENT_TYPE)).toMatchObject({
      ok: false,
      error: { code: "attachment-part" },
    });
    const implicit = { headers: [`X-Experience-API-Hash: ${TEXT_SHA256}`], content: TEXT };
    expect(parseStatementRequest(body([JSON_PART({}), implicit]), CONTENT_TYPE).ok).toBe(true);
  });
});

describe("matchAttachmentParts", () => {
  const parts = (extra: { hash: string; content: string }[] = []) => [
    { hash: TEXT_SHA256, contentType: "text/plain", body: new TextEncoder().encode(TEXT) },
    ...extra.map((p) => ({
      hash: p.hash,
      contentType: "text/plain",
      body: new TextEncoder().encode(p.content),
    })),
  ];

  it("accepts parts that match declared attachments", async () => {
    const result = await matchAttachmentParts([valid(statementWith([ATTACHMENT]))], parts());
    expect(result.ok && [...result.value.keys()]).toEqual([TEXT_SHA256]);
  });

  it("rejects a part whose content does not match its hash", async () => {
    const tampered = [
      { hash: TEXT_SHA256, contentType: "text/plain", body: new TextEncoder().encode("something else") },
    ];
    expect(await matchAttachmentParts([valid(statementWith([ATTACHMENT]))], tampered)).toEqual({
      ok: false,
      errors: [
        {
          path: "part 2",
          code: "hash_mismatch",
          message: "the content does not match its X-Experience-API-Hash",
        },
      ],
    });
  });

  it("rejects excess parts and attachments with neither part nor fileUrl", async () => {
    const extraText = "one more";
    const extraHash = (await sha2Hex(new TextEncoder().encode(extraText), 64)) as string;
    expect(
      await matchAttachmentParts(
        [valid(statementWith([ATTACHMENT]))],
        parts([{ hash: extraHash, content: extraText }]),
      ),
    ).toEqual({
      ok: false,
      errors: [{ path: "part 3", code: "unexpected_part", message: "is not an attachment of any statement" }],
    });
    expect(await matchAttachmentParts([valid(statementWith([ATTACHMENT]))], [])).toMatchObject({
      ok: false,
      errors: [{ path: "$[0].attachments[0]" }],
    });
  });

  it("accepts attachments that only have a fileUrl, and statements without attachments", async () => {
    const remote = { ...ATTACHMENT, fileUrl: "https://files.example.com/a.txt" };
    expect((await matchAttachmentParts([valid(statementWith([remote]))], [])).ok).toBe(true);
    expect((await matchAttachmentParts([valid(statementWith([]))], [])).ok).toBe(true);
  });
});
