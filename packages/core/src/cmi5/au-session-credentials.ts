/**
 * The LRS credentials a launched AU receives from its fetch URL, and what they allow (cmi5 §8.2,
 * §9, §10, §11). They last as long as the session: refused once it is terminated, abandoned or idle
 * too long. They reach only the launched learner's documents, the AU's own state (LMS.LaunchData
 * read-only) and statements of its own registration; every statement they store must follow the
 * cmi5 rules for the session (right actor, registration, session id and activity, initialized
 * first, terminated last, one completed and one passed per registration, …) and is refused with
 * 403 and the reason otherwise. What the statements mean — the AU completed, passed, failed; the
 * session ended — is recorded with them, and moveOn is evaluated for the blocks and the course.
 */
import { and, eq, isNull } from "drizzle-orm";
import {
  acceptCmi5Statement,
  agentKey,
  classifyCmi5Statement,
  CMI5_LEARNER_PREFERENCES_PROFILE_ID,
  CMI5_VERBS,
  validateCmi5LearnerPreferences,
  type Cmi5SessionExpectations,
  type Cmi5SessionState,
  type Cmi5Verb,
  type XapiStatement,
  type XapiStatementQuery,
} from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { forbidden, type ErrorDetail, AppError } from "../shared/errors.js";
import {
  authenticateXapiClient,
  parseBasicCredentials,
  refuseLrsCredentials,
  secretMatches,
} from "../xapi/clients.js";
import type { DocumentAddress, LrsClient, LrsSessionRules } from "../xapi/lrs-context.js";
import type { XapiDocumentKind } from "../xapi/schema.js";
import { xapiClients } from "../xapi/schema.js";
import { launcherClientKey, learnerActor, lmsActivityId, SESSION_KEY_PREFIX } from "./identifiers.js";
import { LAUNCH_DATA_STATE_ID } from "./lms-records.js";
import { recordSatisfaction } from "./satisfaction.js";
import { isSessionOpen } from "./sessions.js";
import { cmi5AuProgress, cmi5Aus, cmi5Sessions } from "./schema.js";

export interface LrsCaller {
  client: LrsClient;
  /** Present for a launched AU's credentials. */
  session?: LrsSessionRules;
}

/**
 * Who an LRS request's `Authorization: Basic …` names: a launched AU's session (user name
 * `cmi5-session-<id>`), or an LRS client an admin issued. Anything else is a 401.
 */
export async function authenticateLrsRequest(
  db: Database,
  authorization: string | undefined,
  now: () => Date,
): Promise<LrsCaller> {
  const credentials = parseBasicCredentials(authorization);
  if (!credentials?.key.startsWith(SESSION_KEY_PREFIX))
    return { client: await authenticateXapiClient(db, authorization) };
  const sessionId = credentials.key.slice(SESSION_KEY_PREFIX.length);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(sessionId))
    throw refuseLrsCredentials();
  const [session] = await db.select().from(cmi5Sessions).where(eq(cmi5Sessions.id, sessionId));
  if (!session || !secretMatches(credentials.secret, session.tokenSecretHash)) throw refuseLrsCredentials();
  if (!isSessionOpen(session, now()))
    throw new AppError("unauthenticated", "This AU session has ended: its LRS credentials no longer work.");
  const [launcher] = await db
    .select()
    .from(xapiClients)
    .where(
      and(eq(xapiClients.key, launcherClientKey(session.organizationId)), isNull(xapiClients.revokedAt)),
    );
  const [au] = await db.select().from(cmi5Aus).where(eq(cmi5Aus.id, session.auId));
  if (!launcher || !au) throw refuseLrsCredentials();
  const client: LrsClient = {
    id: launcher.id,
    organizationId: session.organizationId,
    name: launcher.name,
    key: launcher.key,
    scopes: ["read", "write"],
  };
  const actor = learnerActor(session.learnerId);
  return {
    client,
    session: new AuSessionRules(db, now, {
      sessionId: session.id,
      registrationId: session.registrationId,
      auId: session.auId,
      actorKey: agentKey(actor)!,
      expectations: {
        actor,
        registration: session.registrationId,
        sessionId: session.id,
        publisherId: au.publisherId,
        activityId: lmsActivityId("au", au.id),
        launchMode: session.launchMode,
        ...(session.masteryScore !== null ? { masteryScore: session.masteryScore } : {}),
      },
    }),
  };
}

interface SessionFacts {
  sessionId: string;
  registrationId: string;
  auId: string;
  actorKey: string;
  expectations: Cmi5SessionExpectations;
}

const AU_ONLY = "These are a launched AU's credentials";

class AuSessionRules implements LrsSessionRules {
  /** The session's state after the statements accepted in this request. */
  private accepted: Cmi5SessionState | null = null;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly facts: SessionFacts,
  ) {}

  async authorizeDocument(
    kind: XapiDocumentKind,
    address: DocumentAddress,
    action: "read" | "write" | "delete",
    document?: { contentType: string; content: Uint8Array },
  ): Promise<void> {
    const { facts } = this;
    if (kind !== "activity_profile" && address.agentKey !== facts.actorKey)
      throw forbidden(`${AU_ONLY}: they reach only the launched learner's documents (cmi5 §11).`);
    if (kind === "state") {
      if (address.activityId !== facts.expectations.activityId)
        throw forbidden(`${AU_ONLY}: they reach only the launched AU's own state.`);
      if (address.registration !== "" && address.registration !== facts.registrationId)
        throw forbidden(`${AU_ONLY}: they reach only the state of the launch's registration.`);
      if (action !== "read" && (address.documentId === LAUNCH_DATA_STATE_ID || address.documentId === null))
        throw forbidden(
          "LMS.LaunchData is the LMS's: an AU may read it but not change or delete it (cmi5 §10).",
        );
    }
    if (
      kind === "activity_profile" &&
      action !== "read" &&
      address.activityId !== facts.expectations.activityId
    )
      throw forbidden(`${AU_ONLY}: they may change only the launched AU's own activity profile.`);
    if (kind === "agent_profile" && address.documentId === CMI5_LEARNER_PREFERENCES_PROFILE_ID) {
      if (action === "read") {
        await this.db
          .update(cmi5Sessions)
          .set({ preferencesRequestedAt: this.now() })
          .where(and(eq(cmi5Sessions.id, facts.sessionId), isNull(cmi5Sessions.preferencesRequestedAt)));
      } else if (action === "write") {
        const checked = validateCmi5LearnerPreferences(document!.contentType, document!.content);
        if (!checked.ok)
          throw new AppError(
            "forbidden",
            "Learner preferences must be a JSON object with languagePreference and audioPreference (cmi5 §11).",
            checked.errors.map((e) => ({ path: e.path, message: e.message })),
          );
      }
    }
  }

  authorizeStatementQuery(query: XapiStatementQuery): void {
    const own =
      query.kind === "list" &&
      (query.registration?.toLowerCase() === this.facts.registrationId ||
        (query.agent !== undefined && agentKey(query.agent) === this.facts.actorKey));
    if (!own)
      throw forbidden(`${AU_ONLY}: they read only statements of the launch's registration or learner.`);
  }

  async acceptStatements(tx: Database, statements: readonly XapiStatement[]): Promise<void> {
    const { facts } = this;
    const [session] = await tx
      .select()
      .from(cmi5Sessions)
      .where(eq(cmi5Sessions.id, facts.sessionId))
      .for("update");
    if (!session || !isSessionOpen(session, this.now()))
      throw forbidden("This AU session has ended; no more statements are accepted (cmi5 §9.3.6).");
    if (session.preferencesRequestedAt === null)
      throw forbidden(
        "An AU must retrieve its learner preferences (Agent Profile cmi5LearnerPreferences) on startup, before sending statements (cmi5 §11).",
      );
    const [progress] = await tx
      .select()
      .from(cmi5AuProgress)
      .where(
        and(eq(cmi5AuProgress.registrationId, facts.registrationId), eq(cmi5AuProgress.auId, facts.auId)),
      );
    let state: Cmi5SessionState = {
      initialized: session.initialized,
      ended: session.ended,
      definedVerbs: session.definedVerbs as Cmi5Verb[],
      registration: { completed: Boolean(progress?.completedAt), passed: Boolean(progress?.passedAt) },
    };
    const problems: ErrorDetail[] = [];
    for (const [index, statement] of statements.entries()) {
      const step = acceptCmi5Statement(state, statement, facts.expectations);
      if (!step.ok) {
        const prefix = statements.length > 1 ? `$[${index}]` : "$";
        problems.push(
          ...step.errors.map((e) => ({ path: e.path.replace(/^\$/, prefix), message: e.message })),
        );
        break;
      }
      state = step.state;
    }
    if (problems.length > 0)
      throw new AppError(
        "forbidden",
        "cmi5 does not allow this statement in this AU session; nothing was stored.",
        problems,
      );
    this.accepted = state;
  }

  async statementsStored(tx: Database, statements: readonly XapiStatement[]): Promise<void> {
    const { facts } = this;
    const state = this.accepted!;
    const at = this.now();
    await tx
      .update(cmi5Sessions)
      .set({
        initialized: state.initialized,
        definedVerbs: state.definedVerbs,
        lastActivityAt: at,
        ...(state.ended === "terminated" ? { ended: "terminated" as const, endedAt: at } : {}),
      })
      .where(eq(cmi5Sessions.id, facts.sessionId));
    const defined = statements.filter((s) => classifyCmi5Statement(s, facts.expectations) === "defined");
    const sent = (verb: Cmi5Verb) => defined.some((s) => s.verb.id === CMI5_VERBS[verb]);
    // Only completed, passed and failed change what the registration holds.
    if (!sent("completed") && !sent("passed") && !sent("failed")) return;
    const scores = defined
      .filter((s) => s.verb.id === CMI5_VERBS.passed || s.verb.id === CMI5_VERBS.failed)
      .map((s) => s.result?.score?.scaled)
      .filter((score): score is number => score !== undefined);
    const [progress] = await tx
      .select()
      .from(cmi5AuProgress)
      .where(
        and(eq(cmi5AuProgress.registrationId, facts.registrationId), eq(cmi5AuProgress.auId, facts.auId)),
      );
    const best = Math.max(progress?.scoreScaled ?? -Infinity, ...scores);
    await tx
      .update(cmi5AuProgress)
      .set({
        ...(sent("completed") && !progress?.completedAt ? { completedAt: at } : {}),
        ...(sent("passed") && !progress?.passedAt ? { passedAt: at } : {}),
        ...(sent("failed") && !progress?.failedAt ? { failedAt: at } : {}),
        ...(Number.isFinite(best) ? { scoreScaled: best } : {}),
      })
      .where(
        and(eq(cmi5AuProgress.registrationId, facts.registrationId), eq(cmi5AuProgress.auId, facts.auId)),
      );
    if (sent("completed") || sent("passed"))
      await recordSatisfaction(tx, this.now, facts.registrationId, facts.sessionId);
  }
}
