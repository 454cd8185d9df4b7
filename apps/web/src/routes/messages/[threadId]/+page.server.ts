import { redirect } from "@sveltejs/kit";
import { listMessages, listMyThreads, markThreadRead, postMessage } from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireSignedIn } from "$lib/server/messages.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireSignedIn(locals);
  const threadId = idOrNotFound(params.threadId);
  const page = await listMessages(ctx, threadId, { limit: 100 });
  // Opening the conversation reads it.
  await markThreadRead(ctx, threadId);
  const mine = await listMyThreads(ctx, { limit: 100 });
  const summary = mine.items.find((s) => s.thread.id === threadId);
  const people = new Map((summary?.participants ?? []).map((p) => [p.id, `${p.givenName} ${p.familyName}`]));
  return {
    me: ctx.actor.userId,
    subject: summary?.thread.subject ?? "",
    participants: [...people.entries()].filter(([id]) => id !== ctx.actor.userId).map(([, name]) => name),
    messages: [...page.items].reverse().map((m) => ({
      id: m.id,
      body: m.body,
      author: people.get(m.authorId) ?? "",
      mine: m.authorId === ctx.actor.userId,
      createdAt: m.createdAt,
    })),
    done: url.searchParams.get("done"),
  };
};

export const actions: Actions = {
  reply: async ({ locals, params, request }) => {
    const ctx = await requireSignedIn(locals);
    const threadId = idOrNotFound(params.threadId);
    const form = await request.formData();
    const values = { body: field(form, "body") };
    try {
      await postMessage(ctx, threadId, { body: values.body });
    } catch (cause) {
      return failFrom(cause, "reply", null, values, { body: "messages.bodyMissing" }, "messages.sendFailed");
    }
    redirect(303, `/messages/${threadId}?done=sent`);
  },
};
