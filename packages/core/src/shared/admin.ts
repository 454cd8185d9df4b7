/** The rule for organization-wide administration (roster, imports, audit): an admin of the caller's organization. */
import type { SignedInCtx } from "./context.js";
import { forbidden } from "./errors.js";

export function assertAdmin(ctx: SignedInCtx): void {
  if (!ctx.actor.roles.includes("admin")) throw forbidden();
}
