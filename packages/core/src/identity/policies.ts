/** Who may do what with accounts and sessions. */
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";

export type IdentityAction = "view" | "update-preferences";
export type IdentitySubject = { kind: "user"; id: string; organizationId: string };

export function can(actor: Actor | null, action: IdentityAction, subject: IdentitySubject): boolean {
  if (!actor || actor.organizationId !== subject.organizationId) return false;
  const isSelf = actor.userId === subject.id;
  switch (action) {
    case "view":
      return isSelf || actor.roles.includes("admin");
    case "update-preferences":
      return isSelf;
  }
}

export function authorize(actor: Actor | null, action: IdentityAction, subject: IdentitySubject): void {
  if (!can(actor, action, subject)) throw forbidden();
}
