/**
 * Statement requests with attachments (Communication 1.5.2): a `multipart/mixed` body whose first
 * part is the statement JSON and whose other parts are raw attachment data, each named by its
 * `X-Experience-API-Hash`. Parsing is byte-exact (attachments are binary); hashing uses the Web
 * Crypto API (`globalThis.crypto.subtle`) so the package stays portable.
 */
import type { Attachment, Statement, XapiValidationError } from "./types.js";

export interface MultipartPart {
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface AttachmentPart {
  /** The part's `X-Experience-API-Hash`, lower-cased. */
  hash: string;
  contentType: string | undefined;
  body: Uint8Array;
}

export interface StatementRequestParts {
  /** The parsed JSON of the first part: one statement or an array (validate it next). */
  statements: unknown;
  attachments: AttachmentPart[];
}

export interface MultipartError {
  code: "not-multipart" | "malformed" | "statement-part" | "attachment-part";
  message: string;
}

export type MultipartResult<T> = { ok: true; value: T } | { ok: false; error: MultipartError };

/** Splits an RFC 2046 multipart body into parts. `contentType` is the request's Content-Type header. */
export function parseMultipart(body: Uint8Array, contentType: string): MultipartResult<MultipartPart[]> {
  const media = parseContentType(contentType);
  if (!media.type.startsWith("multipart/")) {
    return fail("not-multipart", `Content-Type must be multipart/mixed, got "${media.type || contentType}"`);
  }
  const boundary = media.parameters.boundary;
  if (!boundary) return fail("malformed", "the multipart Content-Type has no boundary parameter");
  const delimiter = ascii(`--${boundary}`);
  const parts: MultipartPart[] = [];
  // The first delimiter may start the body; later ones are preceded by CRLF (RFC 2046 §5.1.1).
  let position = indexOf(body, delimiter, 0);
  if (position < 0 || (position > 0 && !isPrecededByLineBreak(body, position))) {
    return fail("malformed", "the body does not contain the boundary declared in Content-Type");
  }
  for (;;) {
    let cursor = position + delimiter.length;
    if (body[cursor] === DASH && body[cursor + 1] === DASH) break; // close delimiter
    cursor = skipLinearWhitespace(body, cursor);
    if (body[cursor] !== CR || body[cursor + 1] !== LF)
      return fail("malformed", "a boundary line must end with CRLF");
    cursor += 2;
    const next = findDelimiter(body, delimiter, cursor);
    if (next < 0) return fail("malformed", "the body ends without the closing boundary");
    const part = parsePart(body.subarray(cursor, next - 2));
    if (!part) return fail("malformed", `part ${parts.length + 1} has malformed headers`);
    parts.push(part);
    position = next;
  }
  if (parts.length === 0) return fail("malformed", "the multipart body has no parts");
  return { ok: true, value: parts };
}

/**
 * Reads a statements PUT/POST sent as multipart/mixed: the first part must be `application/json`
 * holding the statement(s); every other part needs an `X-Experience-API-Hash` and, if it declares a
 * Content-Transfer-Encoding, that must be `binary` (Communication 1.5.2.s2.b2, s3.b6).
 */
export function parseStatementRequest(
  body: Uint8Array,
  contentType: string,
): MultipartResult<StatementRequestParts> {
  const parsed = parseMultipart(body, contentType);
  if (!parsed.ok) return parsed;
  const [first, ...rest] = parsed.value;
  if (!first) return fail("malformed", "the multipart body has no parts");
  const firstType = parseContentType(first.headers["content-type"] ?? "").type;
  if (firstType !== "application/json") {
    return fail(
      "statement-part",
      `the first part must have Content-Type application/json, got "${firstType || "none"}"`,
    );
  }
  let statements: unknown;
  try {
    statements = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(first.body));
  } catch {
    return fail("statement-part", "the first part is not valid UTF-8 JSON");
  }
  const attachments: AttachmentPart[] = [];
  for (const [index, part] of rest.entries()) {
    const label = `part ${index + 2}`;
    const hash = part.headers["x-experience-api-hash"]?.trim();
    if (!hash) return fail("attachment-part", `${label} has no X-Experience-API-Hash header`);
    const encoding = part.headers["content-transfer-encoding"]?.trim().toLowerCase();
    if (encoding !== undefined && encoding !== "binary") {
      return fail(
        "attachment-part",
        `${label} has Content-Transfer-Encoding "${encoding}"; only binary is allowed`,
      );
    }
    attachments.push({
      hash: hash.toLowerCase(),
      contentType: part.headers["content-type"],
      body: part.body,
    });
  }
  return { ok: true, value: { statements, attachments } };
}

/**
 * Checks the attachment parts against the (validated) statements: each part's content must hash to
 * its X-Experience-API-Hash, each part must belong to an attachment of some statement, and each
 * attachment without a `fileUrl` must have a part (Communication 1.5.2.s3.b5). Returns the parts by
 * hash on success. SHA-224 parts cannot be verified with Web Crypto and are rejected.
 */
export async function matchAttachmentParts(
  statements: readonly Statement[],
  parts: readonly AttachmentPart[],
): Promise<{ ok: true; value: Map<string, AttachmentPart> } | { ok: false; errors: XapiValidationError[] }> {
  const errors: XapiValidationError[] = [];
  const byHash = new Map<string, AttachmentPart>();
  for (const [index, part] of parts.entries()) {
    const label = `part ${index + 2}`;
    const actual = await sha2Hex(part.body, part.hash.length);
    if (actual === null)
      errors.push({
        path: label,
        code: "unsupported_hash",
        message: "X-Experience-API-Hash must be a SHA-256, SHA-384 or SHA-512 hex digest",
      });
    else if (actual !== part.hash)
      errors.push({
        path: label,
        code: "hash_mismatch",
        message: "the content does not match its X-Experience-API-Hash",
      });
    else byHash.set(part.hash, part);
  }
  const declared = new Set<string>();
  statements.forEach((statement, index) => {
    for (const { attachment, path } of attachmentsOf(statement, `$[${index}]`)) {
      const sha2 = attachment.sha2.toLowerCase();
      declared.add(sha2);
      if (attachment.fileUrl === undefined && !parts.some((part) => part.hash === sha2)) {
        errors.push({
          path,
          code: "attachment_data_missing",
          message: "has no fileUrl and no multipart part with its sha2",
        });
      }
    }
  });
  parts.forEach((part, index) => {
    if (!declared.has(part.hash))
      errors.push({
        path: `part ${index + 2}`,
        code: "unexpected_part",
        message: "is not an attachment of any statement",
      });
  });
  return errors.length === 0 ? { ok: true, value: byHash } : { ok: false, errors };
}

/** A statement's attachments and its SubStatement's, with their paths. */
export function attachmentsOf(statement: Statement, path = "$"): { attachment: Attachment; path: string }[] {
  const own = (statement.attachments ?? []).map((attachment, i) => ({
    attachment,
    path: `${path}.attachments[${i}]`,
  }));
  const object = statement.object;
  if (object.objectType !== "SubStatement") return own;
  const nested = (object.attachments ?? []).map((attachment, i) => ({
    attachment,
    path: `${path}.object.attachments[${i}]`,
  }));
  return [...own, ...nested];
}

const DIGEST_BY_HEX_LENGTH: Record<number, string> = { 64: "SHA-256", 96: "SHA-384", 128: "SHA-512" };

/** Hex SHA-2 digest of `data` with the algorithm a hex digest of `hexLength` characters implies. */
export async function sha2Hex(data: Uint8Array, hexLength: number): Promise<string | null> {
  const algorithm = DIGEST_BY_HEX_LENGTH[hexLength];
  if (!algorithm) return null;
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** `multipart/mixed; boundary="x"` → type and lower-cased parameter names (quoted values unquoted). */
export function parseContentType(header: string): { type: string; parameters: Record<string, string> } {
  const [type = "", ...rest] = splitParameters(header);
  const parameters: Record<string, string> = {};
  for (const parameter of rest) {
    const equals = parameter.indexOf("=");
    if (equals < 0) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase();
    let value = parameter.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1).replace(/\\(.)/g, "$1");
    parameters[name] = value;
  }
  return { type: type.trim().toLowerCase(), parameters };
}

function splitParameters(header: string): string[] {
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < header.length; i += 1) {
    const char = header[i] as string;
    if (char === '"' && header[i - 1] !== "\\") quoted = !quoted;
    if (char === ";" && !quoted) {
      pieces.push(current);
      current = "";
    } else current += char;
  }
  pieces.push(current);
  return pieces;
}

const CR = 13;
const LF = 10;
const DASH = 45;

function parsePart(bytes: Uint8Array): MultipartPart | null {
  // Headers end at the first empty line; a part may also have no headers at all.
  const separator = bytes[0] === CR && bytes[1] === LF ? 0 : indexOf(bytes, ascii("\r\n\r\n"), 0);
  if (separator < 0) return null;
  const headerText = new TextDecoder().decode(bytes.subarray(0, separator));
  const bodyStart = separator === 0 ? 2 : separator + 4;
  const headers: Record<string, string> = {};
  for (const line of headerText.split("\r\n").filter((l) => l !== "")) {
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: bytes.subarray(bodyStart) };
}

/** Next `CRLF--boundary` at or after `from`; returns the index of the dashes. */
function findDelimiter(body: Uint8Array, delimiter: Uint8Array, from: number): number {
  let at = indexOf(body, delimiter, from);
  while (at >= 0 && !isPrecededByLineBreak(body, at)) at = indexOf(body, delimiter, at + 1);
  return at;
}

function isPrecededByLineBreak(body: Uint8Array, at: number): boolean {
  return at >= 2 && body[at - 2] === CR && body[at - 1] === LF;
}

function skipLinearWhitespace(body: Uint8Array, at: number): number {
  let cursor = at;
  while (body[cursor] === 32 || body[cursor] === 9) cursor += 1;
  return cursor;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (
    let i = haystack.indexOf(first as number, from);
    i >= 0 && i <= haystack.length - needle.length;
    i = haystack.indexOf(first as number, i + 1)
  ) {
    for (let j = 1; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function fail(code: MultipartError["code"], message: string): { ok: false; error: MultipartError } {
  return { ok: false, error: { code, message } };
}
