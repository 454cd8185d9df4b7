/**
 * Abandoning an AU session, by an admin (cmi5 §9.3.6): for a session the AU will never end — the
 * learner's device was lost, the window crashed — the LMS records "abandoned" now and the session's
 * credentials stop working at once. A later launch of the same AU does this by itself.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Ctx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { authorizeCourseAdministration } from "./policies.js";
import { abandonSession } from "./sessions.js";
import { cmi5Sessions } from "./schema.js";

export const AbandonCmi5SessionInput = z.object({ sessionId: z.uuid() });

export async function abandonCmi5Session(ctx: Ctx, raw: unknown): Promise<{ abandonedAt: Date }> {
  authorizeCourseAdministration(ctx, "abandon");
  const actor = ctx.actor;
  const input = parseInput(AbandonCmi5SessionInput, raw, "path");
  return ctx.db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(cmi5Sessions)
      .where(and(eq(cmi5Sessions.id, input.sessionId), eq(cmi5Sessions.organizationId, actor.organizationId)))
      .for("update");
    if (!session) throw notFound("This AU session");
    if (session.ended !== null)
      throw new AppError("conflict", `This AU session has already ended (${session.ended}).`);
    await abandonSession(tx, ctx.now, session);
    const at = ctx.now();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "cmi5_session.abandon",
      subjectType: "cmi5_session",
      subjectId: session.id,
      details: { learnerId: session.learnerId, auId: session.auId },
      at,
    });
    return { abandonedAt: at };
  });
}
