/** Every request: who is signed in, which language to speak, and `<html lang>` to match. */
import type { Handle, HandleServerError } from "@sveltejs/kit";
import {
  DEFAULT_LOCALE,
  isSupportedLocale,
  resolveSession,
  SESSION_COOKIE,
  SUPPORTED_LOCALES,
  type Locale,
} from "@pathwise/core";
import { negotiateLocale } from "$lib/i18n/index.js";
import { LOCALE_COOKIE } from "$lib/server/locale.js";
import { getRuntime } from "$lib/server/runtime.js";

export const handle: Handle = async ({ event, resolve }) => {
  const runtime = await getRuntime();
  const token = event.cookies.get(SESSION_COOKIE) ?? null;
  const actor = await resolveSession({ db: runtime.database.db, now: runtime.now }, token);
  event.locals.actor = actor;
  event.locals.sessionToken = actor ? token : null;

  const cookieLocale = event.cookies.get(LOCALE_COOKIE);
  const negotiated = negotiateLocale(event.request.headers.get("accept-language"), SUPPORTED_LOCALES);
  const locale: Locale =
    actor && isSupportedLocale(actor.locale)
      ? actor.locale
      : isSupportedLocale(cookieLocale)
        ? cookieLocale
        : isSupportedLocale(negotiated)
          ? negotiated
          : DEFAULT_LOCALE;
  event.locals.locale = locale;

  return resolve(event, { transformPageChunk: ({ html }) => html.replace("%lang%", locale) });
};

export const handleError: HandleServerError = ({ error, status }) => {
  if (status >= 500) console.error(error);
  return { message: status === 404 ? "not_found" : "internal" };
};
