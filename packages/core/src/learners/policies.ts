/**
 * Who may see and shape what belongs to a learner: profile, accommodations, goals and plans.
 * - the learner owns their profile (only they edit it), authors goals, checks in, proposes plan
 *   changes and answers a teacher's proposals;
 * - their teachers read the profile, set accommodations, author goals, edit the plan directly
 *   (with If-Match) and answer the learner's proposals;
 * - their guardians read accommodations, goals and plans, and the profile fields the learner shares;
 * - admins of the organization read everything and set accommodations, but edit nothing of the learner's own;
 * - anyone else, including other organizations: the learner is "not found".
 */
import { authorize as authorizeLearner, can as canForLearner } from "../personalization/policies.js";
import type { LearnerRelation } from "../personalization/relationships.js";
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";

export type LearnersAction =
  | "view"
  | "edit-profile"
  | "set-accommodations"
  | "author-goal"
  | "check-in"
  | "plan"
  | "edit-plan"
  | "propose"
  | "comment";

export function can(actor: Actor | null, action: LearnersAction, relation: LearnerRelation): boolean {
  if (!canForLearner(actor, "view", relation)) return false;
  const admin = actor!.roles.includes("admin");
  switch (action) {
    case "view":
      return true;
    case "edit-profile":
      return relation.isSelf;
    case "set-accommodations":
      return !relation.isSelf && (relation.teaches || admin);
    case "author-goal":
    case "check-in":
    case "plan":
    case "propose":
    case "comment":
      return relation.isSelf || relation.teaches;
    case "edit-plan":
      return relation.teaches && !relation.isSelf;
  }
}

/** Not allowed to see the learner → 404; allowed to see but not to act → 403. */
export function authorize(actor: Actor | null, action: LearnersAction, relation: LearnerRelation): void {
  authorizeLearner(actor, "view", relation);
  if (!can(actor, action, relation)) throw forbidden();
}

/** Which side of the co-design a person is on for this learner: the learner, or their teachers. */
export function sideOf(relation: LearnerRelation): "learner" | "teacher" | null {
  if (relation.isSelf) return "learner";
  if (relation.teaches) return "teacher";
  return null;
}
