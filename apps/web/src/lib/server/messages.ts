/** Messages are for every signed-in person (learner, teacher, guardian, admin); core decides who sees what. */
import { redirect } from "@sveltejs/kit";
import type { SignedInCtx } from "@pathwise/core";
import { getRuntime } from "./runtime.js";

export async function requireSignedIn(locals: App.Locals): Promise<SignedInCtx> {
  const actor = locals.actor;
  if (!actor) redirect(303, "/sign-in");
  const runtime = await getRuntime();
  return { db: runtime.database.db, actor, now: runtime.now };
}
