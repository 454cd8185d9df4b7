/**
 * The school `npm run bench:api` measures against: one organization, 40 classes, 1,000 learners
 * (one class of 35 follows the whole framework, the others a grade each), the Smarter Balanced
 * framework, three activities per competency (two items and a video), and 200 pieces of evidence per
 * learner (200,000 in all) whose learner states and mastery rows are computed by the same model the
 * platform uses — as if every answer had gone through the API, but written in bulk.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { BktModel, type BktLearnerState } from "@pathwise/engine";
import { itemCompetencies, items, resourceCompetencies, resources } from "../content/schema.js";
import type { Database } from "../db/open-database.js";
import { evidence } from "../evidence/schema.js";
import { frameworkDraftFromCase } from "../frameworks/case-draft.js";
import { saveFramework } from "../frameworks/save-framework.js";
import { competencies } from "../frameworks/schema.js";
import { hashPassword } from "../identity/passwords.js";
import { organizations, sessions, userRoles, users } from "../identity/schema.js";
import { newSessionToken, sessionIdOf } from "../identity/tokens.js";
import { PRIOR_BKT_PARAMETERS } from "../personalization/defaults.js";
import { organizationModel } from "../personalization/learner-model.js";
import { competencyMastery, learnerStates } from "../personalization/schema.js";
import { classes, enrollments, schools, terms } from "../roster/schema.js";

export interface BenchSchoolOptions {
  caseFile: string;
  classes?: number;
  learners?: number;
  evidencePerLearner?: number;
  /** Learners in the class that follows the whole framework (the mastery-matrix class). */
  wholeFrameworkClassSize?: number;
  seed?: number;
  now?: Date;
}

export interface BenchLearner {
  id: string;
  token: string;
  /** Competencies of the learner's class, each with its item ids. */
  competencies: { id: string; itemIds: string[] }[];
}

export interface BenchSchool {
  organizationId: string;
  matrixClassId: string;
  matrixLearners: number;
  competencies: number;
  learners: BenchLearner[];
  evidenceRows: number;
  teacherToken: string;
}

/** A small seeded generator (mulberry32) so two runs seed the same school. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertInChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedBenchSchool(db: Database, options: BenchSchoolOptions): Promise<BenchSchool> {
  const classCount = options.classes ?? 40;
  const learnerCount = options.learners ?? 1000;
  const perLearner = options.evidencePerLearner ?? 200;
  const wholeSize = options.wholeFrameworkClassSize ?? 35;
  const now = options.now ?? new Date();
  const rand = random(options.seed ?? 1);

  const [org] = await db
    .insert(organizations)
    .values({ name: "Bench District", slug: `bench-${randomUUID().slice(0, 8)}` })
    .returning();
  const organizationId = org!.id;
  const [school] = await db
    .insert(schools)
    .values({ organizationId, name: "Bench Middle School" })
    .returning();
  const [term] = await db
    .insert(terms)
    .values({
      organizationId,
      schoolId: school!.id,
      name: "Year",
      startsOn: "2026-08-24",
      endsOn: "2027-06-18",
    })
    .returning();

  const parsed = frameworkDraftFromCase(JSON.parse(await readFile(options.caseFile, "utf8")));
  if (!parsed.ok) throw new Error(`The CASE file could not be read: ${JSON.stringify(parsed)}`);
  const frameworkId = await saveFramework(db, organizationId, parsed.draft);
  const competencyRows = await db
    .select({ id: competencies.id, levels: competencies.educationLevels })
    .from(competencies)
    .where(eq(competencies.frameworkId, frameworkId));

  // Content: two single-choice items and one video per competency.
  const itemRows = competencyRows.flatMap((c, k) =>
    [0, 1].map((n) => ({
      id: randomUUID(),
      organizationId,
      kind: "single_choice" as const,
      stem: `Question ${n + 1} on competency ${k + 1}`,
      body: {
        kind: "single_choice" as const,
        choices: ["a", "b", "c", "d"].map((id) => ({ id, text: `Choice ${id}` })),
        correct: "b",
      },
      guessRate: 0.25,
      competencyId: c.id,
    })),
  );
  await insertInChunks(itemRows, 1000, (chunk) =>
    db.insert(items).values(chunk.map(({ competencyId: _c, ...row }) => row)),
  );
  await insertInChunks(itemRows, 2000, (chunk) =>
    db
      .insert(itemCompetencies)
      .values(chunk.map((r) => ({ organizationId, itemId: r.id, competencyId: r.competencyId }))),
  );
  const resourceRows = competencyRows.map((c, k) => ({
    id: randomUUID(),
    organizationId,
    title: `Video on competency ${k + 1}`,
    kind: "link" as const,
    url: `https://videos.example.org/${k + 1}`,
    modality: "video" as const,
    expectedMinutes: 8,
    accessibilityFeatures: ["captions"],
    competencyId: c.id,
  }));
  await insertInChunks(resourceRows, 1000, (chunk) =>
    db.insert(resources).values(chunk.map(({ competencyId: _c, ...row }) => row)),
  );
  await insertInChunks(resourceRows, 2000, (chunk) =>
    db
      .insert(resourceCompetencies)
      .values(chunk.map((r) => ({ organizationId, resourceId: r.id, competencyId: r.competencyId }))),
  );
  const itemsOf = new Map<string, string[]>();
  for (const item of itemRows)
    itemsOf.set(item.competencyId, [...(itemsOf.get(item.competencyId) ?? []), item.id]);

  // People and classes: class 0 follows the whole framework; the others one grade each, 3 to 8.
  const passwordHash = await hashPassword(randomUUID());
  const grades = ["03", "04", "05", "06", "07", "08"];
  const classRows = Array.from({ length: classCount }, (_, k) => ({
    id: randomUUID(),
    organizationId,
    schoolId: school!.id,
    termId: term!.id,
    name: k === 0 ? "Mathematics lab" : `Grade ${Number(grades[(k - 1) % grades.length])} mathematics ${k}`,
    grade: k === 0 ? null : grades[(k - 1) % grades.length]!,
    frameworkId,
  }));
  await db.insert(classes).values(classRows);
  const person = (role: "learner" | "teacher", k: number) => ({
    id: randomUUID(),
    organizationId,
    givenName: role === "learner" ? `Learner` : `Teacher`,
    familyName: String(k + 1),
    email: `${role}${k + 1}.${org!.slug}@bench.example`,
    passwordHash,
  });
  const learnerRows = Array.from({ length: learnerCount }, (_, k) => person("learner", k));
  const teacherRows = Array.from({ length: classCount }, (_, k) => person("teacher", k));
  await insertInChunks([...learnerRows, ...teacherRows], 1000, (chunk) => db.insert(users).values(chunk));
  await insertInChunks(
    [
      ...learnerRows.map((u) => ({ organizationId, userId: u.id, role: "learner" as const })),
      ...teacherRows.map((u) => ({ organizationId, userId: u.id, role: "teacher" as const })),
    ],
    2000,
    (chunk) => db.insert(userRoles).values(chunk),
  );
  const classOf = learnerRows.map((_, k) =>
    k < wholeSize ? 0 : 1 + ((k - wholeSize) % Math.max(1, classCount - 1)),
  );
  await insertInChunks(
    [
      ...learnerRows.map((u, k) => ({
        organizationId,
        classId: classRows[classOf[k]!]!.id,
        userId: u.id,
        role: "learner" as const,
      })),
      ...teacherRows.map((u, k) => ({
        organizationId,
        classId: classRows[k]!.id,
        userId: u.id,
        role: "teacher" as const,
      })),
    ],
    2000,
    (chunk) => db.insert(enrollments).values(chunk),
  );
  const competenciesOfClass = classRows.map((klass) =>
    competencyRows
      .filter((c) => klass.grade === null || c.levels.includes(klass.grade))
      .map((c) => ({ id: c.id, itemIds: itemsOf.get(c.id) ?? [] })),
  );

  // Evidence, states and mastery, computed with the organization's (prior) model as the API would.
  const model = await organizationModel(db, organizationId, now);
  const bkt = new BktModel(
    Object.fromEntries(competencyRows.map((c) => [c.id, { ...PRIOR_BKT_PARAMETERS }])),
    false,
  );
  const start = now.getTime() - 120 * 86_400_000;
  let evidenceRows = 0;
  const learners: BenchLearner[] = [];
  const sessionRows: (typeof sessions.$inferInsert)[] = [];
  for (let batch = 0; batch < learnerRows.length; batch += 50) {
    const evidenceBatch: (typeof evidence.$inferInsert)[] = [];
    const stateBatch: (typeof learnerStates.$inferInsert)[] = [];
    const masteryBatch: (typeof competencyMastery.$inferInsert)[] = [];
    for (let k = batch; k < Math.min(batch + 50, learnerRows.length); k++) {
      const learner = learnerRows[k]!;
      const pool = competenciesOfClass[classOf[k]!]!;
      const ability = 0.45 + 0.45 * rand();
      let state: BktLearnerState = bkt.initialState();
      const touched = new Set<string>();
      // Work through the class's competencies in order, a few answers each, as a year of practice would.
      for (let n = 0; n < perLearner; n++) {
        const competency =
          pool[Math.min(pool.length - 1, Math.floor((n / perLearner) * pool.length * 0.6 + rand() * 8))]!;
        const itemId = competency.itemIds[Math.floor(rand() * competency.itemIds.length)] ?? null;
        const correct = rand() < ability;
        const at = new Date(start + (n / perLearner) * 110 * 86_400_000);
        state = bkt.update(state, {
          itemId: itemId ?? `evidence:${competency.id}`,
          skillIds: [competency.id],
          timeMs: at.getTime(),
          correct,
        });
        touched.add(competency.id);
        evidenceBatch.push({
          organizationId,
          learnerId: learner.id,
          kind: "attempt",
          competencyIds: [competency.id],
          itemId,
          correct,
          score: correct ? 1 : 0,
          durationSeconds: 20 + Math.floor(rand() * 60),
          recordedBy: learner.id,
          source: "web",
          idempotencyKey: `bench:${learner.id}:${n}`,
          occurredAt: at,
          recordedAt: at,
        });
      }
      stateBatch.push({
        organizationId,
        learnerId: learner.id,
        modelId: model.modelId,
        state,
        evidenceCount: perLearner,
        updatedAt: now,
      });
      for (const competencyId of touched) {
        const report = bkt.masteryOf(state, competencyId);
        masteryBatch.push({
          organizationId,
          learnerId: learner.id,
          competencyId,
          probability: report.probability,
          lower: report.confidence.lower,
          upper: report.confidence.upper,
          evidenceCount: report.confidence.evidenceCount,
          status: report.status,
          masteredAt: report.status === "mastered" ? now : null,
          updatedAt: now,
        });
      }
      const token = newSessionToken();
      sessionRows.push({
        id: sessionIdOf(token),
        organizationId,
        userId: learner.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 86_400_000),
      });
      learners.push({ id: learner.id, token, competencies: pool });
    }
    await insertInChunks(evidenceBatch, 2000, (chunk) => db.insert(evidence).values(chunk));
    await db.insert(learnerStates).values(stateBatch);
    await insertInChunks(masteryBatch, 2000, (chunk) => db.insert(competencyMastery).values(chunk));
    evidenceRows += evidenceBatch.length;
  }
  const teacherToken = newSessionToken();
  sessionRows.push({
    id: sessionIdOf(teacherToken),
    organizationId,
    userId: teacherRows[0]!.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 86_400_000),
  });
  await insertInChunks(sessionRows, 1000, (chunk) => db.insert(sessions).values(chunk));
  return {
    organizationId,
    matrixClassId: classRows[0]!.id,
    matrixLearners: classOf.filter((k) => k === 0).length,
    competencies: competencyRows.length,
    learners,
    evidenceRows,
    teacherToken,
  };
}
export { createLrsTenant, type LrsTenant } from "./lrs-tenant.js";
