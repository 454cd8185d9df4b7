/**
 * One HTTP server for everything: /api goes to the Hono API, every other path to the web app
 * (the SvelteKit build, mounted at run time from apps/web/build — a mount, not an import).
 */
import { existsSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { MAX_RESOURCE_FILE_BYTES, type Runtime } from "@pathwise/core";
import { createApp } from "./app.js";

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export const WEB_BUILD_HANDLER = fileURLToPath(new URL("../../web/build/handler.js", import.meta.url));

/**
 * The web app's adapter works out each request's origin (for its same-origin check on form posts)
 * from a protocol header, defaulting to https. This process knows the protocol it was reached by,
 * so it tells the adapter through a header of its own that clients cannot set.
 */
const PROTOCOL_HEADER = "x-pathwise-protocol";

export async function loadWebHandler(file = WEB_BUILD_HANDLER): Promise<NodeHandler | null> {
  if (!existsSync(file)) return null;
  if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
  // The imports post a roster (up to 100 MB) or a CASE package (up to 50 MB) as a form;
  // the adapter's default limit (512 KB) would refuse them. Read once, when the handler is imported.
  if (!process.env.BODY_SIZE_LIMIT) process.env.BODY_SIZE_LIMIT = "110M";
  const module = (await import(pathToFileURL(file).href)) as { handler: NodeHandler };
  return module.handler;
}

function isApiPath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return ["/api", "/xapi", "/cmi5"].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function protocolOf(req: IncomingMessage, trustProxy: boolean): "http" | "https" {
  const forwarded = trustProxy
    ? String(req.headers["x-forwarded-proto"] ?? "")
        .split(",")[0]
        ?.trim()
    : "";
  if (forwarded === "http" || forwarded === "https") return forwarded;
  return "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
}

/**
 * Web form posts other than imports (the admin's rosters, frameworks and course packages, and a
 * teacher's CASE package on the framework browser) are small; only imports get the large limit above.
 */
const WEB_FORM_LIMIT_BYTES = 2 * 1024 * 1024;
/**
 * A resource form carries one uploaded file: room for a file well over the resource limit, so that
 * a teacher who picks one too large gets the form back saying so, not a bare refusal.
 */
export const RESOURCE_FORM_LIMIT_BYTES = 4 * MAX_RESOURCE_FILE_BYTES;
const IMPORT_FORM_PATHS = new Set(["/admin/imports", "/admin/courses", "/teacher/frameworks"]);

export function isOversizedForm(req: Pick<IncomingMessage, "method" | "url" | "headers">): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  if (IMPORT_FORM_PATHS.has(path) || path.startsWith("/admin/imports/")) return false;
  const length = Number(req.headers["content-length"] ?? NaN);
  const limit = path.startsWith("/teacher/authoring/resources/")
    ? RESOURCE_FORM_LIMIT_BYTES
    : WEB_FORM_LIMIT_BYTES;
  // Browsers always send the length of a form; a body without one is not a form of ours.
  return !Number.isFinite(length) || length > limit;
}

export function createServer(runtime: Runtime, webHandler: NodeHandler | null): http.Server {
  const api = getRequestListener(createApp(runtime).fetch);
  return http.createServer((req, res) => {
    if (isApiPath(req.url) || !webHandler) {
      void api(req, res);
      return;
    }
    if (isOversizedForm(req)) {
      res.statusCode = 413;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.setHeader("connection", "close");
      res.end("Request too large");
      req.resume();
      return;
    }
    req.headers[PROTOCOL_HEADER] = protocolOf(req, runtime.config.trustProxy);
    webHandler(req, res, () => {
      res.statusCode = 404;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Not found");
    });
  });
}

export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}
