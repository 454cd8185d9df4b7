/**
 * Who may do what with the Learning Record Store.
 * - admins of an organization issue, list and revoke its LRS clients and map its activities to
 *   competencies; nobody else does, and nobody touches another organization's;
 * - an LRS client reads with the `read` scope and writes with `write`, always within its organization.
 */
import type { Actor } from "../shared/context.js";
import { forbidden, unauthenticated } from "../shared/errors.js";
import type { LrsClient } from "./lrs-context.js";
import type { XapiScope } from "./schema.js";

export type XapiAdminAction = "manage-clients" | "map-activities" | "forward-statements";

export function canAdminister(actor: Actor | null, _action: XapiAdminAction): boolean {
  return actor !== null && actor.roles.includes("admin");
}

export function authorizeAdministration(
  actor: Actor | null,
  action: XapiAdminAction,
): asserts actor is Actor {
  if (!actor) throw unauthenticated();
  if (!canAdminister(actor, action))
    throw forbidden("Only an administrator of your organization can do this.");
}

export function authorizeClient(client: LrsClient, scope: XapiScope): void {
  if (!client.scopes.includes(scope)) {
    throw forbidden(`These LRS credentials do not have the "${scope}" scope.`);
  }
}
