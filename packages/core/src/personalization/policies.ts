/**
 * Who may see and shape a learner's personalization: their mastery, evidence, decisions and board.
 * - the learner: sees all of it, records their own attempts and self-assessments, picks options of
 *   their boards, contests decisions;
 * - their teachers: see all of it, record evidence (observations, rubric scores, paper results),
 *   override decisions and resolve contests;
 * - their guardians: see mastery and decisions in plain language, record nothing;
 * - admins of the organization: see everything, change nothing of a learner's own;
 * - anyone else, including other organizations: nothing (the learner is "not found").
 */
import type { Actor } from "../shared/context.js";
import { forbidden, notFound } from "../shared/errors.js";
import type { LearnerRelation } from "./relationships.js";

export type PersonalizationAction =
  "view" | "record-own-work" | "record-staff-evidence" | "contest" | "pick" | "override" | "resolve-contest";

export function can(actor: Actor | null, action: PersonalizationAction, relation: LearnerRelation): boolean {
  if (!actor || actor.organizationId !== relation.organizationId || !relation.exists) return false;
  const admin = actor.roles.includes("admin");
  switch (action) {
    case "view":
      return relation.isSelf || relation.teaches || relation.guards || admin;
    case "record-own-work":
      return relation.isSelf || relation.teaches;
    case "record-staff-evidence":
    case "override":
    case "resolve-contest":
      return relation.teaches || (admin && !relation.isSelf);
    case "contest":
    case "pick":
      return relation.isSelf;
  }
}

/** Not allowed to see the learner at all → 404 (their existence is not disclosed); allowed to see but not act → 403. */
export function authorize(
  actor: Actor | null,
  action: PersonalizationAction,
  relation: LearnerRelation,
): void {
  if (can(actor, action, relation)) return;
  if (!can(actor, "view", relation)) throw notFound("The learner");
  throw forbidden();
}
