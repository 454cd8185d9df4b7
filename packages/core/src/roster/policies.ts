/**
 * Who may see which classes and learners. Decisions rest on relationship facts loaded by the
 * repository (am I enrolled in this class, do I teach or guard this learner), never on guesses.
 */
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";
import type { EnrollmentRole } from "./schema.js";

export type RosterAction = "view";

export type RosterSubject =
  /** A list of one's own: the classes I teach, the children I guard, the classes I learn in. */
  | { kind: "own-list"; organizationId: string; list: "teaching" | "children" | "learning" }
  | { kind: "class"; organizationId: string; membership: EnrollmentRole | null }
  | { kind: "learner"; organizationId: string; learnerId: string; teaches: boolean; guards: boolean };

export function can(actor: Actor | null, _action: RosterAction, subject: RosterSubject): boolean {
  if (!actor || actor.organizationId !== subject.organizationId) return false;
  if (subject.kind === "own-list") {
    const needs = { teaching: ["teacher", "admin"], children: ["guardian"], learning: ["learner"] } as const;
    return needs[subject.list].some((role) => actor.roles.includes(role));
  }
  if (actor.roles.includes("admin")) return true;
  switch (subject.kind) {
    case "class":
      return subject.membership !== null;
    case "learner":
      return actor.userId === subject.learnerId || subject.teaches || subject.guards;
  }
}

export function authorize(actor: Actor | null, action: RosterAction, subject: RosterSubject): void {
  if (!can(actor, action, subject)) throw forbidden();
}
