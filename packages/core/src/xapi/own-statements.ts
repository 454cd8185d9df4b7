/**
 * Pathwise's own xAPI statements (docs/xapi-profile.md): what learners and teachers do in Pathwise
 * — answering an item, mastering a competency, setting a goal, reflecting on it, approving a plan,
 * finishing a placement… — told as xAPI statements and stored in the organization's LRS.
 *
 * They are derived from the audit trail: every audit event is offered to `ownStatementsFor`, in the
 * transaction that writes the event, and the statements it describes are stored in that same
 * transaction — so they exist exactly when the event does. Their ids are UUID v5 of the event id
 * (and of what within the event they tell), so storing them again changes nothing.
 *
 * No loop: they are written straight into the store, not through `storeStatements`, so they never
 * become evidence; and statements of this profile that come back through `/xapi` (an external LRS
 * forwarding them home, a client copying them) are never turned into evidence either
 * (`isOwnStatement`, checked by the evidence path).
 */
import { v5 as uuidv5 } from "uuid";
import {
  completeStatementForStorage,
  validateStatement,
  type XapiActor,
  type XapiStatement,
} from "@pathwise/standards";
import { AppError } from "../shared/errors.js";
import { AUTHORITY_HOME_PAGE } from "./lrs-context.js";

/** The profile's IRI: every statement carries it as a `category` context activity. */
export const PATHWISE_PROFILE_IRI = "https://pathwise.example/xapi/profile";
const BASE = "https://pathwise.example/xapi";
/** UUID v5 namespace of statement ids (a fixed, random UUID of this profile). */
export const OWN_STATEMENT_NAMESPACE = "6f1f3c52-5a0e-4b8e-9d3e-5c1b7a2e9f40";
/** Accounts of people: the same home page cmi5 launches use, so one person is one agent in the LRS. */
export const PERSON_HOME_PAGE = "https://pathwise.example/learners";

export const OWN_VERBS = {
  answered: { id: "http://adlnet.gov/expapi/verbs/answered", display: { "en-US": "answered" } },
  attempted: { id: "http://adlnet.gov/expapi/verbs/attempted", display: { "en-US": "attempted" } },
  mastered: { id: "http://adlnet.gov/expapi/verbs/mastered", display: { "en-US": "mastered" } },
  completed: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } },
  submitted: { id: "http://activitystrea.ms/schema/1.0/submit", display: { "en-US": "submitted" } },
  approved: { id: "http://activitystrea.ms/schema/1.0/approve", display: { "en-US": "approved" } },
  created: { id: "http://activitystrea.ms/schema/1.0/create", display: { "en-US": "created" } },
  setGoal: { id: `${BASE}/verbs/set-goal`, display: { "en-US": "set the goal" } },
  reflected: { id: `${BASE}/verbs/reflected`, display: { "en-US": "reflected on" } },
  selfAssessed: { id: `${BASE}/verbs/self-assessed`, display: { "en-US": "self-assessed" } },
} as const;

export const OWN_ACTIVITY_TYPES = {
  item: "http://adlnet.gov/expapi/activities/question",
  competency: "http://adlnet.gov/expapi/activities/objective",
  goal: "http://id.tincanapi.com/activitytype/goal",
  plan: `${BASE}/activity-types/learning-plan`,
  placement: "http://adlnet.gov/expapi/activities/assessment",
  task: "http://adlnet.gov/expapi/activities/performance",
  profile: "http://adlnet.gov/expapi/activities/profile",
} as const;

export const OWN_EXTENSIONS = {
  /** The audit event a statement was derived from (its id). */
  event: `${BASE}/extensions/event`,
  /** The learner a statement is about, when someone else acted (a teacher checking in on a goal). */
  learner: `${BASE}/extensions/learner`,
  /** The mastery probability after the evidence (0..1). */
  probability: `${BASE}/extensions/mastery-probability`,
  /** A goal's progress at a check-in, 0..100. */
  progress: `${BASE}/extensions/progress`,
  /** The competencies a placement placed the learner beyond. */
  placed: `${BASE}/extensions/placed`,
  questionsAsked: `${BASE}/extensions/questions-asked`,
} as const;

export const OWN_AUTHORITY: XapiActor = {
  objectType: "Agent",
  name: "Pathwise",
  account: { homePage: AUTHORITY_HOME_PAGE, name: "pathwise" },
};

/** The audit event as `recordAudit` writes it (id assigned). */
export interface OwnEvent {
  id: string;
  organizationId: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  at: Date;
}

type Draft = Omit<XapiStatement, "id" | "timestamp"> & { key: string };

const person = (userId: string): XapiActor => ({
  objectType: "Agent",
  account: { homePage: PERSON_HOME_PAGE, name: userId },
});
const activity = (kind: string, id: string, type: string) => ({
  objectType: "Activity" as const,
  id: `${BASE}/${kind}/${id}`,
  definition: { type },
});
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

/** The statements an audit event tells (none for most events: administration is not learning). */
export function ownStatementsFor(event: OwnEvent): XapiStatement[] {
  const d = event.details;
  const drafts: Draft[] = [];
  const learnerId = str(d.learnerId);
  const actorId = event.actorId ?? learnerId;
  const competencies = (ids: string[]) =>
    ids.map((id) => activity("competencies", id, OWN_ACTIVITY_TYPES.competency));

  switch (event.action) {
    case "evidence.record": {
      // Evidence from the LRS is already a statement there: telling it again would be an echo.
      if (!learnerId) break;
      const competencyIds = strings(d.competencyIds);
      const itemId = str(d.itemId);
      const score = num(d.score);
      const correct = typeof d.correct === "boolean" ? d.correct : null;
      if (d.source === "xapi") {
        // Told already, as the statement the evidence came from.
      } else if (d.kind === "attempt" && itemId) {
        drafts.push({
          key: "",
          actor: person(learnerId),
          verb: OWN_VERBS.answered,
          object: activity("items", itemId, OWN_ACTIVITY_TYPES.item),
          result: {
            ...(correct === null ? {} : { success: correct }),
            ...(score === null ? {} : { score: { scaled: Math.min(1, Math.max(0, score)) } }),
          },
          context: { contextActivities: { other: competencies(competencyIds) } },
        });
      } else if (d.kind === "self_assessment") {
        for (const competencyId of competencyIds)
          drafts.push({
            key: competencyIds.length > 1 ? `self-assessed/${competencyId}` : "",
            actor: person(learnerId),
            verb: OWN_VERBS.selfAssessed,
            object: activity("competencies", competencyId, OWN_ACTIVITY_TYPES.competency),
            ...(score === null ? {} : { result: { score: { scaled: Math.min(1, Math.max(0, score)) } } }),
          });
      }
      // Mastery reached by this evidence, from whatever source.
      const mastered = Array.isArray(d.mastered)
        ? (d.mastered as { competencyId: string; probability: number }[])
        : [];
      for (const m of mastered)
        drafts.push({
          key: `mastered/${m.competencyId}`,
          actor: person(learnerId),
          verb: OWN_VERBS.mastered,
          object: activity("competencies", m.competencyId, OWN_ACTIVITY_TYPES.competency),
          result: { success: true, extensions: { [OWN_EXTENSIONS.probability]: m.probability } },
        });
      break;
    }
    case "item.answer-for-scoring": {
      const itemId = str(d.itemId);
      if (!actorId || !itemId) break;
      drafts.push({
        key: "",
        actor: person(actorId),
        verb: OWN_VERBS.attempted,
        object: activity("items", itemId, OWN_ACTIVITY_TYPES.item),
        result: { completion: true },
      });
      break;
    }
    case "task.submit": {
      const taskId = str(d.taskId);
      if (!actorId || !taskId) break;
      drafts.push({
        key: "",
        actor: person(actorId),
        verb: OWN_VERBS.submitted,
        object: activity("tasks", taskId, OWN_ACTIVITY_TYPES.task),
      });
      break;
    }
    case "goal.create": {
      if (!actorId || !learnerId) break;
      drafts.push({
        key: "",
        actor: person(actorId),
        verb: OWN_VERBS.setGoal,
        object: activity("goals", event.subjectId, OWN_ACTIVITY_TYPES.goal),
        context: { contextActivities: { other: competencies(strings(d.competencyIds)) } },
      });
      break;
    }
    case "goal.check-in": {
      if (!actorId || !learnerId) break;
      const progress = num(d.progress);
      drafts.push({
        key: "",
        actor: person(actorId),
        verb: OWN_VERBS.reflected,
        object: activity("goals", event.subjectId, OWN_ACTIVITY_TYPES.goal),
        ...(progress === null
          ? {}
          : {
              result: {
                score: { scaled: progress / 100 },
                extensions: { [OWN_EXTENSIONS.progress]: progress },
              },
            }),
      });
      break;
    }
    case "plan.create":
    case "plan.proposal-approved": {
      if (!actorId || !learnerId) break;
      drafts.push({
        key: "",
        actor: person(actorId),
        verb: event.action === "plan.create" ? OWN_VERBS.created : OWN_VERBS.approved,
        object: activity("plans", event.subjectId, OWN_ACTIVITY_TYPES.plan),
      });
      break;
    }
    case "diagnosis.finish": {
      if (!learnerId) break;
      const placed = strings(d.placed);
      drafts.push({
        key: "",
        actor: person(learnerId),
        verb: OWN_VERBS.completed,
        object: activity("placements", event.subjectId, OWN_ACTIVITY_TYPES.placement),
        result: {
          completion: true,
          extensions: {
            [OWN_EXTENSIONS.placed]: placed.map((id) => `${BASE}/competencies/${id}`),
            ...(num(d.questionsAsked) === null ? {} : { [OWN_EXTENSIONS.questionsAsked]: d.questionsAsked }),
          },
        },
      });
      break;
    }
  }

  const timestamp = event.at.toISOString();
  return drafts.map(({ key, ...draft }) => {
    const actorAccount = draft.actor.account?.name;
    const extensions: Record<string, unknown> = { [OWN_EXTENSIONS.event]: event.id };
    if (learnerId && actorAccount !== learnerId) extensions[OWN_EXTENSIONS.learner] = person(learnerId);
    const json = {
      ...draft,
      id: uuidv5(key ? `${event.id}/${key}` : event.id, OWN_STATEMENT_NAMESPACE),
      timestamp,
      context: {
        ...draft.context,
        platform: "Pathwise",
        contextActivities: {
          ...draft.context?.contextActivities,
          category: [
            {
              objectType: "Activity",
              id: PATHWISE_PROFILE_IRI,
              definition: { type: OWN_ACTIVITY_TYPES.profile },
            },
          ],
        },
        extensions,
      },
    };
    if (json.result && Object.keys(json.result).length === 0) delete (json as { result?: unknown }).result;
    const checked = validateStatement(json, "2.0.0");
    if (!checked.ok)
      throw new AppError(
        "internal",
        `Pathwise built an invalid ${event.action} statement: ${checked.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`,
      );
    return completeStatementForStorage(checked.value, "2.0.0", {
      id: json.id,
      stored: timestamp,
      authority: OWN_AUTHORITY,
    });
  });
}

/** Whether a statement is one of Pathwise's own (it carries the profile as its category). */
export function isOwnStatement(statement: XapiStatement): boolean {
  return (statement.context?.contextActivities?.category ?? []).some((a) => a.id === PATHWISE_PROFILE_IRI);
}
