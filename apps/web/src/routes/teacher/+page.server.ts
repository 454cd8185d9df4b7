import { listMyClasses } from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => ({
  classes: await listMyClasses(await requireRole(locals, "teacher")),
});
