import { redirect } from "@sveltejs/kit";
import { listMyClasses, listMyThreads, startThread } from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireSignedIn } from "$lib/server/messages.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireSignedIn(locals);
  const cursor = url.searchParams.get("cursor") ?? undefined;
  const threads = await listMyThreads(ctx, { limit: 25, cursor });
  // Teachers start conversations about (and with) a learner of their classes.
  const learners = ctx.actor.roles.includes("teacher")
    ? [
        ...new Map(
          (await listMyClasses(ctx)).flatMap((c) => c.learners).map((l) => [l.id, l] as const),
        ).values(),
      ].sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName))
    : [];
  return {
    me: ctx.actor.userId,
    threads: threads.items.map((s) => ({
      id: s.thread.id,
      subject: s.thread.subject,
      lastMessageAt: s.thread.lastMessageAt,
      unread: s.unread,
      participants: s.participants.filter((p) => p.id !== ctx.actor.userId),
    })),
    totalUnread: threads.totalUnread,
    nextCursor: threads.nextCursor,
    learners: learners.map((l) => ({ id: l.id, name: `${l.familyName}, ${l.givenName}` })),
    preselect: url.searchParams.get("learner"),
  };
};

export const actions: Actions = {
  start: async ({ locals, request }) => {
    const ctx = await requireSignedIn(locals);
    const form = await request.formData();
    const values = {
      learnerId: field(form, "learnerId"),
      subject: field(form, "subject"),
      body: field(form, "body"),
    };
    let threadId: string;
    try {
      const learnerId = idOrNotFound(values.learnerId);
      const summary = await startThread(ctx, learnerId, {
        subject: values.subject,
        body: values.body,
        participantIds: [learnerId],
      });
      threadId = summary.thread.id;
    } catch (cause) {
      return failFrom(
        cause,
        "start",
        null,
        values,
        {
          subject: "messages.subjectMissing",
          body: "messages.bodyMissing",
          participantIds: "messages.cannotTalk",
        },
        "messages.sendFailed",
      );
    }
    redirect(303, `/messages/${threadId}?done=started`);
  },
};
