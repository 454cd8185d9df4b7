/**
 * Everything the central loop reads about one learner, in ONE query: how the caller relates to the
 * learner, which of the named competencies are current, the organization's active learner model and
 * the learner's state under it (locked for update when the caller is about to change it), and — for
 * a board — the learner's frameworks, the organization's catalogue version, their mastery, the
 * newest evidence behind each estimate, their profile and their accommodations.
 *
 * One round trip instead of a dozen is most of what a loop costs (measured with `npm run bench:api`).
 *
 * In PostgreSQL's default isolation, a locked row is read as of its newest commit while the rest of
 * the statement sees the moment the statement started: when two answers for one learner arrive at
 * once, the second one's state is exact (it waited for the first), and the mastery its board starts
 * from may miss the first answer's competency. The board is a suggestion for now; the state is not.
 */
import { sql } from "drizzle-orm";
import type { LearnerProfile, MasteryReport } from "@pathwise/engine";
import { executePrepared, type Database } from "../db/open-database.js";
import { EVIDENCE_REFERENCES_PER_COMPETENCY, profileFrom } from "./board-inputs.js";
import type { LearnerRelation } from "./relationships.js";

/** How many of the learner's newest evidence rows are searched for each competency's references. */
export const EVIDENCE_REFERENCE_WINDOW = 2_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A `uuid[]` parameter (ids are checked, so the literal cannot carry anything else). */
export function uuidArray(ids: readonly string[]) {
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a uuid: ${id}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

export interface LoopInputsRequest {
  organizationId: string;
  /** The caller (null for a system writer such as the LRS): what they are to the learner. */
  actorUserId: string | null;
  learnerId: string;
  /** Competencies named by the caller: which of them are current in the organization. */
  competencyIds?: readonly string[];
  /** Lock the learner's state row under the active model, so writers to one learner take turns. */
  lockState?: boolean;
  /** Also read what a choice board needs. */
  board?: boolean;
}

export interface ActiveModelRow {
  id: string;
  name: string;
  version: string;
  /** The organization's stored mastery settings (organization-settings.ts reads them). */
  mastery?: unknown;
}

export interface BoardInputs {
  frameworkIds: string[];
  catalogueVersion: number;
  mastery: Map<string, MasteryReport>;
  masteredAt: Map<string, Date>;
  /** The newest evidence ids per competency, oldest first. */
  references: Map<string, string[]>;
  profile: LearnerProfile;
}

export interface LoopInputs {
  relation: LearnerRelation;
  currentCompetencyIds: Set<string>;
  /** The organization's active model, or null before its first use. */
  model: ActiveModelRow | null;
  /** The learner's state under that model when asked for (`undefined`: no row yet, or not asked). */
  state: unknown;
  stateLocked: boolean;
  board: BoardInputs | null;
}

interface Row {
  exists: boolean;
  teaches: boolean;
  guards: boolean;
  current: string[] | string;
  model: ActiveModelRow | string | null;
  state: { state: unknown } | string | null;
  frameworks?: string[] | string;
  catalogue_version?: string | number | null;
  mastery?: [string, number, number, number, number, MasteryReport["status"], string | null][] | string;
  refs?: Record<string, string[]> | string;
  profile?: { languages: string[]; interests: string[] } | string | null;
  needs?: Record<string, boolean> | string | null;
  locale?: string | null;
}

/** Drivers differ in whether they parse `json` columns; both shapes are accepted. */
const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

export async function readLoopInputs(db: Database, request: LoopInputsRequest): Promise<LoopInputs> {
  const { organizationId: org, learnerId, actorUserId } = request;
  const actor = actorUserId ?? "00000000-0000-0000-0000-000000000000";
  const lock = request.lockState ? sql`for update` : sql``;
  const board = request.board
    ? sql`,
      (select coalesce(json_agg(distinct c.framework_id), '[]'::json) from enrollments e
         join classes c on c.id = e.class_id
        where e.organization_id = ${org} and e.user_id = ${learnerId} and e.role = 'learner'
          and c.framework_id is not null) as frameworks,
      (select v.version from catalogue_versions v where v.organization_id = ${org}) as catalogue_version,
      (select coalesce(json_agg(json_build_array(cm.competency_id, cm.probability, cm.lower, cm.upper,
                cm.evidence_count, cm.status, cm.mastered_at)), '[]'::json)
         from competency_mastery cm where cm.learner_id = ${learnerId}) as mastery,
      (select coalesce(json_object_agg(r.cid, r.ids), '{}'::json) from (
         select y.cid, json_agg(y.id order by y.ord desc) as ids from (
           select x.id, x.ord, cid, row_number() over (partition by cid order by x.ord) as rn
             from (select ev.id, ev.competency_ids, row_number() over (order by ev.occurred_at desc) as ord
                     from evidence ev
                    where ev.learner_id = ${learnerId} and ev.kind <> 'self_assessment'
                    order by ev.occurred_at desc limit ${EVIDENCE_REFERENCE_WINDOW}) x
             cross join lateral unnest(x.competency_ids) as cid) y
          where y.rn <= ${EVIDENCE_REFERENCES_PER_COMPETENCY}
          group by y.cid) r) as refs,
      (select json_build_object('languages', p.languages, 'interests', p.interests)
         from learner_profiles p where p.learner_id = ${learnerId}) as profile,
      (select json_build_object('readAloud', a.read_aloud, 'largeText', a.large_text,
                'highContrast', a.high_contrast, 'reducedChoices', a.reduced_choices, 'dyslexiaFont', a.dyslexia_font)
         from accommodations a where a.learner_id = ${learnerId}) as needs,
      (select u.locale from users u where u.id = ${learnerId}) as locale`
    : sql``;
  const state = request.lockState
    ? sql`(select json_build_object('state', s.state) from learner_states s
          where s.learner_id = ${learnerId} and s.organization_id = ${org} and s.model_id = (select id from m)
          ${lock})`
    : sql`null::json`;
  const result = await executePrepared(db, sql`
    with m as (
      select lm.id, lm.name, lm.engine_version from learner_models lm
       where lm.organization_id = ${org} and lm.activated_at is not null
       order by lm.activated_at desc limit 1)
    select
      exists (select 1 from user_roles r where r.user_id = ${learnerId} and r.role = 'learner'
                 and r.organization_id = ${org}) as "exists",
      exists (select 1 from enrollments mine join enrollments theirs on theirs.class_id = mine.class_id
               where mine.user_id = ${actor} and mine.role in ('teacher', 'co-teacher')
                 and theirs.user_id = ${learnerId} and theirs.role = 'learner'
                 and mine.organization_id = ${org}) as teaches,
      exists (select 1 from guardianships g where g.guardian_id = ${actor} and g.learner_id = ${learnerId}
                 and g.organization_id = ${org}) as guards,
      (select coalesce(json_agg(k.id), '[]'::json) from competencies k
        where k.organization_id = ${org} and k.id = any(${uuidArray(request.competencyIds ?? [])})
          and k.retired_at is null) as current,
      (select json_build_object('id', m.id, 'name', m.name, 'version', m.engine_version,
                'mastery', (select o.settings -> 'mastery' from organizations o where o.id = ${org})) from m) as model,
      ${state} as state
      ${board}`);
  const row = (result as unknown as { rows: Row[] }).rows[0]!;
  const lockedState = row.state === null ? null : parsed(row.state);
  return {
    relation: {
      organizationId: org,
      learnerId,
      exists: Boolean(row.exists),
      isSelf: actorUserId === learnerId,
      teaches: Boolean(row.teaches),
      guards: Boolean(row.guards),
    },
    currentCompetencyIds: new Set(parsed(row.current)),
    model: row.model === null ? null : parsed(row.model),
    state: lockedState?.state,
    stateLocked: Boolean(request.lockState) && lockedState !== null,
    board: request.board ? boardInputsOf(row, learnerId) : null,
  };
}

function boardInputsOf(row: Row, learnerId: string): BoardInputs {
  const mastery = new Map<string, MasteryReport>();
  const masteredAt = new Map<string, Date>();
  for (const [competencyId, probability, lower, upper, evidenceCount, status, mastered] of parsed(
    row.mastery ?? [],
  )) {
    mastery.set(competencyId, {
      competencyId,
      probability,
      confidence: { lower, upper, evidenceCount },
      status,
    });
    if (mastered) masteredAt.set(competencyId, new Date(mastered));
  }
  return {
    frameworkIds: parsed(row.frameworks ?? []),
    catalogueVersion: Number(row.catalogue_version ?? 0),
    mastery,
    masteredAt,
    references: new Map(Object.entries(parsed(row.refs ?? {}))),
    profile: profileFrom(
      learnerId,
      row.profile ? parsed(row.profile) : null,
      row.needs ? parsed(row.needs) : null,
      row.locale ?? null,
    ),
  };
}
