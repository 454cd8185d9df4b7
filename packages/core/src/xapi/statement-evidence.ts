/**
 * From statements to evidence: a statement about an activity an admin mapped to competencies, made
 * by a learner of the organization, with a result the engine can read, becomes evidence of kind
 * "activity" — score = result.score.scaled (negative scores count as 0), else success (1 or 0),
 * else completion (1); a "satisfied" statement (a cmi5 block or course whose moveOn criteria were
 * met) counts as success, a "waived" one never counts. The statement id is the evidence's idempotency key, so a statement stored
 * twice, or replayed, never counts twice.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { parseXapiDuration, xapiDurationToSeconds, type XapiStatement } from "@pathwise/standards";
import type { Database } from "../db/open-database.js";
import { RecordEvidenceInput, writeEvidence } from "../evidence/record-evidence.js";
import { competencies } from "../frameworks/schema.js";
import { userRoles, users } from "../identity/schema.js";
import { parseInput } from "../shared/validate.js";
import { isOwnStatement } from "./own-statements.js";
import { xapiActivities } from "./schema.js";

/** "Satisfied" (ADL vocabulary, cmi5 §9.3.9): the requirements of a block or course were met. */
const SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied";
/** "Waived" (cmi5 §9.3.7): the learner was excused; that says nothing of what they know. */
const WAIVED = "https://w3id.org/xapi/adl/verbs/waived";

/**
 * The outcome a statement's result reports, on the 0..1 scale evidence uses; null when it reports
 * none. A "satisfied" statement reports success without a result; a "waived" one reports nothing.
 */
export function outcomeOf(statement: XapiStatement): { score: number; correct: boolean | null } | null {
  if (statement.verb.id === WAIVED) return null;
  const result = statement.result;
  if (!result) return statement.verb.id === SATISFIED ? { score: 1, correct: true } : null;
  const correct = result.success ?? null;
  const scaled = result.score?.scaled;
  if (scaled !== undefined) return { score: Math.min(1, Math.max(0, scaled)), correct };
  if (result.success !== undefined) return { score: result.success ? 1 : 0, correct };
  if (result.completion === true) return { score: 1, correct };
  return null;
}

/** The learner a statement's actor names: `mailto:` their email, or an account whose name is their id. */
function learnerLookupKey(statement: XapiStatement): { email?: string; id?: string } | null {
  const actor = statement.actor;
  if (actor.objectType !== "Agent") return null;
  if (actor.mbox) return { email: actor.mbox.slice("mailto:".length).toLowerCase() };
  if (actor.account && /^[0-9a-f-]{36}$/i.test(actor.account.name))
    return { id: actor.account.name.toLowerCase() };
  return null;
}

/** The statements that could become evidence, if their activity is mapped. */
export function evidenceCandidates(statements: readonly XapiStatement[]): XapiStatement[] {
  // Pathwise's own statements tell of evidence already recorded: never evidence again (no loop).
  return statements.filter(
    (s) =>
      s.object.objectType === "Activity" &&
      !isOwnStatement(s) &&
      outcomeOf(s) !== null &&
      learnerLookupKey(s) !== null,
  );
}

/** The activities those statements are about (what `mapped` must be looked up for). */
export const candidateActivityIds = (candidates: readonly XapiStatement[]) => [
  ...new Set(candidates.map((s) => (s.object as { id: string }).id)),
];

export interface ActivityCompetencies {
  activityId: string;
  competencyIds: string[];
}

/**
 * Records the evidence the statements carry. `prefetched`: the competencies mapped to the
 * candidates' activities when the caller already read them (in the query that stored the
 * statements); otherwise they are read here.
 */
export async function recordStatementEvidence(
  tx: Database,
  organizationId: string,
  statements: readonly XapiStatement[],
  now: Date,
  prefetched?: readonly ActivityCompetencies[],
): Promise<number> {
  const candidates = evidenceCandidates(statements);
  if (candidates.length === 0) return 0;
  const activityIds = candidateActivityIds(candidates);
  const mapped =
    prefetched?.filter((m) => m.competencyIds.length > 0) ??
    (await tx
      .select({ activityId: xapiActivities.activityId, competencyIds: xapiActivities.competencyIds })
      .from(xapiActivities)
      .where(
        and(
          eq(xapiActivities.organizationId, organizationId),
          inArray(xapiActivities.activityId, activityIds),
          sql`cardinality(${xapiActivities.competencyIds}) > 0`,
        ),
      ));
  if (mapped.length === 0) return 0;
  const current = await tx
    .select({ id: competencies.id })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, organizationId),
        inArray(competencies.id, [...new Set(mapped.flatMap((m) => m.competencyIds))]),
        isNull(competencies.retiredAt),
      ),
    );
  const currentIds = new Set(current.map((c) => c.id));
  const competenciesOf = new Map(
    mapped.map((m) => [m.activityId, m.competencyIds.filter((id) => currentIds.has(id))]),
  );

  const keys = candidates.map(learnerLookupKey);
  const emails = keys.flatMap((k) => (k?.email ? [k.email] : []));
  const ids = keys.flatMap((k) => (k?.id ? [k.id] : []));
  const learners = await tx
    .select({ id: users.id, email: sql<string>`lower(${users.email})` })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "learner")))
    .where(
      and(
        eq(users.organizationId, organizationId),
        sql`(lower(${users.email}) in ${emails.length ? emails : [""]} or ${users.id}::text in ${ids.length ? ids : [""]})`,
      ),
    );

  let recorded = 0;
  for (const [index, statement] of candidates.entries()) {
    const key = keys[index]!;
    const learner = learners.find((l) => (key.email ? l.email === key.email : l.id === key.id));
    const competencyIds = competenciesOf.get((statement.object as { id: string }).id) ?? [];
    if (!learner || competencyIds.length === 0) continue;
    const outcome = outcomeOf(statement)!;
    const occurred = new Date(statement.timestamp ?? now.toISOString());
    const duration = statement.result?.duration ? parseXapiDuration(statement.result.duration) : null;
    const seconds = duration ? xapiDurationToSeconds(duration) : null;
    const input = parseInput(
      RecordEvidenceInput,
      {
        learnerId: learner.id,
        kind: "activity",
        competencyIds,
        score: outcome.score,
        ...(outcome.correct === null ? {} : { correct: outcome.correct }),
        ...(seconds === null ? {} : { durationSeconds: Math.min(86_400, seconds) }),
        source: "xapi",
        idempotencyKey: statement.id!,
        details: {
          statementId: statement.id,
          verb: statement.verb.id,
          activityId: (statement.object as { id: string }).id,
        },
      },
      "statement",
    );
    // A device clock ahead of ours must not put evidence in the future.
    await writeEvidence(tx, { organizationId, userId: null }, now, {
      ...input,
      competencyIds,
      occurredAt: occurred > now ? now : occurred,
    });
    recorded += 1;
  }
  return recorded;
}
