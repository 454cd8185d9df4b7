/**
 * Who may talk about a learner: the learner, their teachers and their guardians — and only while
 * that link holds. Admins do not read conversations they are not part of; a guardian only ever
 * talks about their own linked learners. Anyone else: the thread or learner is "not found".
 */
import type { LearnerRelation } from "../personalization/relationships.js";
import type { Actor } from "../shared/context.js";
import { notFound } from "../shared/errors.js";

export function canTalkAbout(actor: Actor | null, relation: LearnerRelation): boolean {
  if (!actor || actor.organizationId !== relation.organizationId || !relation.exists) return false;
  return relation.isSelf || relation.teaches || relation.guards;
}

export function authorizeTalk(actor: Actor | null, relation: LearnerRelation, what = "The learner"): void {
  if (!canTalkAbout(actor, relation)) throw notFound(what);
}
