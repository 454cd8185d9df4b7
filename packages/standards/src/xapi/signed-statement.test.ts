import { describe, expect, it } from "vitest";
import type { AttachmentPart } from "./multipart.js";
import { sha2Hex } from "./multipart.js";
import { parseCompactJws, subjectPublicKeyInfo, verifySignedStatement } from "./signed-statement.js";
import { validateStatement } from "./validate-statement.js";
import type { Statement } from "./types.js";

// A throwaway self-signed test certificate and its key, generated for these tests only.
const TEST_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC3uy732WQdg2El
m/odGTPl57Jkbn+sIIs704UoQZYiEg/UK1shatgwBBxzAJZjBCSFfPPsedvcjpv+
DRNhZS+IMtSGw0/bNYkKXoUhmekRm1ay7RWE0l/i9/dfADoPFLDgCHlxOoxYZg5J
RoEUjB5G53KrpTNadxwXJdoCrNcg5pauXN4D761jY5BvMemqarpllnOvr5H2csyU
6+qoeVMS6cpa8I3XSCDKY93nH1FH4KjSAMlK3JGNEQUZoW0B4udfSzYiF8W6TEL0
9xfc2aT/vgV4gUhfgtvBUSMhh6mEONq64EqqgJ0+vihjy8mJ/ca+FuFRWqaJtWvh
GbHW3e81AgMBAAECggEAJbOpNm5bWywJvA43A5AXpHqIUpATLlbKQ3dK6IEW5fxn
V54i9+dFIAtD7DxnX7+qn+LNag3ydh6kd3wm6TI6j/wAPPwor56bda+CKaw71aNW
5eX9J7GEwB4qmonBIDWaewp6IyhEwuIEVfh8BeOf1eRqFTtT36E3+C8J/skJZyRY
y6/YwueXqLGw9u3rvnOIiVhdIRYqJbxBO+Xspp6rs4XSoDKdiurzt1JPd6Ev1CqC
ivcOu1UmI1TOsvPTfcfTR3mW3zs34LocT6EpynK6b1Uew4C0pLGTEc80ABpSYHhl
wHYDs6abd4vibBKJ1dq8OEvVvKsn/DnnbzyoqlokSQKBgQDuEiqVod+5jbGuWh7j
A3Xn5gm0TOTrp81+2w7Q4dOb4E4YKoNytDwuQmZA1DSDtyE9w1ItGN7argrbnVuj
sNIvFVan8Q/JGN7r3Azj7unE00+qHp0WWNQ4mmf6+4AVjzu9qQkDokU7adS6sZDD
3qQABbqLFw32CPARBrTULbHenQKBgQDFkWLUguR/OrxV6ecrLM/Onzo8oQdcPEwE
Iox8wdlSGBreFyRSgc2KUFRACDr4ByKhJzestM7rePzcx6sv528DY7L6xDI/0aZt
otSn2y0+uBjAGyKgMGBRhzLn2U8D9EAonOhat4hikP/L27haCxwPckO7dLy2h7Ys
6XWMRvljeQKBgQDKXMC73hPIqqu8szgL6VYgn0Xib3Yq5cDkMpn+beasWdan7gM7
zf5Vp/U45+gXieOEl3FTig9sPIJYOQK7OkL+6Jl3OY4cdrqOK8b9PIiS2LefuFP4
udrynjUCfyNZsB2s0nEqGJXWsde0NdkC1U38AuKU9izU1LYTEutEa+8EdQKBgDQD
kMduJoYwioD78bZ2N8eoOAbaRjvMTB8SkXYO+w4X9oreANwP/HMbrvKkuBGwnzda
QdggShHIapodnz4faiS0TNykZq5SncRjiCUhGQpYIXwCKN2PnuwX8hkEJz9dQL7w
gGPRygBZOF8NW72pCxwt8xMZKs3LcPTmCeKClQnRAoGAD9RxqCKtiWShaiKssa6c
BRJFFcj4UwepyPQc2dlSCUzCZd+Vgs1DgTfh0/Yhl1eQ7+GXnnVH35bZCu0ST6Xj
dNVaeUJG3Ke2vStLjI2YRDWD6wE+n5XmOC94E79wOugytKf5GzawYPagRuAuSulo
QFWBoaV23GNn3iELZ5XQ2uE=
-----END PRIVATE KEY-----`;
const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDKzCCAhOgAwIBAgIUL7kRm3BUPzVU2JNLjnnzPipCh8EwDQYJKoZIhvcNAQEL
BQAwJDEiMCAGA1UEAwwZUGF0aHdpc2UgeEFQSSB0ZXN0IHNpZ25lcjAgFw0yNjEx
MjIxNTE0MjBaGA8yMTI2MTAyOTE1MTQyMFowJDEiMCAGA1UEAwwZUGF0aHdpc2Ug
eEFQSSB0ZXN0IHNpZ25lcjCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEB
ALe7LvfZZB2DYSWb+h0ZM+XnsmRuf6wgizvThShBliISD9QrWyFq2DAEHHMAlmME
JIV88+x529yOm/4NE2FlL4gy1IbDT9s1iQpehSGZ6RGbVrLtFYTSX+L3918AOg8U
sOAIeXE6jFhmDklGgRSMHkbncqulM1p3HBcl2gKs1yDmlq5c3gPvrWNjkG8x6apq
umWWc6+vkfZyzJTr6qh5UxLpylrwjddIIMpj3ecfUUfgqNIAyUrckY0RBRmhbQHi
519LNiIXxbpMQvT3F9zZpP++BXiBSF+C28FRIyGHqYQ42rrgSqqAnT6+KGPLyYn9
xr4W4VFapom1a+EZsdbd7zUCAwEAAaNTMFEwHQYDVR0OBBYEFLP/IM4uGS07ao2u
8+EXYo69UcHPMB8GA1UdIwQYMBaAFLP/IM4uGS07ao2u8+EXYo69UcHPMA8GA1Ud
EwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAKB9T4vZqxlVbXJag7AsxXf7
fEi9Cwhi1S7geW5cKEEmDiz7Vwg6E9geMi2BYSEkHHHkGKMndWjsqtJXkMGSDpmc
ywANtv3fWW7Jmjp5kI9LqQUIILfmoEf+lS8+iqSfwaaOInqj9B4pGlrx8te29lB7
MsCPf8TWaZ+Jq2ELNmvKCe0ysxnytKTI16gJcZt9W2F6MHCTBWfvjRwZlg54ZhT6
gQv/Eqvc+GuOxHq7wILC0gpxu04kU1UqHu817KtyDv6nOg+sZNu/7fX/AJeed2s2
w66ayEBoTLTnQwwxegIc/bVIo1ga43fpOzAnui31wbVoX/rg70ufNzWe4wT7lmY=
-----END CERTIFICATE-----`;

const STATEMENT = {
  id: "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  actor: { mbox: "mailto:ada@example.com" },
  verb: { id: "http://adlnet.gov/expapi/verbs/completed" },
  object: { id: "https://example.com/a" },
  result: { duration: "P1DT12H36M0.12S" },
};

const encoder = new TextEncoder();

function pemBody(pem: string): Uint8Array {
  const base64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function base64Url(bytes: Uint8Array | string): string {
  const data = typeof bytes === "string" ? encoder.encode(bytes) : bytes;
  return btoa(String.fromCharCode(...data))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function sign(payload: unknown, header: Record<string, unknown>, hash = "SHA-256"): Promise<string> {
  const key = await crypto.subtle.importKey(
    "pkcs8",
    pemBody(TEST_PRIVATE_KEY),
    { name: "RSASSA-PKCS1-v1_5", hash },
    false,
    ["sign"],
  );
  const input = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(payload))}`;
  const signature = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, encoder.encode(input)));
  return `${input}.${base64Url(signature)}`;
}

/** The statement as received with its signature attachment, and the request's parts by hash. */
async function signedRequest(
  jws: string,
  overrides: Record<string, unknown> = {},
  statement: Record<string, unknown> = STATEMENT,
) {
  const body = encoder.encode(jws);
  const sha2 = (await sha2Hex(body, 64)) as string;
  const attachment = {
    usageType: "http://adlnet.gov/expapi/attachments/signature",
    display: { "en-US": "Signed" },
    contentType: "application/octet-stream",
    length: body.length,
    sha2,
    ...overrides,
  };
  const validated = validateStatement({ ...statement, attachments: [attachment] }, "2.0.0");
  if (!validated.ok) throw new Error(JSON.stringify(validated.errors));
  const parts = new Map<string, AttachmentPart>([
    [sha2, { hash: sha2, contentType: "application/octet-stream", body }],
  ]);
  return { statement: validated.value as Statement, parts };
}

const x5c = [TEST_CERTIFICATE.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "")];

describe("parseCompactJws", () => {
  it("decodes header and payload and rejects anything else", () => {
    const jws = `${base64Url('{"alg":"RS256"}')}.${base64Url('{"a":1}')}.${base64Url("sig")}`;
    expect(parseCompactJws(jws)).toMatchObject({ header: { alg: "RS256" }, payload: { a: 1 } });
    expect(parseCompactJws("a.b")).toBeNull();
    expect(
      parseCompactJws(`${base64Url('{"alg":"RS256"}')}.${base64Url("{'a':1}")}.${base64Url("sig")}`),
    ).toBeNull();
    expect(parseCompactJws(`${base64Url("[1]")}.${base64Url("{}")}.x`)).toBeNull();
  });
});

describe("subjectPublicKeyInfo", () => {
  it("extracts an importable RSA public key from a certificate", async () => {
    const spki = subjectPublicKeyInfo(pemBody(TEST_CERTIFICATE));
    expect(spki).not.toBeNull();
    const key = await crypto.subtle.importKey(
      "spki",
      spki as Uint8Array,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      true,
      ["verify"],
    );
    expect(key.type).toBe("public");
    expect(subjectPublicKeyInfo(new Uint8Array([0x30, 0x05, 1, 2]))).toBeNull();
  });
});

describe("verifySignedStatement", () => {
  it("passes statements without a signature", async () => {
    const validated = validateStatement(STATEMENT, "2.0.0");
    if (!validated.ok) throw new Error("fixture invalid");
    expect(await verifySignedStatement(validated.value, new Map(), "2.0.0")).toEqual({
      ok: true,
      value: null,
    });
  });

  it("accepts RS256, RS384 and RS512 signatures whose payload matches, verifying x5c when present", async () => {
    for (const [alg, hash] of [
      ["RS256", "SHA-256"],
      ["RS384", "SHA-384"],
      ["RS512", "SHA-512"],
    ] as const) {
      const { statement, parts } = await signedRequest(await sign(STATEMENT, { alg, x5c }, hash));
      expect(await verifySignedStatement(statement, parts, "2.0.0")).toEqual({
        ok: true,
        value: { algorithm: alg, verifiedWith: "x5c" },
      });
    }
    const { statement, parts } = await signedRequest(await sign(STATEMENT, { alg: "RS256" }));
    expect(await verifySignedStatement(statement, parts, "2.0.0")).toEqual({
      ok: true,
      value: { algorithm: "RS256", verifiedWith: null },
    });
  });

  it("compares durations only to the hundredth of a second", async () => {
    const precise = { ...STATEMENT, result: { duration: "P1DT12H36M0.1237S" } };
    const { statement, parts } = await signedRequest(await sign(STATEMENT, { alg: "RS256" }), {}, precise);
    expect((await verifySignedStatement(statement, parts, "2.0.0")).ok).toBe(true);
  });

  it("rejects another algorithm, a wrong content type, a broken JWS and a payload that differs", async () => {
    const hs = await signedRequest(
      `${base64Url('{"alg":"HS256"}')}.${base64Url(JSON.stringify(STATEMENT))}.${base64Url("mac")}`,
    );
    expect(await verifySignedStatement(hs.statement, hs.parts, "2.0.0")).toMatchObject({
      ok: false,
      errors: [{ path: "$.attachments[0]" }],
    });

    const text = await signedRequest(await sign(STATEMENT, { alg: "RS256" }), {
      contentType: "text/plain; charset=ascii",
    });
    expect(await verifySignedStatement(text.statement, text.parts, "2.0.0")).toMatchObject({
      ok: false,
      errors: [{ path: "$.attachments[0].contentType" }],
    });

    const broken = await signedRequest((await sign(STATEMENT, { alg: "RS256" })).replace(".", ".x"));
    expect(await verifySignedStatement(broken.statement, broken.parts, "2.0.0")).toMatchObject({ ok: false });

    const other = { ...STATEMENT, verb: { id: "http://adlnet.gov/expapi/verbs/failed" } };
    const differs = await signedRequest(await sign(other, { alg: "RS256" }));
    expect(await verifySignedStatement(differs.statement, differs.parts, "2.0.0")).toEqual({
      ok: false,
      errors: [
        {
          path: "$.attachments[0]",
          code: "signature_payload_mismatch",
          message: "the JWS payload does not match the statement",
        },
      ],
    });
  });

  it("rejects a signature that does not verify against its x5c certificate", async () => {
    const jws = await sign(STATEMENT, { alg: "RS256", x5c });
    const [header, payload] = jws.split(".");
    const forged = `${header}.${payload}.${base64Url(new Uint8Array(256))}`;
    const { statement, parts } = await signedRequest(forged);
    expect(await verifySignedStatement(statement, parts, "2.0.0")).toEqual({
      ok: false,
      errors: [
        {
          path: "$.attachments[0]",
          code: "signature_not_verified",
          message: "the signature does not verify against the certificate in the JWS header",
        },
      ],
    });
  });

  it("rejects a signature attachment with no part", async () => {
    const { statement } = await signedRequest(await sign(STATEMENT, { alg: "RS256" }));
    expect(await verifySignedStatement(statement, new Map(), "2.0.0", "$[4]")).toMatchObject({
      ok: false,
      errors: [{ path: "$[4].attachments[0]" }],
    });
  });
});
