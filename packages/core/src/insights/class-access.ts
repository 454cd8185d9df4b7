/** The class a class-wide insight is about, once the caller is known to be allowed to see it. */
import { authorize } from "../roster/policies.js";
import { findClass, membershipIn } from "../roster/repository.js";
import type { SignedInCtx } from "../shared/context.js";
import { notFound } from "../shared/errors.js";

export async function classForInsights(ctx: SignedInCtx, classId: string) {
  const { actor, db } = ctx;
  const klass = await findClass(db, actor.organizationId, classId);
  if (!klass) throw notFound("The class");
  const membership = await membershipIn(db, classId, actor.userId);
  // Class-wide insights are for staff: a learner of the class sees their own, not their classmates'.
  authorize(actor, "view", {
    kind: "class",
    organizationId: actor.organizationId,
    membership: membership === "learner" ? null : membership,
  });
  return klass;
}
