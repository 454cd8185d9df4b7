/**
 * The AU's side of a cmi5 launch, outside API v1 (its shapes are the cmi5 specification's, and it
 * is called by the AU's window, not by a signed-in person): the one-time fetch URL that answers the
 * AU's LRS credentials (§8.2), and the files of packaged courses. Package files are served in a
 * sandbox (Content-Security-Policy: sandbox) so that a course's scripts run in an origin of their
 * own and cannot act as the learner on this site; `PATHWISE_CMI5_CONTENT_SANDBOX=false` turns that
 * off for content that needs the site's origin (browser storage).
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { fetchCmi5AuthToken, readCmi5PackageFile, type Runtime } from "@pathwise/core";
import { errorResponse } from "../http/errors.js";

export const CMI5_LAUNCH_PREFIX = "/cmi5";

/** What a sandboxed AU may still do: run scripts, submit forms, open windows and dialogs, download. */
const CONTENT_SANDBOX =
  "sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads";

export function cmi5LaunchRoutes(runtime: Runtime) {
  const app = new Hono().basePath(CMI5_LAUNCH_PREFIX);
  // AUs are often served from another origin (or, sandboxed, from none): any may POST to a fetch URL.
  app.use("/fetch/*", cors({ origin: "*", allowMethods: ["POST"] }));

  app.post("/fetch/:sessionId/:secret", async (c) => {
    const answer = await fetchCmi5AuthToken(runtime.database.db, runtime.now, {
      sessionId: c.req.param("sessionId"),
      secret: c.req.param("secret"),
    });
    c.header("cache-control", "no-store");
    return c.json(answer, 200);
  });

  app.get("/content/:packageId/*", async (c) => {
    const prefix = `${CMI5_LAUNCH_PREFIX}/content/${c.req.param("packageId")}/`;
    let path: string;
    try {
      path = decodeURIComponent(c.req.path.slice(prefix.length));
    } catch {
      return errorResponse(c, "not_found", "There is no such file in this course package.");
    }
    const file = await readCmi5PackageFile(runtime.database.db, c.req.param("packageId"), path);
    if (!file) return errorResponse(c, "not_found", "There is no such file in this course package.");
    c.header("content-type", file.contentType);
    c.header("x-content-type-options", "nosniff");
    c.header("cache-control", "private, max-age=3600");
    if (runtime.config.cmi5ContentSandbox) c.header("content-security-policy", CONTENT_SANDBOX);
    return c.body(file.content as Uint8Array<ArrayBuffer>, 200);
  });

  app.notFound((c) => errorResponse(c, "not_found", `There is no ${c.req.method} ${c.req.path} here.`));
  return app;
}
