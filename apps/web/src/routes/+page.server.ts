import { redirect } from "@sveltejs/kit";
import { homeFor } from "$lib/server/guards.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = ({ locals }) => {
  redirect(303, locals.actor ? homeFor(locals.actor) : "/sign-in");
};
