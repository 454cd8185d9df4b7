/**
 * Revisions of items and rubrics. An edit of content nobody has used yet changes it in place; an
 * edit after a learner answered the item (or handed in work scored with the rubric) keeps the old
 * content as a numbered revision, so old evidence and pending work still point at exactly what was
 * asked and how it is scored.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { evidence } from "../evidence/schema.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { authorize } from "./policies.js";
import {
  contentRevisions,
  rubrics,
  submissions,
  tasks,
  type ItemBody,
  type RubricCriterion,
} from "./schema.js";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface ItemSnapshot {
  kind: ItemBody["kind"];
  stem: string;
  body: ItemBody;
  level: string;
  language: string;
  guessRate: number;
  competencyIds: string[];
  variants: { id: string; interest: string; stem: string; texts: Record<string, string>; language: string }[];
}

export interface RubricSnapshot {
  title: string;
  criteria: RubricCriterion[];
}

/** Has anyone answered this revision of the item (evidence or a submission waiting for a teacher)? */
export async function itemRevisionUsed(
  db: Database | Tx,
  itemId: string,
  revision: number,
): Promise<boolean> {
  // Evidence written before revisions were kept has no revision: it counts as use of any revision.
  const [answered] = await db
    .select({ id: evidence.id })
    .from(evidence)
    .where(
      and(
        eq(evidence.itemId, itemId),
        sql`coalesce((${evidence.details}->>'itemRevision')::int, ${revision}) = ${revision}`,
      ),
    )
    .limit(1);
  if (answered) return true;
  const [submitted] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(
      and(
        eq(submissions.itemId, itemId),
        sql`coalesce(${submissions.itemRevision}, ${revision}) = ${revision}`,
      ),
    )
    .limit(1);
  return Boolean(submitted);
}

/** Has work been handed in against this revision of the rubric (through any task scored with it)? */
export async function rubricRevisionUsed(
  db: Database | Tx,
  rubricId: string,
  revision: number,
): Promise<boolean> {
  const [submitted] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(
      sql`(${submissions.rubricId} = ${rubricId} and coalesce(${submissions.rubricRevision}, ${revision}) = ${revision})
        or (${submissions.rubricId} is null and ${submissions.taskId} in (select ${tasks.id} from ${tasks} where ${tasks.rubricId} = ${rubricId}))`,
    )
    .limit(1);
  if (submitted) return true;
  const [scored] = await db
    .select({ id: evidence.id })
    .from(evidence)
    .where(
      and(
        eq(evidence.kind, "rubric_score"),
        sql`${evidence.details}->>'rubricId' = ${rubricId}`,
        sql`coalesce((${evidence.details}->>'rubricRevision')::int, ${revision}) = ${revision}`,
      ),
    )
    .limit(1);
  return Boolean(scored);
}

export async function keepRevision(
  tx: Tx,
  actor: Actor,
  subjectType: "item" | "rubric",
  subjectId: string,
  revision: number,
  snapshot: ItemSnapshot | RubricSnapshot,
  now: Date,
): Promise<void> {
  await tx
    .insert(contentRevisions)
    .values({
      organizationId: actor.organizationId,
      subjectType,
      subjectId,
      revision,
      snapshot: snapshot as unknown as Record<string, unknown>,
      replacedBy: actor.userId,
      replacedAt: now,
    })
    .onConflictDoNothing();
}

/**
 * The rubric as it was at `revision` (the current row when that is its revision), for scoring work
 * handed in against it.
 */
export async function rubricAtRevision(
  db: Database,
  organizationId: string,
  rubricId: string,
  revision: number | null,
): Promise<RubricSnapshot & { id: string; revision: number; current: boolean }> {
  const [row] = await db
    .select()
    .from(rubrics)
    .where(and(eq(rubrics.id, rubricId), eq(rubrics.organizationId, organizationId)));
  if (!row) throw notFound("The rubric");
  if (revision === null || revision === row.revision)
    return { id: row.id, title: row.title, criteria: row.criteria, revision: row.revision, current: true };
  const [kept] = await db
    .select()
    .from(contentRevisions)
    .where(
      and(
        eq(contentRevisions.subjectType, "rubric"),
        eq(contentRevisions.subjectId, rubricId),
        eq(contentRevisions.revision, revision),
      ),
    );
  if (!kept) throw new AppError("internal", `Revision ${revision} of the rubric was not kept.`);
  const snapshot = kept.snapshot as unknown as RubricSnapshot;
  return { id: row.id, ...snapshot, revision, current: false };
}

export interface ContentRevision {
  revision: number;
  replacedAt: Date;
  replacedBy: string | null;
  snapshot: Record<string, unknown>;
}

/** The earlier revisions of an item or rubric, newest first, for the staff who author them. */
export async function listContentRevisions(
  ctx: SignedInCtx,
  subjectType: "item" | "rubric",
  subjectId: string,
): Promise<ContentRevision[]> {
  authorize(ctx.actor, "author");
  const rows = await ctx.db
    .select()
    .from(contentRevisions)
    .where(
      and(
        eq(contentRevisions.organizationId, ctx.actor.organizationId),
        eq(contentRevisions.subjectType, subjectType),
        inArray(contentRevisions.subjectId, [subjectId]),
      ),
    );
  return rows
    .sort((a, b) => b.revision - a.revision)
    .map((r) => ({
      revision: r.revision,
      replacedAt: r.replacedAt,
      replacedBy: r.replacedBy,
      snapshot: r.snapshot,
    }));
}
