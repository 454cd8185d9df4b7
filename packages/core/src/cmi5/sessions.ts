/**
 * Ending AU sessions the AU did not end (cmi5 §9.3.6): the LMS records "abandoned" with the session's
 * duration — from launch to the last statement the AU sent (§9.5.4.2) — and accepts nothing more
 * from it: its LRS credentials stop working. Done when a new launch of the same AU in the same
 * registration finds a session still open, when it has been idle past `SESSION_IDLE_LIMIT_MS`, or
 * when an administrator abandons it.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { learnerActor, lmsActivityId } from "./identifiers.js";
import { recordLmsStatements } from "./lms-records.js";
import { cmi5Aus, cmi5Sessions } from "./schema.js";

/**
 * An AU session with no statement for this long is over: its credentials are refused and the next
 * launch records it abandoned. Long enough for a lesson left open over lunch.
 */
export const SESSION_IDLE_LIMIT_MS = 8 * 60 * 60 * 1000;

type SessionRow = typeof cmi5Sessions.$inferSelect;

/** "PT12.34S": xAPI durations keep hundredths of a second (Data 4.6). */
export function durationBetween(from: Date, to: Date): string {
  const hundredths = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 10));
  return `PT${hundredths / 100}S`;
}

/** Records "abandoned" for an open session and closes it. */
export async function abandonSession(tx: Database, now: () => Date, session: SessionRow): Promise<void> {
  const [au] = await tx
    .select({ publisherId: cmi5Aus.publisherId })
    .from(cmi5Aus)
    .where(eq(cmi5Aus.id, session.auId));
  await recordLmsStatements(tx, session.organizationId, now, [
    {
      verb: "abandoned",
      actor: learnerActor(session.learnerId),
      registration: session.registrationId,
      sessionId: session.id,
      publisherId: au!.publisherId,
      activityId: lmsActivityId("au", session.auId),
      duration: durationBetween(session.launchedAt, session.lastActivityAt),
    },
  ]);
  await tx
    .update(cmi5Sessions)
    .set({ ended: "abandoned", endedAt: now() })
    .where(eq(cmi5Sessions.id, session.id));
}

/** Abandons the sessions of this AU in this registration that are still open (before a new launch). */
export async function abandonOpenSessions(
  tx: Database,
  now: () => Date,
  registrationId: string,
  auId: string,
): Promise<void> {
  const open = await tx
    .select()
    .from(cmi5Sessions)
    .where(
      and(
        eq(cmi5Sessions.registrationId, registrationId),
        eq(cmi5Sessions.auId, auId),
        isNull(cmi5Sessions.ended),
      ),
    )
    .for("update");
  for (const session of open) await abandonSession(tx, now, session);
}

/** Whether a session still accepts its AU's requests. */
export function isSessionOpen(session: Pick<SessionRow, "ended" | "lastActivityAt">, now: Date): boolean {
  return session.ended === null && now.getTime() - session.lastActivityAt.getTime() <= SESSION_IDLE_LIMIT_MS;
}
