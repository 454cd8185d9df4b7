/**
 * Launching an AU (cmi5 §8, §10), by a learner the course is offered to: their registration in the
 * course (created on first launch, when moveOn is first evaluated — AUs whose moveOn is
 * NotApplicable are satisfied from the start, §9.6.1.1), any session of this AU still open in it
 * abandoned, a new session with its one-time fetch URL, the LMS.LaunchData state document, the
 * "launched" statement, and the launch URL with endpoint, fetch, actor, registration and activityId.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { buildCmi5LaunchData, buildCmi5LaunchUrl } from "@pathwise/standards";
import { z } from "zod";
import type { Ctx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { hashSecret } from "../xapi/clients.js";
import { learnerActor, lmsActivityId } from "./identifiers.js";
import { recordLmsStatements, writeLaunchData } from "./lms-records.js";
import { authorizeLearner, isOfferedTo } from "./policies.js";
import { recordSatisfaction } from "./satisfaction.js";
import { abandonOpenSessions } from "./sessions.js";
import { cmi5AuProgress, cmi5Aus, cmi5Courses, cmi5Registrations, cmi5Sessions } from "./schema.js";

export const LaunchCmi5AuInput = z.object({
  courseId: z.uuid(),
  auId: z.uuid(),
  launchMode: z.enum(["Normal", "Browse", "Review"]).default("Normal"),
  /** Launch in this registration (it must be the learner's, in this course); by default theirs. */
  registration: z.uuid().optional(),
  /** Where the AU sends the learner when it ends: a path of this site, e.g. "/learner/courses". */
  returnPath: z
    .string()
    .max(2000)
    .regex(/^\/(?![/\\])[^\s]*$/, "Give a path on this site, starting with a single /.")
    .optional(),
  /** This site's origin as the learner reaches it, e.g. "https://pathwise.example.org". */
  origin: z.url({ protocol: /^https?$/ }).refine((u) => new URL(u).origin === u.replace(/\/$/, ""), {
    message: "Give an origin: scheme, host and port only.",
  }),
});
export type LaunchCmi5AuInput = z.input<typeof LaunchCmi5AuInput>;

export interface Cmi5Launch {
  url: string;
  launchMethod: "AnyWindow" | "OwnWindow";
  registration: string;
  sessionId: string;
}

/** Where the files of a packaged course are served. */
export function packageContentBase(origin: string, packageId: string): string {
  return `${origin}/cmi5/content/${packageId}/`;
}

export async function launchCmi5Au(ctx: Ctx, raw: unknown): Promise<Cmi5Launch> {
  authorizeLearner(ctx);
  const actor = ctx.actor;
  const input = parseInput(LaunchCmi5AuInput, raw, "body");
  const origin = new URL(input.origin).origin;
  const [course] = await ctx.db
    .select()
    .from(cmi5Courses)
    .where(and(eq(cmi5Courses.id, input.courseId), eq(cmi5Courses.organizationId, actor.organizationId)));
  if (!course || !(await isOfferedTo(ctx.db, actor.userId, course.id))) throw notFound("This course");
  const [au] = await ctx.db
    .select()
    .from(cmi5Aus)
    .where(and(eq(cmi5Aus.id, input.auId), eq(cmi5Aus.courseId, course.id), isNull(cmi5Aus.retiredAt)));
  if (!au) throw notFound("This AU");
  const now = ctx.now;
  const learner = learnerActor(actor.userId);
  const activityId = lmsActivityId("au", au.id);
  const auUrl = new URL(au.url, packageContentBase(origin, course.currentPackageId)).href;

  return ctx.db.transaction(async (tx) => {
    const sessionId = randomUUID();
    let [registration] = await tx
      .select()
      .from(cmi5Registrations)
      .where(and(eq(cmi5Registrations.courseId, course.id), eq(cmi5Registrations.learnerId, actor.userId)));
    if (input.registration !== undefined && registration?.id !== input.registration.toLowerCase())
      throw notFound("This registration");
    if (!registration) {
      [registration] = await tx
        .insert(cmi5Registrations)
        .values({
          organizationId: actor.organizationId,
          courseId: course.id,
          learnerId: actor.userId,
          createdAt: now(),
        })
        .onConflictDoNothing()
        .returning();
      if (!registration)
        throw new AppError("conflict", "This course is being launched in another window; try again.");
      // moveOn is evaluated when the registration is made (NotApplicable AUs, and what they satisfy).
      await recordSatisfaction(tx, now, registration.id, sessionId);
    }
    await abandonOpenSessions(tx, now, registration.id, au.id);
    const fetchSecret = randomBytes(32).toString("base64url");
    const launchedAt = now();
    await tx.insert(cmi5Sessions).values({
      id: sessionId,
      organizationId: actor.organizationId,
      registrationId: registration.id,
      auId: au.id,
      learnerId: actor.userId,
      launchMode: input.launchMode,
      moveOn: au.moveOn,
      masteryScore: au.masteryScore,
      fetchSecretHash: hashSecret(fetchSecret),
      launchedAt,
      lastActivityAt: launchedAt,
    });
    await tx
      .insert(cmi5AuProgress)
      .values({
        organizationId: actor.organizationId,
        registrationId: registration.id,
        auId: au.id,
        firstLaunchedAt: launchedAt,
      })
      .onConflictDoUpdate({
        target: [cmi5AuProgress.registrationId, cmi5AuProgress.auId],
        set: { firstLaunchedAt: launchedAt },
        setWhere: isNull(cmi5AuProgress.firstLaunchedAt),
      });

    const optional = {
      ...(au.launchParameters !== null ? { launchParameters: au.launchParameters } : {}),
      ...(au.masteryScore !== null ? { masteryScore: au.masteryScore } : {}),
    };
    await writeLaunchData(
      tx,
      actor.organizationId,
      now,
      { activityId, actor: learner, registration: registration.id },
      buildCmi5LaunchData({
        sessionId,
        publisherId: au.publisherId,
        launchMode: input.launchMode,
        moveOn: au.moveOn,
        ...optional,
        ...(input.returnPath !== undefined ? { returnURL: `${origin}${input.returnPath}` } : {}),
        ...(au.entitlementKey !== null ? { entitlementKey: { courseStructure: au.entitlementKey } } : {}),
      }),
    );
    await recordLmsStatements(tx, actor.organizationId, now, [
      {
        verb: "launched",
        actor: learner,
        registration: registration.id,
        sessionId,
        publisherId: au.publisherId,
        activityId,
        launchMode: input.launchMode,
        launchUrl: auUrl,
        moveOn: au.moveOn,
        ...optional,
      },
    ]);
    const url = buildCmi5LaunchUrl({
      auUrl,
      endpoint: `${origin}/xapi`,
      fetch: `${origin}/cmi5/fetch/${sessionId}/${fetchSecret}`,
      actor: learner,
      registration: registration.id,
      activityId,
    });
    if (!url.ok)
      throw new AppError(
        "internal",
        `The launch URL could not be built: ${url.errors.map((e) => e.message).join("; ")}`,
      );
    return { url: url.value, launchMethod: au.launchMethod, registration: registration.id, sessionId };
  });
}
