/** Page guards: who may open which home page. The rules themselves live in core's policies. */
import { error, redirect } from "@sveltejs/kit";
import type { Role, SignedInCtx } from "@pathwise/core";
import { getRuntime } from "./runtime.js";

const HOME_BY_ROLE: [Role, string][] = [
  ["admin", "/admin"],
  ["teacher", "/teacher"],
  ["learner", "/learner"],
  ["guardian", "/family"],
];

export function homeFor(person: { roles: readonly string[] }): string {
  return HOME_BY_ROLE.find(([role]) => person.roles.includes(role))?.[1] ?? "/sign-in";
}

/** The use-case context of a signed-in person who holds `role`; otherwise sign-in or 403. */
export async function requireRole(locals: App.Locals, role: Role): Promise<SignedInCtx> {
  const actor = locals.actor;
  if (!actor) redirect(303, "/sign-in");
  if (!actor.roles.includes(role)) error(403, { message: "forbidden", code: "forbidden" });
  const runtime = await getRuntime();
  return { db: runtime.database.db, actor, now: runtime.now };
}

/** The use-case context of anyone signed in (core's policies then say what they may see). */
export async function requireSignedIn(locals: App.Locals): Promise<SignedInCtx> {
  const actor = locals.actor;
  if (!actor) redirect(303, "/sign-in");
  const runtime = await getRuntime();
  return { db: runtime.database.db, actor, now: runtime.now };
}
