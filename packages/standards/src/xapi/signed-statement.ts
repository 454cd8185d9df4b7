/**
 * Signed statements (Data 2.6): a statement carrying a JWS (RFC 7515, compact serialisation) as an
 * attachment with usageType `http://adlnet.gov/expapi/attachments/signature`. The LRS must reject
 * malformed signatures: wrong contentType, unreadable JWS, an algorithm other than RS256/384/512, or
 * a payload that is not the statement (compared per Data 2.3.1). When the JWS header carries an
 * X.509 certificate (`x5c`) the signature is verified against that certificate's public key with
 * Web Crypto. The certificate chain is not validated and signatures without `x5c` are not
 * cryptographically verified: the spec makes the certificate check a way to catch mistakes, not an
 * authentication step (Data 2.6.s5 note).
 */
import type { AttachmentPart } from "./multipart.js";
import { statementsEquivalent } from "./statement-equivalence.js";
import { SIGNATURE_USAGE_TYPE, type Statement, type XapiValidationError, type XapiVersion } from "./types.js";
import { validateStatement } from "./validate-statement.js";

export type JwsAlgorithm = "RS256" | "RS384" | "RS512";

const HASH_OF: Record<JwsAlgorithm, string> = { RS256: "SHA-256", RS384: "SHA-384", RS512: "SHA-512" };

export interface CompactJws {
  header: Record<string, unknown>;
  payload: unknown;
  /** `base64url(header) "." base64url(payload)` as bytes: what the signature signs. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Parses a JWS in compact serialisation whose payload is JSON; null when it is not one. */
export function parseCompactJws(text: string): CompactJws | null {
  const segments = text.trim().split(".");
  if (segments.length !== 3) return null;
  const [headerText, payloadText, signatureText] = segments as [string, string, string];
  const header = decodeJson(headerText);
  const payload = decodeJson(payloadText);
  const signature = base64UrlDecode(signatureText);
  if (!isRecord(header) || payload === undefined || !signature) return null;
  return {
    header,
    payload,
    signingInput: new TextEncoder().encode(`${headerText}.${payloadText}`),
    signature,
  };
}

export interface SignatureCheck {
  algorithm: JwsAlgorithm;
  /** "x5c" when the signature was verified against the certificate in the JWS header, else null. */
  verifiedWith: "x5c" | null;
}

/**
 * Checks the signature of one validated statement, given the request's attachment parts by hash.
 * Resolves to `{ ok: true, value: null }` for an unsigned statement. `path` prefixes error paths
 * (use `$[i]` in a batch).
 */
export async function verifySignedStatement(
  statement: Statement,
  parts: ReadonlyMap<string, AttachmentPart>,
  version: XapiVersion,
  path = "$",
): Promise<{ ok: true; value: SignatureCheck | null } | { ok: false; errors: XapiValidationError[] }> {
  const signatures = (statement.attachments ?? [])
    .map((attachment, index) => ({ attachment, path: `${path}.attachments[${index}]` }))
    .filter(({ attachment }) => attachment.usageType === SIGNATURE_USAGE_TYPE);
  if (signatures.length === 0) return { ok: true, value: null };
  const reject = (at: string, code: string, message: string) => ({
    ok: false as const,
    errors: [{ path: at, code, message }],
  });
  if (signatures.length > 1)
    return reject(`${path}.attachments`, "multiple_signatures", "a statement carries at most one signature");
  const { attachment, path: attachmentPath } = signatures[0] as (typeof signatures)[number];
  if (attachment.contentType.split(";")[0]?.trim().toLowerCase() !== "application/octet-stream") {
    return reject(
      `${attachmentPath}.contentType`,
      "signature_content_type",
      "a signature attachment must be application/octet-stream",
    );
  }
  const part = parts.get(attachment.sha2.toLowerCase());
  if (!part)
    return reject(attachmentPath, "signature_part_missing", "the signature must be sent as a multipart part");
  const jws = parseCompactJws(new TextDecoder().decode(part.body));
  if (!jws)
    return reject(
      attachmentPath,
      "malformed_jws",
      "the signature is not a JWS in compact serialisation with a JSON payload",
    );
  const algorithm = jws.header.alg;
  if (algorithm !== "RS256" && algorithm !== "RS384" && algorithm !== "RS512") {
    return reject(
      attachmentPath,
      "signature_algorithm",
      `the JWS algorithm must be RS256, RS384 or RS512, not ${JSON.stringify(algorithm)}`,
    );
  }
  const signed = validateStatement(jws.payload, version);
  if (!signed.ok)
    return reject(attachmentPath, "invalid_signed_payload", "the JWS payload is not a valid statement");
  // Attachments, the signature included, are not part of the compared statement (Data 2.3.1.b6).
  if (!statementsEquivalent(statement, signed.value)) {
    return reject(
      attachmentPath,
      "signature_payload_mismatch",
      "the JWS payload does not match the statement",
    );
  }
  const x5c = jws.header.x5c;
  if (x5c === undefined) return { ok: true, value: { algorithm, verifiedWith: null } };
  const certificate = Array.isArray(x5c) && typeof x5c[0] === "string" ? base64Decode(x5c[0]) : null;
  const publicKeyInfo = certificate ? subjectPublicKeyInfo(certificate) : null;
  if (!publicKeyInfo)
    return reject(
      attachmentPath,
      "unreadable_certificate",
      "the JWS x5c header does not hold a readable X.509 certificate",
    );
  if (!(await verifyRsaSignature(publicKeyInfo, algorithm, jws))) {
    return reject(
      attachmentPath,
      "signature_not_verified",
      "the signature does not verify against the certificate in the JWS header",
    );
  }
  return { ok: true, value: { algorithm, verifiedWith: "x5c" } };
}

async function verifyRsaSignature(
  spki: Uint8Array,
  algorithm: JwsAlgorithm,
  jws: CompactJws,
): Promise<boolean> {
  try {
    const key = await globalThis.crypto.subtle.importKey(
      "spki",
      spki,
      { name: "RSASSA-PKCS1-v1_5", hash: HASH_OF[algorithm] },
      false,
      ["verify"],
    );
    return await globalThis.crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, jws.signature, jws.signingInput);
  } catch {
    return false;
  }
}

/**
 * The DER SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1): the seventh field of
 * tbsCertificate, counting the optional explicit version. Null when the DER is not shaped so.
 */
export function subjectPublicKeyInfo(certificate: Uint8Array): Uint8Array | null {
  const cert = readDer(certificate, 0);
  if (!cert || cert.tag !== SEQUENCE) return null;
  const tbs = readDer(certificate, cert.contentStart);
  if (!tbs || tbs.tag !== SEQUENCE) return null;
  let field = readDer(certificate, tbs.contentStart);
  if (field?.tag === EXPLICIT_VERSION) field = readDer(certificate, field.end);
  // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo.
  for (let skip = 0; skip < 5 && field; skip += 1) field = readDer(certificate, field.end);
  if (!field || field.tag !== SEQUENCE || field.end > tbs.end) return null;
  return certificate.subarray(field.start, field.end);
}

const SEQUENCE = 0x30;
const EXPLICIT_VERSION = 0xa0;

function readDer(
  bytes: Uint8Array,
  start: number,
): { tag: number; start: number; contentStart: number; end: number } | null {
  const tag = bytes[start];
  const first = bytes[start + 1];
  if (tag === undefined || first === undefined) return null;
  let length = first;
  let contentStart = start + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) return null;
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const byte = bytes[contentStart + i];
      if (byte === undefined) return null;
      length = length * 256 + byte;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  return end <= bytes.length ? { tag, start, contentStart, end } : null;
}

function decodeJson(segment: string): unknown {
  const bytes = base64UrlDecode(segment);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function base64UrlDecode(segment: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  return base64Decode(segment.replace(/-/g, "+").replace(/_/g, "/"));
}

function base64Decode(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const binary = atob(clean + "=".repeat((4 - (clean.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
