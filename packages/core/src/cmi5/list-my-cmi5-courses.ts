/**
 * A learner's cmi5 courses: those offered to a class they learn in, each with where they stand —
 * per AU not started, in progress, completed, passed or satisfied (its moveOn criteria met, or
 * waived), and for the course whether it is satisfied.
 */
import { and, eq, inArray } from "drizzle-orm";
import { enrollments } from "../roster/schema.js";
import type { Ctx } from "../shared/context.js";
import {
  ausOf,
  courseTrees,
  type Cmi5AuView,
  type Cmi5BlockView,
  type Cmi5CourseTree,
} from "./course-tree.js";
import { authorizeLearner } from "./policies.js";
import { cmi5AuProgress, cmi5Courses, cmi5Offerings, cmi5Registrations } from "./schema.js";

export type Cmi5AuStatus = "not_started" | "in_progress" | "completed" | "passed" | "satisfied";

export interface Cmi5AuProgressView {
  status: Cmi5AuStatus;
  completed: boolean;
  passed: boolean;
  failed: boolean;
  waived: boolean;
  /** The best scaled score (0..1) of a passed or failed statement. */
  score: number | null;
}

export type Cmi5LearnerAu = Cmi5AuView & { progress: Cmi5AuProgressView };
export type Cmi5LearnerBlock = Omit<Cmi5BlockView, "children"> & {
  satisfied: boolean;
  children: (Cmi5LearnerBlock | Cmi5LearnerAu)[];
};

export interface Cmi5LearnerCourse extends Omit<Cmi5CourseTree, "children"> {
  status: "not_started" | "in_progress" | "satisfied";
  registration: string | null;
  children: (Cmi5LearnerBlock | Cmi5LearnerAu)[];
  /** Every AU in document order, for a flat list. */
  aus: Cmi5LearnerAu[];
}

type ProgressRow = typeof cmi5AuProgress.$inferSelect;

export function auStatusOf(row: ProgressRow | undefined): Cmi5AuStatus {
  if (row?.satisfiedAt) return "satisfied";
  if (row?.passedAt) return "passed";
  if (row?.completedAt) return "completed";
  if (row?.firstLaunchedAt) return "in_progress";
  return "not_started";
}

export async function listMyCmi5Courses(ctx: Ctx): Promise<Cmi5LearnerCourse[]> {
  authorizeLearner(ctx);
  const { actor, db } = ctx;
  const offered = await db
    .selectDistinct({ courseId: cmi5Offerings.courseId })
    .from(cmi5Offerings)
    .innerJoin(
      enrollments,
      and(
        eq(enrollments.classId, cmi5Offerings.classId),
        eq(enrollments.userId, actor.userId),
        eq(enrollments.role, "learner"),
      ),
    )
    .where(eq(cmi5Offerings.organizationId, actor.organizationId));
  if (offered.length === 0) return [];
  const rows = await db
    .select()
    .from(cmi5Courses)
    .where(
      inArray(
        cmi5Courses.id,
        offered.map((o) => o.courseId),
      ),
    );
  const trees = await courseTrees(db, rows);
  const registrations = await db
    .select()
    .from(cmi5Registrations)
    .where(
      and(
        inArray(
          cmi5Registrations.courseId,
          rows.map((r) => r.id),
        ),
        eq(cmi5Registrations.learnerId, actor.userId),
      ),
    );
  const progress =
    registrations.length === 0
      ? []
      : await db
          .select()
          .from(cmi5AuProgress)
          .where(
            inArray(
              cmi5AuProgress.registrationId,
              registrations.map((r) => r.id),
            ),
          );

  return trees
    .map((tree) => {
      const registration = registrations.find((r) => r.courseId === tree.id);
      const rowOf = (auId: string) =>
        registration
          ? progress.find((p) => p.registrationId === registration.id && p.auId === auId)
          : undefined;
      const withProgress = (node: Cmi5BlockView | Cmi5AuView): Cmi5LearnerBlock | Cmi5LearnerAu => {
        if (node.kind === "au") {
          const row = rowOf(node.id);
          return {
            ...node,
            progress: {
              status: auStatusOf(row),
              completed: Boolean(row?.completedAt),
              passed: Boolean(row?.passedAt),
              failed: Boolean(row?.failedAt),
              waived: Boolean(row?.waivedAt),
              score: row?.scoreScaled ?? null,
            },
          };
        }
        return {
          ...node,
          satisfied: registration?.satisfiedBlockIds.includes(node.id) ?? false,
          children: node.children.map(withProgress),
        };
      };
      const children = tree.children.map(withProgress);
      return {
        ...tree,
        status: registration?.satisfiedAt ? "satisfied" : registration ? "in_progress" : "not_started",
        registration: registration?.id ?? null,
        children,
        aus: ausOf(children as (Cmi5BlockView | Cmi5AuView)[]) as Cmi5LearnerAu[],
      } satisfies Cmi5LearnerCourse;
    })
    .sort((a, b) => (Object.values(a.title)[0] ?? "").localeCompare(Object.values(b.title)[0] ?? ""));
}
