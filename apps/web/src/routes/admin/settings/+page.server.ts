import { redirect } from "@sveltejs/kit";
import {
  ACCOMMODATION_SETTERS,
  getOrganizationSettings,
  SUPPORTED_LOCALES,
  updateOrganizationSettings,
} from "@pathwise/core";
import { failFrom, field } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

const ALERT_FIELDS = [
  "stuckAttempts",
  "stuckMinimumGain",
  "behindDays",
  "inactiveDays",
  "rapidSeconds",
  "rapidWindow",
  "rapidShare",
] as const;
const ACCOMMODATION_FLAGS = [
  "readAloud",
  "reducedChoices",
  "largeText",
  "highContrast",
  "dyslexiaFont",
  "breaks",
] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "admin");
  const settings = await getOrganizationSettings(ctx).catch(pageErrorFrom);
  return {
    settings: { ...settings, updatedAt: settings.updatedAt?.toISOString() ?? null },
    alertFields: ALERT_FIELDS,
    accommodationFlags: ACCOMMODATION_FLAGS,
    setters: ACCOMMODATION_SETTERS,
    locales: SUPPORTED_LOCALES,
    saved: url.searchParams.get("saved") === "1",
  };
};

/** A number field as typed: a number, or NaN that the use-case names as the field at fault. */
const numberOf = (form: FormData, name: string) => {
  const text = field(form, name).trim().replace(",", ".");
  return text === "" ? Number.NaN : Number(text);
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    // What was typed, to show again if refused; the several-valued boxes as space-separated lists.
    const values: Record<string, string> = {
      ...Object.fromEntries(
        [...form.entries()].filter(([, v]) => typeof v === "string") as [string, string][],
      ),
      setBy: form.getAll("setBy").join(" "),
      languages: form.getAll("languages").join(" "),
    };
    const input = {
      mastery: {
        minEvidence: numberOf(form, "minEvidence"),
        approaching: numberOf(form, "approaching"),
        mastered: numberOf(form, "mastered"),
      },
      alerts: Object.fromEntries(ALERT_FIELDS.map((name) => [name, numberOf(form, name)])),
      accommodations: {
        defaults: {
          extendedTimeFactor: form.get("noTimer") === "on" ? null : numberOf(form, "extendedTimeFactor"),
          ...Object.fromEntries(ACCOMMODATION_FLAGS.map((name) => [name, form.get(name) === "on"])),
        },
        setBy: form.getAll("setBy").filter((v) => typeof v === "string"),
      },
      languages: form.getAll("languages").filter((v) => typeof v === "string"),
    };
    const version = Number(field(form, "version"));
    try {
      await updateOrganizationSettings(ctx, input, Number.isInteger(version) ? version : undefined);
    } catch (cause) {
      return failFrom(
        cause,
        "settings",
        null,
        values,
        {
          mastery: "settings.masteryInvalid",
          alerts: "settings.alertsInvalid",
          accommodations: "settings.accommodationsInvalid",
          languages: "settings.languagesInvalid",
          "if-match": "settings.stale",
        },
        "admin.saveFailed",
      );
    }
    redirect(303, "/admin/settings?saved=1");
  },
};
