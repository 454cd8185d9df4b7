/** The language cookie for people who are not signed in (signed-in people keep it on their account). */
export const LOCALE_COOKIE = "pathwise_locale";
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
