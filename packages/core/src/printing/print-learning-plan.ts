/**
 * "My learning plan" on paper: the learner's current plan in order, the pacing sentence, and what
 * is due for review — for anyone who may see the plan (the learner, their teachers and guardians,
 * an admin), in the reader's language.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { competencies } from "../frameworks/schema.js";
import { users } from "../identity/schema.js";
import { getPlan, listPlans } from "../learners/plans.js";
import { getLearnerMastery } from "../personalization/get-learner-mastery.js";
import type { SignedInCtx } from "../shared/context.js";
import { parseInput } from "../shared/validate.js";
import { PrintedDocument } from "./pdf-document.js";
import { PRINT_LANGUAGES, printLanguageOf, WORDING } from "./wording.js";

export const PrintInput = z.object({
  /** The language to print in; by default the reader's own. */
  language: z.enum(PRINT_LANGUAGES).optional(),
});

export interface PrintedPdf {
  fileName: string;
  bytes: Uint8Array;
}

export async function printLearningPlan(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
  options: { compress?: boolean } = {},
): Promise<PrintedPdf> {
  const input = parseInput(PrintInput, raw, "query");
  const { actor, db } = ctx;
  // Authorizes the reader (404 for anyone who may not see the learner).
  const plans = await listPlans(ctx, learnerId);
  const current = plans.find((p) => p.status === "active") ?? plans.find((p) => p.status === "draft");
  const view = current ? await getPlan(ctx, current.id) : null;
  const mastery = await getLearnerMastery(ctx, learnerId);
  const [learner] = await db
    .select({ givenName: users.givenName, familyName: users.familyName })
    .from(users)
    .where(eq(users.id, learnerId));
  const language = printLanguageOf(input.language, actor.locale);
  const words = WORDING[language];
  const name = `${learner!.givenName} ${learner!.familyName}`;

  const planned = (view?.entries ?? []).filter((e) => !e.skipped && e.position !== undefined);
  const ids = planned.map((e) => e.competencyId);
  const statements = new Map(
    (ids.length
      ? await db
          .select({
            id: competencies.id,
            code: competencies.humanCodingScheme,
            statement: competencies.statement,
          })
          .from(competencies)
          .where(and(eq(competencies.organizationId, actor.organizationId), inArray(competencies.id, ids)))
      : []
    ).map((c) => [c.id, c.code ? `${c.code} ${c.statement}` : c.statement]),
  );

  const printed = new PrintedDocument({ title: words.planTitle(name), language, compress: options.compress });
  printed.heading(words.planTitle(name), 1);
  printed.heading(words.planSteps, 2);
  if (!view) printed.paragraph(words.noPlan);
  else
    printed.list(
      planned.map((e) =>
        words.stepLine({
          statement: statements.get(e.competencyId) ?? e.competencyId,
          minutes: e.minutes,
          done: e.expectedDone,
        }),
      ),
      undefined,
      true,
    );
  printed.heading(words.pacingHeading, 2);
  const pacing = view?.pacing;
  printed.paragraph(
    words.pacing(
      (pacing?.status as "ahead" | "on-track" | "behind" | undefined) ?? null,
      pacing?.days ?? 0,
      pacing?.expectedCompletion ?? null,
    ),
  );
  printed.heading(words.reviewHeading, 2);
  const due = mastery.filter((m) => m.status === "needs-review");
  if (due.length === 0) printed.paragraph(words.nothingToReview);
  else printed.list(due.map((m) => (m.code ? `${m.code} ${m.statement}` : m.statement)));
  return { fileName: `learning-plan-${learnerId}.pdf`, bytes: await printed.finish() };
}
