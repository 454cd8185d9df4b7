/**
 * Seed the demo content (demo-content.ts) into the demo school, inside the seeding transaction:
 * resources and items linked to their competencies, interest variants, a rubric-scored project,
 * and a choice board from the grade 5 teacher. Competencies are found by their coding scheme.
 */
import { and, eq, inArray } from "drizzle-orm";
import {
  choiceBoardOptions,
  choiceBoards,
  itemCompetencies,
  items,
  itemVariants,
  resourceCompetencies,
  resources,
  rubrics,
  tasks,
} from "../content/schema.js";
import type { Database } from "../db/open-database.js";
import { competencies } from "../frameworks/schema.js";
import { DEMO_CONTENT, DEMO_TASK } from "./demo-content.js";

export interface DemoContentCounts {
  resources: number;
  items: number;
  variants: number;
}

export async function seedDemoContent(
  tx: Database,
  organizationId: string,
  frameworkId: string,
  firstClass: { id: string; teacherId: string },
  now: Date,
): Promise<DemoContentCounts> {
  const codes = [...DEMO_CONTENT.map((c) => c.code), ...DEMO_TASK.rubric.criteria.map((c) => c.code)];
  const rows = await tx
    .select({ id: competencies.id, code: competencies.humanCodingScheme })
    .from(competencies)
    .where(and(eq(competencies.frameworkId, frameworkId), inArray(competencies.humanCodingScheme, codes)));
  const idOf = new Map(rows.map((r) => [r.code!, r.id]));
  const counts: DemoContentCounts = { resources: 0, items: 0, variants: 0 };
  const boardOptions: { kind: "resource" | "item" | "task"; refId: string }[] = [];

  for (const entry of DEMO_CONTENT) {
    const competencyId = idOf.get(entry.code);
    if (!competencyId) continue;
    for (const resource of entry.resources) {
      const [row] = await tx
        .insert(resources)
        .values({
          organizationId,
          title: resource.title,
          kind: "text",
          body: resource.body,
          level: resource.level,
          modality: resource.modality,
          interests: resource.interests ?? [],
          expectedMinutes: resource.minutes,
          accessibilityFeatures: ["text-to-speech", "large-text"],
          license: "CC-BY-4.0",
          createdBy: firstClass.teacherId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: resources.id });
      await tx.insert(resourceCompetencies).values({ organizationId, resourceId: row!.id, competencyId });
      counts.resources += 1;
      if (entry.code === DEMO_CONTENT[0]!.code) boardOptions.push({ kind: "resource", refId: row!.id });
    }
    for (const item of entry.items) {
      const [row] = await tx
        .insert(items)
        .values({
          organizationId,
          kind: item.body.kind,
          stem: item.stem,
          body: item.body,
          guessRate: item.body.kind === "single_choice" ? 1 / item.body.choices.length : 0,
          createdBy: firstClass.teacherId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: items.id });
      await tx.insert(itemCompetencies).values({ organizationId, itemId: row!.id, competencyId });
      for (const variant of item.variants ?? []) {
        await tx.insert(itemVariants).values({
          organizationId,
          itemId: row!.id,
          interest: variant.interest,
          stem: variant.stem,
          texts: variant.texts ?? {},
          language: variant.language ?? "en",
        });
        counts.variants += 1;
      }
      counts.items += 1;
      if (entry.code === DEMO_CONTENT[0]!.code) boardOptions.push({ kind: "item", refId: row!.id });
    }
  }

  const criteria = DEMO_TASK.rubric.criteria.flatMap((c) => {
    const competencyId = idOf.get(c.code);
    return competencyId ? [{ id: c.id, title: c.title, competencyId, levels: DEMO_TASK.rubric.levels }] : [];
  });
  if (criteria.length > 0) {
    const [rubric] = await tx
      .insert(rubrics)
      .values({
        organizationId,
        title: DEMO_TASK.rubric.title,
        criteria,
        createdBy: firstClass.teacherId,
        createdAt: now,
      })
      .returning({ id: rubrics.id });
    const [task] = await tx
      .insert(tasks)
      .values({
        organizationId,
        title: DEMO_TASK.title,
        description: DEMO_TASK.description,
        rubricId: rubric!.id,
        expectedMinutes: DEMO_TASK.minutes,
        createdBy: firstClass.teacherId,
        createdAt: now,
      })
      .returning({ id: tasks.id });
    boardOptions.push({ kind: "task", refId: task!.id });
  }

  if (boardOptions.length >= 2) {
    const [board] = await tx
      .insert(choiceBoards)
      .values({
        organizationId,
        classId: firstClass.id,
        title: "Adding fractions: choose your way in",
        instructions: "Pick two: one to learn from and one to show what you can do.",
        picksRequired: 2,
        createdBy: firstClass.teacherId,
        createdAt: now,
      })
      .returning({ id: choiceBoards.id });
    await tx
      .insert(choiceBoardOptions)
      .values(
        boardOptions.map((option, position) => ({ organizationId, boardId: board!.id, position, ...option })),
      );
  }
  return counts;
}
