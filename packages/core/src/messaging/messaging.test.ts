import type { Role } from "../identity/schema.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoal } from "../learners/goals.js";
import { guardianships } from "../roster/schema.js";
import { AppError } from "../shared/errors.js";
import {
  buildClass,
  buildOrganization,
  buildUser,
  enroll,
  linkGuardian,
  contextOf,
} from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { listMessages, listMyThreads, markThreadRead, postMessage, startThread } from "./threads.js";

let test: TestDatabase;
let clock = new Date("2026-10-05T09:00:00Z");
const now = () => (clock = new Date(clock.getTime() + 1000));

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function family() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const klass = await buildClass(db, place);
  const learner = await buildUser(db, orgId, ["learner"]);
  const classmate = await buildUser(db, orgId, ["learner"]);
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  const otherGuardian = await buildUser(db, orgId, ["guardian"]);
  const admin = await buildUser(db, orgId, ["admin"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, klass, classmate.id, "learner");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  await linkGuardian(db, orgId, otherGuardian.id, classmate.id);
  const ctx = (user: typeof learner, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    db,
    learner,
    classmate,
    teacher,
    guardian,
    otherGuardian,
    asLearner: ctx(learner, ["learner"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asGuardian: ctx(guardian, ["guardian"]),
    asOtherGuardian: ctx(otherGuardian, ["guardian"]),
    asAdmin: ctx(admin, ["admin"]),
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("messaging", () => {
  it("a teacher and a guardian talk about a goal; unread counts follow who has seen what", async () => {
    const f = await family();
    const goal = await createGoal(f.asLearner, f.learner.id, { title: "Read 20 minutes a day" });
    const { thread } = await startThread(f.asTeacher, f.learner.id, {
      subject: "Reading at home",
      body: "How is the reading going at home?",
      participantIds: [f.guardian.id, f.learner.id],
      attachedType: "goal",
      attachedId: goal.id,
    });
    let mine = await listMyThreads(f.asGuardian, {});
    expect(mine.totalUnread).toBe(1);
    expect(mine.items.map((t) => [t.thread.subject, t.unread])).toEqual([["Reading at home", 1]]);
    expect((await listMyThreads(f.asTeacher, {})).totalUnread).toBe(0);

    await postMessage(f.asGuardian, thread.id, { body: "Every evening before bed." });
    expect((await listMyThreads(f.asGuardian, {})).totalUnread).toBe(0);
    expect((await listMyThreads(f.asTeacher, {})).totalUnread).toBe(1);
    expect((await listMyThreads(f.asLearner, {})).totalUnread).toBe(2);
    await markThreadRead(f.asLearner, thread.id);
    mine = await listMyThreads(f.asLearner, {});
    expect(mine.totalUnread).toBe(0);
    expect((await listMessages(f.asLearner, thread.id, {})).items.map((m) => m.body)).toEqual([
      "Every evening before bed.",
      "How is the reading going at home?",
    ]);
  });

  it("guardians only for their linked learners; outsiders and admins do not see the conversation", async () => {
    const f = await family();
    const bad = await failure(
      startThread(f.asTeacher, f.learner.id, {
        subject: "Hello",
        body: "…",
        participantIds: [f.otherGuardian.id, f.classmate.id],
      }),
    );
    expect(bad.details.map((d) => d.path)).toEqual(["body.participantIds[0]", "body.participantIds[1]"]);
    expect(
      (
        await failure(
          startThread(f.asOtherGuardian, f.learner.id, {
            subject: "Hi",
            body: "…",
            participantIds: [f.teacher.id],
          }),
        )
      ).code,
    ).toBe("not_found");
    const { thread } = await startThread(f.asGuardian, f.learner.id, {
      subject: "Absence on Friday",
      body: "We will be away.",
      participantIds: [f.teacher.id],
    });
    expect((await failure(listMessages(f.asOtherGuardian, thread.id, {}))).code).toBe("not_found");
    expect((await failure(listMessages(f.asAdmin, thread.id, {}))).code).toBe("not_found");
    expect((await failure(postMessage(f.asLearner, thread.id, { body: "I was not asked" }))).code).toBe(
      "not_found",
    );
    const wrongAttachment = await failure(
      startThread(f.asTeacher, f.learner.id, {
        subject: "x",
        body: "y",
        participantIds: [f.guardian.id],
        attachedType: "plan",
        attachedId: thread.id,
      }),
    );
    expect(wrongAttachment.details[0]?.path).toBe("body.attachedId");

    // Once the guardianship ends, the guardian no longer sees the conversation.
    await f.db
      .delete(guardianships)
      .where(and(eq(guardianships.guardianId, f.guardian.id), eq(guardianships.learnerId, f.learner.id)));
    expect((await listMyThreads(f.asGuardian, {})).items).toEqual([]);
    expect((await failure(postMessage(f.asGuardian, thread.id, { body: "Hello?" }))).code).toBe("not_found");
  });
});
