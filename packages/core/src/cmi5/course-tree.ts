/**
 * A course as people see it: its blocks and AUs in the order of the current version, each with its
 * row id, its generated activity id and the competencies that activity is mapped to.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Cmi5Au, Cmi5Block, Cmi5LangStrings, Cmi5LaunchMethod, Cmi5MoveOn } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { competencies } from "../frameworks/schema.js";
import { xapiActivities } from "../xapi/schema.js";
import { lmsActivityId } from "./identifiers.js";
import { cmi5Aus, cmi5Blocks, cmi5Courses } from "./schema.js";

export interface Cmi5CompetencyRef {
  id: string;
  code: string | null;
  statement: string;
}

interface NodeBase {
  /** The row id: stable across versions of the course. */
  id: string;
  publisherId: string;
  /** The activity id Pathwise generated (what statements are about, what mappings map). */
  activityId: string;
  title: Cmi5LangStrings;
  competencies: Cmi5CompetencyRef[];
}

export interface Cmi5AuView extends NodeBase {
  kind: "au";
  /** Position among the course's AUs in document order (0-based). */
  position: number;
  moveOn: Cmi5MoveOn;
  masteryScore: number | null;
  launchMethod: Cmi5LaunchMethod;
  url: string;
}

export interface Cmi5BlockView extends NodeBase {
  kind: "block";
  children: (Cmi5BlockView | Cmi5AuView)[];
}

export interface Cmi5CourseTree extends NodeBase {
  description: Cmi5LangStrings;
  version: number;
  updatedAt: Date;
  currentPackageId: string;
  children: (Cmi5BlockView | Cmi5AuView)[];
}

type CourseRow = typeof cmi5Courses.$inferSelect;

/** The trees of these courses (rows already authorized), with competency mappings. */
export async function courseTrees(db: Database, courses: CourseRow[]): Promise<Cmi5CourseTree[]> {
  if (courses.length === 0) return [];
  const ids = courses.map((course) => course.id);
  const aus = await db
    .select()
    .from(cmi5Aus)
    .where(and(inArray(cmi5Aus.courseId, ids), isNull(cmi5Aus.retiredAt)));
  const blocks = await db
    .select()
    .from(cmi5Blocks)
    .where(and(inArray(cmi5Blocks.courseId, ids), isNull(cmi5Blocks.retiredAt)));
  const activityIds = [
    ...courses.map((c) => lmsActivityId("course", c.id)),
    ...blocks.map((b) => lmsActivityId("block", b.id)),
    ...aus.map((a) => lmsActivityId("au", a.id)),
  ];
  const organizationId = courses[0]!.organizationId;
  const mapped = await db
    .select({ activityId: xapiActivities.activityId, competencyIds: xapiActivities.competencyIds })
    .from(xapiActivities)
    .where(
      and(eq(xapiActivities.organizationId, organizationId), inArray(xapiActivities.activityId, activityIds)),
    );
  const competencyIds = [...new Set(mapped.flatMap((m) => m.competencyIds))];
  const named =
    competencyIds.length === 0
      ? []
      : await db
          .select({
            id: competencies.id,
            code: competencies.humanCodingScheme,
            statement: competencies.statement,
          })
          .from(competencies)
          .where(inArray(competencies.id, competencyIds));
  const competenciesOf = (activityId: string): Cmi5CompetencyRef[] =>
    (mapped.find((m) => m.activityId === activityId)?.competencyIds ?? []).flatMap((id) =>
      named.filter((c) => c.id === id),
    );

  return courses.map((course) => {
    const auRow = new Map(aus.filter((a) => a.courseId === course.id).map((a) => [a.publisherId, a]));
    const blockRow = new Map(blocks.filter((b) => b.courseId === course.id).map((b) => [b.publisherId, b]));
    const view = (node: Cmi5Block | Cmi5Au): Cmi5BlockView | Cmi5AuView | null => {
      if (node.kind === "au") {
        const row = auRow.get(node.id);
        if (!row) return null;
        const activityId = lmsActivityId("au", row.id);
        return {
          kind: "au",
          id: row.id,
          publisherId: row.publisherId,
          activityId,
          title: row.title,
          competencies: competenciesOf(activityId),
          position: row.position,
          moveOn: row.moveOn,
          masteryScore: row.masteryScore,
          launchMethod: row.launchMethod,
          url: row.url,
        };
      }
      const row = blockRow.get(node.id);
      if (!row) return null;
      const activityId = lmsActivityId("block", row.id);
      return {
        kind: "block",
        id: row.id,
        publisherId: row.publisherId,
        activityId,
        title: row.title,
        competencies: competenciesOf(activityId),
        children: node.children.map(view).filter((child) => child !== null),
      };
    };
    const activityId = lmsActivityId("course", course.id);
    return {
      id: course.id,
      publisherId: course.publisherId,
      activityId,
      title: course.title,
      description: course.description,
      competencies: competenciesOf(activityId),
      version: course.currentVersion,
      updatedAt: course.updatedAt,
      currentPackageId: course.currentPackageId,
      children: course.structure.children.map(view).filter((child) => child !== null),
    };
  });
}

/** Every AU of a tree, in document order. */
export function ausOf(nodes: readonly (Cmi5BlockView | Cmi5AuView)[]): Cmi5AuView[] {
  return nodes.flatMap((node) => (node.kind === "au" ? [node] : ausOf(node.children)));
}
