/**
 * What a teacher needs to enter a class's paper results in one screen: the board's questions (the
 * same numbers and codes for every learner, since every packet of a board lists its items in the
 * board's order), the learners of the class, and which answers were already entered — so a second
 * entry session shows what is done and enters only what is new.
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { submissions } from "../content/schema.js";
import { evidence } from "../evidence/schema.js";
import { learnerIdsOfClass } from "../personalization/relationships.js";
import type { SignedInCtx } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";
import { CHOICE_LABELS, loadBoardFor, packetsOf } from "./practice-packets.js";

export interface PaperSheetQuestion {
  number: number;
  /** The code suffix shared by every learner's sheet; the full code is `${packetCode}-${number}`. */
  code: string;
  itemId: string;
  kind: "single_choice" | "multiple_choice" | "numeric" | "short_text" | "ordering";
}

export interface PaperSheetLearner {
  id: string;
  name: string;
  /** Per question number: what was already entered for this learner. */
  entered: Record<number, { correct: boolean | null; pending: boolean }>;
  /** Per question number: the letters printed on this learner's sheet (reduced choices differ). */
  letters: Record<number, string>;
}

export interface PaperResultsSheet {
  boardId: string;
  boardTitle: string;
  classId: string;
  className: string;
  packetCode: string;
  questions: PaperSheetQuestion[];
  learners: PaperSheetLearner[];
}

export async function paperResultsSheet(ctx: SignedInCtx, boardId: string): Promise<PaperResultsSheet> {
  const { actor, db } = ctx;
  const access = await loadBoardFor(db, actor, boardId);
  if (!access.teaches) throw forbidden("Only the class's teachers enter its paper results.");
  const learnerIds = await learnerIdsOfClass(db, actor.organizationId, access.board.classId);
  const packets = await packetsOf(db, actor.organizationId, access.board, learnerIds);
  const prefix = `paper:${boardId}:`;
  const [attempts, queued] = learnerIds.length
    ? await Promise.all([
        db
          .select({ key: evidence.idempotencyKey, correct: evidence.correct })
          .from(evidence)
          .where(
            and(
              eq(evidence.organizationId, actor.organizationId),
              inArray(evidence.learnerId, learnerIds),
              like(evidence.idempotencyKey, `${prefix}%`),
            ),
          ),
        db
          .select({ key: submissions.idempotencyKey, status: submissions.status })
          .from(submissions)
          .where(
            and(
              eq(submissions.organizationId, actor.organizationId),
              inArray(submissions.learnerId, learnerIds),
              like(submissions.idempotencyKey, `${prefix}%`),
            ),
          ),
      ])
    : [[], []];
  const first = packets[0];
  const questions: PaperSheetQuestion[] = (first?.items ?? []).map((item, index) => ({
    number: index + 1,
    code: item.code,
    itemId: item.itemId,
    kind: item.body.kind,
  }));
  const lettersOf = (body: (typeof packets)[number]["items"][number]["body"]) =>
    body.kind === "single_choice" || body.kind === "multiple_choice"
      ? CHOICE_LABELS.slice(0, body.choices.length)
      : body.kind === "ordering"
        ? CHOICE_LABELS.slice(0, body.entries.length)
        : "";
  return {
    boardId,
    boardTitle: access.board.title,
    classId: access.board.classId,
    className: access.board.className,
    packetCode: first?.packetCode ?? "",
    questions,
    learners: packets.map((packet) => {
      const entered: PaperSheetLearner["entered"] = {};
      const letters: PaperSheetLearner["letters"] = {};
      packet.items.forEach((item, index) => {
        const key = `${prefix}${packet.learner.id}:${item.itemId}`;
        const attempt = attempts.find((a) => a.key === key);
        const submission = queued.find((s) => s.key === key);
        if (attempt) entered[index + 1] = { correct: attempt.correct, pending: false };
        else if (submission) entered[index + 1] = { correct: null, pending: submission.status !== "scored" };
        letters[index + 1] = lettersOf(item.body);
      });
      return { id: packet.learner.id, name: packet.learner.name, entered, letters };
    }),
  };
}
