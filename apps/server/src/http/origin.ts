/**
 * The public origin of this site as the caller reaches it — what URLs handed out for later use
 * (a cmi5 AU's endpoint, fetch and content URLs) must start with: `ORIGIN` when set (behind a
 * reverse proxy), else the proxy's X-Forwarded-Proto when trusted, else the request's own.
 */
import type { Context } from "hono";
import type { AppEnv } from "./env.js";

export function publicOrigin(c: Context<AppEnv>): string {
  const configured = process.env.ORIGIN?.trim();
  if (configured) return new URL(configured).origin;
  const url = new URL(c.req.url);
  if (c.get("runtime").config.trustProxy) {
    const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim();
    if (proto === "http" || proto === "https") url.protocol = `${proto}:`;
  }
  return url.origin;
}
