/**
 * moveOn at work (cmi5 §9.3.9, §9.6.1.1): after anything that can change what a registration has
 * done — its creation, an AU's completed or passed, a waiver — the LMS evaluates the course
 * structure and records, once each, the AUs now satisfied and a "satisfied" statement for every
 * block (innermost first) and for the course that became satisfied, in the session that caused it.
 */
import { and, eq, isNull } from "drizzle-orm";
import {
  evaluateCmi5Satisfaction,
  type Cmi5Au,
  type Cmi5AuProgress,
  type Cmi5Block,
} from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { lmsActivityId, learnerActor } from "./identifiers.js";
import { recordLmsStatements } from "./lms-records.js";
import { cmi5AuProgress, cmi5Aus, cmi5Blocks, cmi5Courses, cmi5Registrations } from "./schema.js";

export async function recordSatisfaction(
  tx: Database,
  now: () => Date,
  registrationId: string,
  sessionId: string,
): Promise<void> {
  const [registration] = await tx
    .select()
    .from(cmi5Registrations)
    .where(eq(cmi5Registrations.id, registrationId))
    .for("update");
  if (!registration) return;
  const [course] = await tx.select().from(cmi5Courses).where(eq(cmi5Courses.id, registration.courseId));
  if (!course) return;
  const aus = await tx
    .select({ id: cmi5Aus.id, publisherId: cmi5Aus.publisherId })
    .from(cmi5Aus)
    .where(and(eq(cmi5Aus.courseId, course.id), isNull(cmi5Aus.retiredAt)));
  const blocks = await tx
    .select({ id: cmi5Blocks.id, publisherId: cmi5Blocks.publisherId })
    .from(cmi5Blocks)
    .where(and(eq(cmi5Blocks.courseId, course.id), isNull(cmi5Blocks.retiredAt)));
  const progressRows = await tx
    .select()
    .from(cmi5AuProgress)
    .where(eq(cmi5AuProgress.registrationId, registrationId));

  const auByPublisherId = new Map(aus.map((au) => [au.publisherId, au.id]));
  const blockByPublisherId = new Map(blocks.map((block) => [block.publisherId, block.id]));
  const progress = new Map<string, Cmi5AuProgress>();
  for (const au of aus) {
    const row = progressRows.find((p) => p.auId === au.id);
    progress.set(au.publisherId, {
      completed: Boolean(row?.completedAt),
      passed: Boolean(row?.passedAt),
      waived: Boolean(row?.waivedAt),
    });
  }
  const satisfaction = evaluateCmi5Satisfaction(course.structure, progress);
  const at = now();

  for (const publisherId of satisfaction.aus) {
    const auId = auByPublisherId.get(publisherId);
    if (!auId || progressRows.find((p) => p.auId === auId)?.satisfiedAt) continue;
    await tx
      .insert(cmi5AuProgress)
      .values({ organizationId: registration.organizationId, registrationId, auId, satisfiedAt: at })
      .onConflictDoUpdate({
        target: [cmi5AuProgress.registrationId, cmi5AuProgress.auId],
        set: { satisfiedAt: at },
      });
  }

  // Innermost blocks first, then their parents, then the course: the order satisfaction spreads in.
  const newlySatisfied: { id: string; publisherId: string }[] = [];
  const visit = (node: Cmi5Block | Cmi5Au) => {
    if (node.kind === "au") return;
    node.children.forEach(visit);
    const blockId = blockByPublisherId.get(node.id);
    if (blockId && satisfaction.blocks.has(node.id) && !registration.satisfiedBlockIds.includes(blockId))
      newlySatisfied.push({ id: blockId, publisherId: node.id });
  };
  course.structure.children.forEach(visit);
  const courseNewlySatisfied = satisfaction.course && registration.satisfiedAt === null;
  if (newlySatisfied.length === 0 && !courseNewlySatisfied) return;

  const session = {
    actor: learnerActor(registration.learnerId),
    registration: registrationId,
    sessionId,
  };
  await recordLmsStatements(tx, registration.organizationId, now, [
    ...newlySatisfied.map((block) => ({
      ...session,
      verb: "satisfied" as const,
      publisherId: block.publisherId,
      object: { id: lmsActivityId("block", block.id), kind: "block" as const },
    })),
    ...(courseNewlySatisfied
      ? [
          {
            ...session,
            verb: "satisfied" as const,
            publisherId: course.publisherId,
            object: { id: lmsActivityId("course", course.id), kind: "course" as const },
          },
        ]
      : []),
  ]);
  await tx
    .update(cmi5Registrations)
    .set({
      satisfiedBlockIds: [...registration.satisfiedBlockIds, ...newlySatisfied.map((block) => block.id)],
      ...(courseNewlySatisfied ? { satisfiedAt: at } : {}),
    })
    .where(eq(cmi5Registrations.id, registrationId));
}
