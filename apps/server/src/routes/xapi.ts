/**
 * The Learning Record Store at /xapi (xAPI 2.0 and 1.0.3, chosen by X-Experience-API-Version):
 * About, Statements, State, Activity Profile, Agent Profile, Agents and Activities. Not part of
 * API v1: its shapes are the xAPI specification's, it authenticates LRS clients with HTTP Basic
 * credentials an admin issued, and it is not in the OpenAPI document. Routes parse HTTP and call
 * one use-case each.
 */
import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import type { BlankSchema } from "hono/types";
import {
  AppError,
  authenticateLrsRequest,
  deleteDocuments,
  documentAddress,
  getActivity,
  getDocument,
  getPerson,
  listDocumentIds,
  queryStatements,
  saveDocument,
  storeStatements,
  type LrsCtx,
  type Runtime,
  type StatementAttachmentContent,
  type XapiDocumentKind,
  negotiateXapiVersion,
  parseXapiAcceptLanguage,
  parseXapiStatementRequest,
  XAPI_SUPPORTED_VERSIONS,
  XAPI_VERSION_HEADER,
  type XapiVersion,
} from "@pathwise/core";
import { handleError } from "../http/errors.js";

interface LrsEnv {
  Variables: { version: XapiVersion };
}

const parametersOf = (c: Context): [string, string][] => [...new URL(c.req.url).searchParams.entries()];

async function lrsContext(c: Context<LrsEnv>, runtime: Runtime): Promise<LrsCtx> {
  const caller = await authenticateLrsRequest(
    runtime.database.db,
    c.req.header("authorization"),
    runtime.now,
  );
  return { db: runtime.database.db, ...caller, now: runtime.now, version: c.get("version") };
}

function badRequest(message: string, path = "body"): AppError {
  return new AppError("validation_failed", message, [{ path, message }]);
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
}

/** The statement(s) and attachment parts of a POST or PUT, whether JSON or multipart/mixed. */
async function statementRequest(c: Context) {
  const contentType = c.req.header("content-type") ?? "";
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (/^multipart\/mixed/i.test(contentType.trim())) {
    const parsed = parseXapiStatementRequest(bytes, contentType);
    if (!parsed.ok) throw badRequest(parsed.error.message);
    return { body: parsed.value.statements, attachments: parsed.value.attachments };
  }
  if (!/^application\/json/i.test(contentType.trim())) {
    throw badRequest(
      "Send statements as application/json, or multipart/mixed with attachments.",
      "header.content-type",
    );
  }
  return { body: parseJson(bytes), attachments: [] };
}

/** A multipart/mixed answer: the JSON first, then each attachment's raw content (Communication 1.5.2). */
function multipartAnswer(c: Context, json: unknown, attachments: StatementAttachmentContent[]): Response {
  const boundary = `xapi-${randomUUID()}`;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [
    encoder.encode(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`),
  ];
  for (const attachment of attachments) {
    chunks.push(
      encoder.encode(
        `--${boundary}\r\nContent-Type: ${attachment.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${attachment.sha2}\r\n\r\n`,
      ),
      attachment.content,
      encoder.encode("\r\n"),
    );
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return c.body(body, 200, { "content-type": `multipart/mixed; boundary=${boundary}` });
}

function preconditions(c: Context) {
  return { ifMatch: c.req.header("if-match"), ifNoneMatch: c.req.header("if-none-match") };
}

/** GET/PUT/POST/DELETE of one document resource. */
function documentRoutes(
  app: Hono<LrsEnv, BlankSchema, typeof XAPI_PREFIX>,
  path: string,
  kind: XapiDocumentKind,
  runtime: Runtime,
) {
  app.get(path, async (c) => {
    const ctx = await lrsContext(c, runtime);
    const address = documentAddress(ctx, kind, parametersOf(c), { requireId: false, allowSince: true });
    if (address.documentId === null) return c.json(await listDocumentIds(ctx, kind, address));
    if (address.since !== null) throw badRequest("since is only for listing document ids.", "since");
    const document = await getDocument(ctx, kind, address);
    return c.body(document.content as Uint8Array<ArrayBuffer>, 200, {
      "content-type": document.contentType,
      etag: `"${document.etag}"`,
      "last-modified": document.updated.toUTCString(),
    });
  });
  const save = (merge: boolean) => async (c: Context<LrsEnv>) => {
    const ctx = await lrsContext(c, runtime);
    const address = documentAddress(ctx, kind, parametersOf(c), { requireId: true, allowSince: false });
    const content = new Uint8Array(await c.req.arrayBuffer());
    const contentType = c.req.header("content-type") ?? "application/octet-stream";
    const etag = await saveDocument(ctx, kind, address, { contentType, content, merge }, preconditions(c));
    c.header("etag", `"${etag}"`);
    return c.body(null, 204);
  };
  app.put(path, save(false));
  app.post(path, save(true));
  app.delete(path, async (c) => {
    const ctx = await lrsContext(c, runtime);
    const address = documentAddress(ctx, kind, parametersOf(c), {
      requireId: kind !== "state",
      allowSince: false,
    });
    await deleteDocuments(ctx, kind, address, preconditions(c));
    return c.body(null, 204);
  });
}

/** Form fields of the alternate request syntax that are headers (Communication 1.3.s3.b7). */
const FORM_HEADERS = new Set([
  "authorization",
  "x-experience-api-version",
  "content-type",
  "content-length",
  "if-match",
  "if-none-match",
]);

/**
 * xAPI 1.0.3's alternate request syntax (Communication 1.3): a POST with `?method=GET|PUT|…` whose
 * form body carries the headers, the parameters and the `content` of the request meant. It is
 * rebuilt as that request and answered by the same routes. xAPI 2.0 dropped it.
 */
async function alternateRequest(c: Context): Promise<Request> {
  const url = new URL(c.req.url);
  const method = url.searchParams.get("method")!.toUpperCase();
  const refuse = (message: string) => badRequest(message, "query.method");
  if (c.req.method !== "POST") throw refuse("The alternate request syntax must be sent as a POST.");
  if ([...url.searchParams.keys()].some((name) => name !== "method"))
    throw refuse("With the alternate request syntax, every parameter goes in the form body.");
  if (!["GET", "PUT", "POST", "DELETE", "HEAD"].includes(method))
    throw refuse(`${method} is not an xAPI method.`);
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header("content-type") ?? ""))
    throw refuse("The alternate request syntax needs an application/x-www-form-urlencoded body.");
  const form = new URLSearchParams(await c.req.text());
  const headers = new Headers();
  for (const name of ["authorization", "x-experience-api-version", "accept-language"]) {
    const value = c.req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  const target = new URL(url.pathname, url.origin);
  let content: string | null = null;
  for (const [name, value] of form) {
    if (FORM_HEADERS.has(name.toLowerCase())) {
      if (name.toLowerCase() !== "content-length") headers.set(name, value);
    } else if (name === "content") content = value;
    else target.searchParams.append(name, value);
  }
  const version = negotiateXapiVersion(headers.get(XAPI_VERSION_HEADER));
  if (version.ok && version.version !== "1.0.3")
    throw refuse("The alternate request syntax is not part of xAPI 2.0; send the request itself.");
  if (content !== null && !headers.has("content-type")) headers.set("content-type", "application/json");
  const hasBody = content !== null && method !== "GET" && method !== "HEAD";
  return new Request(target, { method, headers, body: hasBody ? content : null });
}

/** Where the LRS is mounted; its routes carry the prefix so a rebuilt request can be dispatched again. */
export const XAPI_PREFIX = "/xapi";

export function xapiRoutes(runtime: Runtime) {
  const app = new Hono<LrsEnv>().basePath(XAPI_PREFIX);

  // Browser clients (a cmi5 AU served from elsewhere) call the LRS with Basic credentials, never
  // cookies, so any origin may; preflights are answered before the version check.
  app.use(
    "*",
    cors({
      origin: "*",
      allowMethods: ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"],
      allowHeaders: [
        "Authorization",
        "Content-Type",
        XAPI_VERSION_HEADER,
        "If-Match",
        "If-None-Match",
        "Accept-Language",
      ],
      exposeHeaders: ["ETag", "Last-Modified", XAPI_VERSION_HEADER, "X-Experience-API-Consistent-Through"],
    }),
  );

  app.use("*", async (c, next) => {
    if (!new URL(c.req.url).searchParams.has("method")) return next();
    c.header(XAPI_VERSION_HEADER, "1.0.3");
    return app.fetch(await alternateRequest(c), c.env);
  });

  // Every answer carries the version it was served by; every request but About must name one.
  // A request without the header reads as one from before xAPI had it (0.9, which this LRS does
  // not serve): refused (400) and answered as such, `0.9` — the answer both the 1.0.3 and the 2.0
  // conformance suites accept (XAPI-00331), where naming either current version fails the other.
  app.use("*", async (c, next) => {
    const negotiated = negotiateXapiVersion(c.req.header(XAPI_VERSION_HEADER));
    const isAbout = c.req.path.replace(/\/+$/, "").endsWith("/about");
    c.set("version", negotiated.ok ? negotiated.version : "2.0.0");
    c.header(
      XAPI_VERSION_HEADER,
      negotiated.ok ? negotiated.version : negotiated.error.code === "missing" && !isAbout ? "0.9" : "2.0.0",
    );
    if (!negotiated.ok && !isAbout) {
      throw new AppError("bad_request", negotiated.error.message, [
        { path: `header.${XAPI_VERSION_HEADER}`, message: negotiated.error.message },
      ]);
    }
    await next();
  });

  app.get("/about", (c) => c.json({ version: [...XAPI_SUPPORTED_VERSIONS], extensions: {} }));

  app.post("/statements", async (c) => {
    const ctx = await lrsContext(c, runtime);
    if (parametersOf(c).length > 0) throw badRequest("POST /statements takes no query parameters.", "query");
    return c.json(await storeStatements(ctx, await statementRequest(c)), 200);
  });

  app.put("/statements", async (c) => {
    const ctx = await lrsContext(c, runtime);
    const parameters = parametersOf(c);
    const statementId = parameters.find(([name]) => name === "statementId")?.[1];
    if (statementId === undefined || parameters.length !== 1) {
      throw badRequest("PUT /statements takes exactly one parameter, statementId.", "statementId");
    }
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(statementId)) {
      throw badRequest("statementId must be a UUID.", "statementId");
    }
    await storeStatements(ctx, { ...(await statementRequest(c)), statementId });
    return c.body(null, 204);
  });

  app.get("/statements", async (c) => {
    // Every statement stored before now is visible (writes are transactional), whatever the answer.
    c.header("X-Experience-API-Consistent-Through", runtime.now().toISOString());
    const ctx = await lrsContext(c, runtime);
    const answer = await queryStatements(ctx, {
      parameters: parametersOf(c),
      languages: parseXapiAcceptLanguage(c.req.header("accept-language")),
    });
    if (answer.kind === "single") {
      c.header("last-modified", new Date(answer.statement.stored ?? Date.now()).toUTCString());
      return answer.attachments
        ? multipartAnswer(c, answer.statement, answer.attachments)
        : c.json(answer.statement);
    }
    const body = {
      statements: answer.statements,
      more: answer.more === null ? "" : `/xapi/statements?more=${answer.more}`,
    };
    return answer.attachments ? multipartAnswer(c, body, answer.attachments) : c.json(body);
  });

  documentRoutes(app, "/activities/state", "state", runtime);
  documentRoutes(app, "/activities/profile", "activity_profile", runtime);
  documentRoutes(app, "/agents/profile", "agent_profile", runtime);

  app.get("/agents", async (c) => c.json(getPerson(await lrsContext(c, runtime), parametersOf(c))));
  app.get("/activities", async (c) =>
    c.json(await getActivity(await lrsContext(c, runtime), parametersOf(c))),
  );

  app.notFound((c) =>
    c.json(
      {
        error: {
          code: "not_found",
          message: `There is no ${c.req.method} ${c.req.path} in this LRS.`,
          details: [],
        },
      },
      404,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof AppError && error.code === "unauthenticated") {
      c.header("WWW-Authenticate", 'Basic realm="Pathwise LRS", charset="UTF-8"');
    }
    return handleError(error, c);
  });
  return app;
}
