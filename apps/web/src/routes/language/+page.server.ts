import { redirect } from "@sveltejs/kit";
import { isSupportedLocale, setLocale } from "@pathwise/core";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from "$lib/server/locale.js";
import { getRuntime } from "$lib/server/runtime.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

/** Only a path on this site (no scheme, no "//host"), so the form cannot redirect elsewhere. */
function safeReturnPath(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "/";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const locale = form.get("locale");
    if (isSupportedLocale(locale) && locals.languages.includes(locale)) {
      if (locals.actor) {
        const runtime = await getRuntime();
        await setLocale({ db: runtime.database.db, actor: locals.actor, now: runtime.now }, { locale });
      }
      cookies.set(LOCALE_COOKIE, locale, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: url.protocol === "https:",
        maxAge: LOCALE_COOKIE_MAX_AGE,
      });
    }
    redirect(303, safeReturnPath(form.get("redirectTo")));
  },
};
