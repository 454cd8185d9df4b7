import { redirect } from "@sveltejs/kit";
import { SESSION_COOKIE, signOut } from "@pathwise/core";
import { getRuntime } from "$lib/server/runtime.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = () => redirect(303, "/");

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    if (locals.sessionToken) {
      const runtime = await getRuntime();
      await signOut({ db: runtime.database.db }, locals.sessionToken);
    }
    cookies.delete(SESSION_COOKIE, { path: "/" });
    redirect(303, "/sign-in");
  },
};
