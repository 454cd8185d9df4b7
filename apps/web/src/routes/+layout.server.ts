import { myDisplayAccommodations } from "@pathwise/core";
import { catalogs } from "$lib/i18n/index.js";
import { requireRole } from "$lib/server/guards.js";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = async ({ locals, url }) => {
  const actor = locals.actor;
  // A learner's large text, high contrast and dyslexia-friendly font apply on every page they see.
  const display = actor?.roles.includes("learner")
    ? await myDisplayAccommodations(await requireRole(locals, "learner"))
    : null;
  return {
    locale: locals.locale,
    languages: locals.languages,
    messages: catalogs[locals.locale],
    path: url.pathname + url.search,
    person: actor ? { givenName: actor.givenName, familyName: actor.familyName, roles: actor.roles } : null,
    display,
  };
};
