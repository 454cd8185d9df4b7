/**
 * The classes a teacher teaches (or, for an admin, every class of the organization), each with its
 * learners — the teacher's home page.
 */
import type { SignedInCtx } from "../shared/context.js";
import { authorize } from "./policies.js";
import type { EnrollmentRole } from "./schema.js";
import {
  classesOfMember,
  classesOfOrganization,
  learnersOfClasses,
  type ClassSummary,
  type PersonSummary,
} from "./repository.js";

export interface ClassWithLearners extends ClassSummary {
  learners: PersonSummary[];
}

export async function listMyClasses(ctx: SignedInCtx): Promise<ClassWithLearners[]> {
  const { actor, db } = ctx;
  authorize(actor, "view", { kind: "own-list", organizationId: actor.organizationId, list: "teaching" });
  const classes: (ClassSummary & { membership?: EnrollmentRole })[] = actor.roles.includes("admin")
    ? await classesOfOrganization(db, actor.organizationId)
    : await classesOfMember(db, actor.organizationId, actor.userId, ["teacher", "co-teacher"]);
  for (const c of classes) {
    authorize(actor, "view", {
      kind: "class",
      organizationId: actor.organizationId,
      membership: c.membership ?? null,
    });
  }
  const learners = await learnersOfClasses(
    db,
    actor.organizationId,
    classes.map((c) => c.id),
  );
  return classes.map(({ membership: _membership, ...c }) => ({ ...c, learners: learners.get(c.id) ?? [] }));
}
