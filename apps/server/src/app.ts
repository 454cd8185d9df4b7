/**
 * The HTTP API: /api/v1 (JSON, OpenAPI generated from the zod schemas). Routes stay thin: parse,
 * call one use-case, shape the answer. Errors share one envelope.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import type { Runtime } from "@pathwise/core";
import { identify } from "./http/auth.js";
import type { AppEnv } from "./http/env.js";
import { errorResponse, handleError } from "./http/errors.js";
import { classRoutes } from "./routes/classes.js";
import { healthRoutes } from "./routes/health.js";
import { meRoutes } from "./routes/me.js";
import { personalizationRoutes } from "./routes/personalization.js";
import { insightRoutes } from "./routes/insights.js";
import { frameworkRoutes } from "./routes/frameworks.js";
import { rosterAdminRoutes } from "./routes/roster-admin.js";
import { portfolioRoutes } from "./routes/portfolio.js";
import { sessionRoutes } from "./routes/sessions.js";
import { learnerRoutes } from "./routes/learners.js";
import { planRoutes } from "./routes/plans.js";
import { diagnosisRoutes } from "./routes/diagnosis.js";
import { messagingRoutes } from "./routes/messaging.js";
import { contentRoutes } from "./routes/content.js";
import { homeNoteRoutes } from "./routes/home-notes.js";
import { xapiRoutes } from "./routes/xapi.js";
import { xapiAdminRoutes } from "./routes/xapi-admin.js";
import { printingRoutes } from "./routes/printing.js";
import { cmi5Routes } from "./routes/cmi5.js";
import { organizationRoutes } from "./routes/organization.js";
import { cmi5LaunchRoutes } from "./routes/cmi5-launch.js";

export const API_PREFIX = "/api/v1";

export function createApp(runtime: Runtime) {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where =
          "target" in result && typeof result.target === "string"
            ? result.target === "json"
              ? "body"
              : result.target
            : "request";
        const details = result.error.issues.map((issue) => ({
          path: [where, ...issue.path.map(String)].join("."),
          message: issue.message,
        }));
        return errorResponse(c, "validation_failed", "Some fields are not valid.", details);
      }
    },
  });
  api.use("*", async (c, next) => {
    c.set("runtime", runtime);
    await next();
  });
  api.use("*", secureHeaders());
  // Cookie-authenticated writes must come from this site; a Bearer token cannot be sent by a
  // cross-site form, so scripts using one are not asked for an Origin.
  const sameSiteOnly = csrf();
  api.use("*", (c, next) =>
    c.req.header("authorization")?.toLowerCase().startsWith("bearer ") ? next() : sameSiteOnly(c, next),
  );
  api.use("*", identify);

  api.route("/", healthRoutes);
  api.route("/", sessionRoutes);
  api.route("/", meRoutes);
  api.route("/", classRoutes);
  api.route("/", personalizationRoutes);
  api.route("/", portfolioRoutes);
  api.route("/", insightRoutes);
  api.route("/", learnerRoutes);
  api.route("/", planRoutes);
  api.route("/", diagnosisRoutes);
  api.route("/", messagingRoutes);
  api.route("/", frameworkRoutes);
  api.route("/", rosterAdminRoutes);
  api.route("/", organizationRoutes);
  api.route("/", contentRoutes);
  api.route("/", homeNoteRoutes);
  api.route("/", xapiAdminRoutes);
  api.route("/", printingRoutes);
  api.route("/", cmi5Routes);

  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Pathwise API",
      version: "1",
      description: "Personalized learning: learners, classes, competencies, evidence and decisions.",
    },
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "pathwise_session",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  api.notFound((c) =>
    errorResponse(c, "not_found", `There is no ${c.req.method} ${c.req.path} in this API.`),
  );
  api.onError(handleError);

  const app = new OpenAPIHono();
  app.route(API_PREFIX, api);
  app.route("/", xapiRoutes(runtime));
  app.route("/", cmi5LaunchRoutes(runtime));
  app.notFound((c) =>
    errorResponse(c, "not_found", `There is no ${c.req.method} ${c.req.path} in this API.`),
  );
  app.onError(handleError);
  return app;
}
