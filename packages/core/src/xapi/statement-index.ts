/**
 * The columns a stored statement is found by: who it is about (actor, object agent, every agent
 * anywhere for `related_agents`), what it is about (object activity, every activity anywhere for
 * `related_activities`), its verb, registration and StatementRef target.
 */
import {
  agentKey,
  XAPI_VOIDED_VERB_ID,
  type XapiActor,
  type XapiContext,
  type XapiStatement,
} from "@pathwise/standards";

export interface StatementIndex {
  actorKey: string | null;
  objectAgentKey: string | null;
  verbId: string;
  activityId: string | null;
  refId: string | null;
  registration: string | null;
  relatedAgentKeys: string[];
  relatedActivityIds: string[];
  isVoiding: boolean;
}

export function indexStatement(statement: XapiStatement): StatementIndex {
  const agents = new Set<string>();
  const activities = new Set<string>();
  const addActor = (actor: XapiActor | undefined) => {
    if (!actor) return;
    const key = agentKey(actor);
    if (key) agents.add(key);
    if (actor.objectType === "Group") for (const member of actor.member ?? []) addActor(member);
  };
  const addContext = (context: XapiContext | undefined) => {
    if (!context) return;
    addActor(context.instructor);
    addActor(context.team);
    for (const entry of context.contextAgents ?? []) addActor(entry.agent);
    for (const entry of context.contextGroups ?? []) addActor(entry.group);
    for (const list of Object.values(context.contextActivities ?? {})) {
      for (const activity of list ?? []) activities.add(activity.id);
    }
  };

  addActor(statement.actor);
  addActor(statement.authority);
  addContext(statement.context);
  const object = statement.object;
  let objectAgentKey: string | null = null;
  let activityId: string | null = null;
  let refId: string | null = null;
  switch (object.objectType) {
    case "Activity":
      activityId = object.id;
      activities.add(object.id);
      break;
    case "Agent":
    case "Group":
      objectAgentKey = agentKey(object);
      addActor(object);
      break;
    case "StatementRef":
      refId = object.id.toLowerCase();
      break;
    case "SubStatement":
      addActor(object.actor);
      addContext(object.context);
      if (object.object.objectType === "Activity") activities.add(object.object.id);
      else if (object.object.objectType !== "StatementRef") addActor(object.object);
      break;
  }
  return {
    actorKey: agentKey(statement.actor),
    objectAgentKey,
    verbId: statement.verb.id,
    activityId,
    refId,
    registration: statement.context?.registration?.toLowerCase() ?? null,
    relatedAgentKeys: [...agents],
    relatedActivityIds: [...activities],
    isVoiding: statement.verb.id === XAPI_VOIDED_VERB_ID && refId !== null,
  };
}
