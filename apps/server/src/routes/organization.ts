/**
 * The organization's settings over HTTP (its admins): mastery thresholds, alert thresholds, the
 * accommodations policy and the languages offered, read and replaced as one resource (ETag/If-Match).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  getOrganizationSettings,
  updateOrganizationSettings,
  type OrganizationSettingsView,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { etagOf, ifMatchVersion } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { badInput, body, denied, IfMatchHeader, iso, json, stale } from "../http/route-kit.js";

const Accommodations = z.object({
  extendedTimeFactor: z.number().nullable(),
  readAloud: z.boolean(),
  reducedChoices: z.boolean(),
  largeText: z.boolean(),
  highContrast: z.boolean(),
  dyslexiaFont: z.boolean(),
  breaks: z.boolean(),
});
const SettingsBody = z
  .object({
    mastery: z.object({ minEvidence: z.number(), approaching: z.number(), mastered: z.number() }),
    alerts: z.object({
      stuckAttempts: z.number(),
      stuckMinimumGain: z.number(),
      behindDays: z.number(),
      inactiveDays: z.number(),
      rapidSeconds: z.number(),
      rapidWindow: z.number(),
      rapidShare: z.number(),
    }),
    accommodations: z.object({
      defaults: Accommodations,
      setBy: z.array(z.enum(["teacher", "admin"])),
    }),
    languages: z.array(z.string()),
  })
  .openapi("OrganizationSettingsInput");
const SettingsSchema = SettingsBody.extend({
  version: z.number().int(),
  updatedAt: z.string().nullable(),
}).openapi("OrganizationSettings");

const getRoute = createRoute({
  method: "get",
  path: "/organization/settings",
  tags: ["roster"],
  summary:
    "The organization's settings: mastery and alert thresholds, accommodations policy, languages (admins)",
  responses: { 200: json(SettingsSchema, "The settings", true), ...denied },
});
const putRoute = createRoute({
  method: "put",
  path: "/organization/settings",
  tags: ["roster"],
  summary: "Replace the organization's settings (admins; If-Match required)",
  request: { headers: IfMatchHeader, ...body(SettingsBody) },
  responses: { 200: json(SettingsSchema, "Saved", true), ...badInput, ...denied, ...stale },
});

const out = (view: OrganizationSettingsView) => ({
  mastery: view.mastery,
  alerts: view.alerts,
  accommodations: view.accommodations,
  languages: view.languages,
  version: view.version,
  updatedAt: iso(view.updatedAt),
});

export const organizationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getRoute, async (c) => {
    const view = await getOrganizationSettings(signedIn(c));
    c.header("ETag", etagOf(view.version));
    return c.json(out(view), 200);
  })
  .openapi(putRoute, async (c) => {
    const view = await updateOrganizationSettings(signedIn(c), c.req.valid("json"), ifMatchVersion(c));
    c.header("ETag", etagOf(view.version));
    return c.json(out(view), 200);
  });
