/**
 * The Agents resource (a Person object for an agent) and the Activities resource (an Activity with
 * its canonical definition, as the LRS learned it from statements).
 */
import { and, eq } from "drizzle-orm";
import {
  isXapiIri,
  parseAgentParameter,
  type XapiActivity,
  type XapiActivityDefinition,
} from "@pathwise/standards";
import type { LrsCtx } from "./lrs-context.js";
import { authorizeClient } from "./policies.js";
import { xapiActivities } from "./schema.js";
import { invalid } from "./store-statements.js";

export interface XapiPerson {
  objectType: "Person";
  name?: string[];
  mbox?: string[];
  mbox_sha1sum?: string[];
  openid?: string[];
  account?: { homePage: string; name: string }[];
}

function single(parameters: [string, string][], name: string): string {
  const values = parameters.filter(([key]) => key === name);
  const others = parameters.filter(([key]) => key !== name);
  if (values.length !== 1 || others.length > 0) {
    throw invalid("The query parameters are not valid.", [
      values.length !== 1
        ? { path: name, code: "required", message: "is required, once" }
        : { path: others[0]![0], code: "unknown_parameter", message: "is not a parameter of this resource" },
    ]);
  }
  return values[0]![1];
}

/** GET /agents?agent=: this LRS knows each agent by one identifier, so the Person has it alone. */
export function getPerson(ctx: LrsCtx, parameters: [string, string][]): XapiPerson {
  authorizeClient(ctx.client, "read");
  const parsed = parseAgentParameter(single(parameters, "agent"), ctx.version, { allowGroup: false });
  if (!parsed.ok) throw invalid("The agent parameter is not a valid Agent.", parsed.errors);
  const agent = parsed.value;
  const person: XapiPerson = { objectType: "Person" };
  if (agent.name !== undefined) person.name = [agent.name];
  if (agent.mbox !== undefined) person.mbox = [agent.mbox];
  if (agent.mbox_sha1sum !== undefined) person.mbox_sha1sum = [agent.mbox_sha1sum];
  if (agent.openid !== undefined) person.openid = [agent.openid];
  if (agent.account !== undefined) person.account = [agent.account];
  return person;
}

/** GET /activities?activityId=: the canonical definition, or the bare Activity when none was sent. */
export async function getActivity(ctx: LrsCtx, parameters: [string, string][]): Promise<XapiActivity> {
  authorizeClient(ctx.client, "read");
  const activityId = single(parameters, "activityId");
  if (!isXapiIri(activityId)) {
    throw invalid("The activityId parameter is not valid.", [
      { path: "activityId", code: "invalid_iri", message: "must be an absolute IRI" },
    ]);
  }
  const [row] = await ctx.db
    .select({ definition: xapiActivities.definition })
    .from(xapiActivities)
    .where(
      and(
        eq(xapiActivities.organizationId, ctx.client.organizationId),
        eq(xapiActivities.activityId, activityId),
      ),
    );
  const activity: XapiActivity = { objectType: "Activity", id: activityId };
  if (row?.definition) activity.definition = row.definition as XapiActivityDefinition;
  return activity;
}
