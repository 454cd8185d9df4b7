/** Every request: who is signed in, which language to speak, and `<html lang>` to match. */
import type { Handle, HandleServerError } from "@sveltejs/kit";
import {
  DEFAULT_LOCALE,
  isSupportedLocale,
  offeredLanguagesOf,
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
  // A signed-in person sees only the languages their organization offers (its settings).
  const languages: Locale[] = actor
    ? await offeredLanguagesOf(runtime.database.db, actor.organizationId)
    : [...SUPPORTED_LOCALES];
  const offered = (value: unknown): value is Locale =>
    isSupportedLocale(value) && languages.includes(value);
  const locale: Locale =
    actor && offered(actor.locale)
      ? actor.locale
      : offered(cookieLocale)
        ? cookieLocale
        : offered(negotiated)
          ? negotiated
          : languages.includes(DEFAULT_LOCALE)
            ? DEFAULT_LOCALE
            : languages[0]!;
  event.locals.locale = locale;
  event.locals.languages = languages;

  return resolve(event, { transformPageChunk: ({ html }) => html.replace("%lang%", locale) });
};

export const handleError: HandleServerError = ({ error, status }) => {
  if (status >= 500) console.error(error);
  return { message: status === 404 ? "not_found" : "internal" };
};
