import { catalogs } from "$lib/i18n/index.js";
import type { LayoutServerLoad } from "./$types";

export const load: LayoutServerLoad = ({ locals, url }) => {
  const actor = locals.actor;
  return {
    locale: locals.locale,
    languages: locals.languages,
    messages: catalogs[locals.locale],
    path: url.pathname + url.search,
    person: actor ? { givenName: actor.givenName, familyName: actor.familyName, roles: actor.roles } : null,
  };
};
