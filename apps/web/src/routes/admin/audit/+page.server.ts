import { listAuditEvents } from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

/** Actions an admin most often looks for; the filter also takes any other action name typed in. */
const COMMON_ACTIONS = [
  "school.create",
  "term.create",
  "class.create",
  "user.create",
  "enrollment.upsert",
  "enrollment.remove",
  "guardianship.upsert",
  "guardianship.remove",
  "roster.import",
  "framework.import",
  "framework.reimport",
  "decision.override",
  "evidence.record",
];

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "admin");
  const action = (url.searchParams.get("action") ?? "").trim().slice(0, 100);
  const cursor = url.searchParams.get("cursor") ?? "";
  const page = await listAuditEvents(ctx, {
    limit: PAGE_SIZE,
    ...(action ? { action } : {}),
    ...(cursor ? { cursor } : {}),
  }).catch(pageErrorFrom);
  const query = (next: string) => {
    const params = new URLSearchParams();
    if (action) params.set("action", action);
    params.set("cursor", next);
    return `?${params.toString()}`;
  };
  return {
    action,
    actions: COMMON_ACTIONS,
    paged: cursor !== "",
    firstPage: action ? `?${new URLSearchParams({ action }).toString()}` : "?",
    nextPage: page.nextCursor ? query(page.nextCursor) : null,
    events: page.items.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      subject: `${e.subject.type} ${e.subject.id}`,
      actor: e.actor?.name ?? null,
    })),
  };
};
