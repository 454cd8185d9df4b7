import { fail, redirect } from "@sveltejs/kit";
import { isAppError, sessionCookieOptions, SESSION_COOKIE, signIn, SIGN_IN_LIMITS } from "@pathwise/core";
import { homeFor } from "$lib/server/guards.js";
import { getRuntime } from "$lib/server/runtime.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals }) => {
  if (locals.actor) redirect(303, homeFor(locals.actor));
};

export const actions: Actions = {
  default: async ({ request, cookies, getClientAddress }) => {
    const form = await request.formData();
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    if (!email.trim()) return fail(400, { email, error: "errors.missingEmail" as const, field: "email" });
    if (!password) return fail(400, { email, error: "errors.missingPassword" as const, field: "password" });
    const runtime = await getRuntime();
    let result;
    try {
      result = await signIn(
        { db: runtime.database.db, now: runtime.now },
        { email, password },
        { clientAddress: getClientAddress(), userAgent: request.headers.get("user-agent") },
      );
    } catch (error) {
      if (isAppError(error) && error.code === "rate_limited") {
        return fail(429, {
          email,
          error: "errors.rateLimited" as const,
          field: null,
          minutes: SIGN_IN_LIMITS.windowMinutes,
        });
      }
      if (isAppError(error))
        return fail(401, { email, error: "errors.wrongCredentials" as const, field: null });
      throw error;
    }
    cookies.set(
      SESSION_COOKIE,
      result.token,
      sessionCookieOptions(runtime.config.secureCookies, result.expiresAt),
    );
    redirect(303, homeFor(result));
  },
};
