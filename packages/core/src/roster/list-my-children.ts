/** The learners a guardian is linked to, with the classes each one is in — the family home page. */
import type { SignedInCtx } from "../shared/context.js";
import { authorize } from "./policies.js";
import { childrenOfGuardian, classesOfMember, type ClassSummary, type PersonSummary } from "./repository.js";

export interface Child extends PersonSummary {
  relationship: string;
  classes: ClassSummary[];
}

export async function listMyChildren(ctx: SignedInCtx): Promise<Child[]> {
  const { actor, db } = ctx;
  authorize(actor, "view", { kind: "own-list", organizationId: actor.organizationId, list: "children" });
  const children = await childrenOfGuardian(db, actor.organizationId, actor.userId);
  const result: Child[] = [];
  for (const child of children) {
    authorize(actor, "view", {
      kind: "learner",
      organizationId: actor.organizationId,
      learnerId: child.id,
      teaches: false,
      guards: true,
    });
    const classes = await classesOfMember(db, actor.organizationId, child.id, ["learner"]);
    result.push({ ...child, classes: classes.map(({ membership: _membership, ...c }) => c) });
  }
  return result;
}
