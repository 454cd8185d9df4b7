/**
 * Who may see and shape a learner's portfolio and their "defend my learning" claims.
 * - the learner owns the portfolio: adds artifacts, chooses which ones guardians see, claims competencies;
 * - their teachers (and admins of the organization) see every artifact and claim; teachers verify
 *   a claim or ask for more;
 * - their guardians see only the artifacts the learner chose to share, and claims once verified;
 * - anyone else: the learner is "not found".
 */
import { authorize as authorizeLearner, can as canForLearner } from "../personalization/policies.js";
import type { LearnerRelation } from "../personalization/relationships.js";
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";

export type PortfolioAction = "view-all" | "view-shared" | "add" | "share" | "claim" | "resolve-claim";

export function can(actor: Actor | null, action: PortfolioAction, relation: LearnerRelation): boolean {
  if (!canForLearner(actor, "view", relation)) return false;
  const admin = actor!.roles.includes("admin");
  switch (action) {
    case "view-shared":
      return true;
    case "view-all":
      return relation.isSelf || relation.teaches || admin;
    case "add":
    case "share":
    case "claim":
      return relation.isSelf;
    case "resolve-claim":
      return relation.teaches;
  }
}

export function authorize(actor: Actor | null, action: PortfolioAction, relation: LearnerRelation): void {
  authorizeLearner(actor, "view", relation);
  if (!can(actor, action, relation)) throw forbidden();
}
