import { listMyChildren } from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => ({
  children: await listMyChildren(await requireRole(locals, "guardian")),
});
