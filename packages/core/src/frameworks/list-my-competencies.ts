/**
 * What a learner is working on: for each of their classes, the competencies of the class's
 * framework at the class's grade, in the framework's own order.
 */
import type { SignedInCtx } from "../shared/context.js";
import { authorize } from "../roster/policies.js";
import { classesOfMember, type ClassSummary } from "../roster/repository.js";
import { competenciesOfFramework, findFramework, type CompetencySummary } from "./repository.js";

export interface ClassCompetencies {
  class: ClassSummary;
  framework: { id: string; title: string; publisher: string | null; version: string } | null;
  competencies: CompetencySummary[];
}

export async function listMyCompetencies(ctx: SignedInCtx): Promise<ClassCompetencies[]> {
  const { actor, db } = ctx;
  authorize(actor, "view", { kind: "own-list", organizationId: actor.organizationId, list: "learning" });
  const classes = await classesOfMember(db, actor.organizationId, actor.userId, ["learner"]);
  const result: ClassCompetencies[] = [];
  for (const { membership, ...klass } of classes) {
    authorize(actor, "view", { kind: "class", organizationId: actor.organizationId, membership });
    const framework = klass.frameworkId
      ? await findFramework(db, actor.organizationId, klass.frameworkId)
      : null;
    const list = framework
      ? await competenciesOfFramework(db, actor.organizationId, framework.id, klass.grade)
      : [];
    result.push({ class: klass, framework, competencies: list });
  }
  return result;
}
