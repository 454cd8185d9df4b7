import { redirect } from "@sveltejs/kit";
import {
  getXapiForwarding,
  pauseXapiForwarding,
  retryFailedXapiForwards,
  setXapiForwarding,
} from "@pathwise/core";
import { failFrom, field } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "admin");
  const view = await getXapiForwarding(ctx).catch(pageErrorFrom);
  const done = url.searchParams.get("done");
  return {
    done: done === "saved" || done === "paused" || done === "resumed" || done === "retried" ? done : null,
    target: view.target
      ? {
          endpoint: view.target.endpoint,
          username: view.target.username,
          xapiVersion: view.target.xapiVersion,
          paused: view.target.paused,
          version: view.target.version,
          sentCount: view.target.sentCount,
          lastSentAt: iso(view.target.lastSentAt),
          lastError: view.target.lastError,
          lastErrorAt: iso(view.target.lastErrorAt),
        }
      : null,
    pending: view.pending,
    failedCount: view.failedCount,
    failed: view.failed.map((f) => ({ ...f, lastAttemptAt: iso(f.lastAttemptAt) })),
  };
};

export const actions: Actions = {
  save: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const values = {
      endpoint: field(form, "endpoint").trim(),
      username: field(form, "username"),
      xapiVersion: field(form, "xapiVersion"),
    };
    const password = field(form, "password");
    const version = Number(field(form, "version"));
    try {
      await setXapiForwarding(
        ctx,
        { ...values, ...(password ? { password } : {}) },
        Number.isInteger(version) && version > 0 ? version : undefined,
      );
    } catch (cause) {
      return failFrom(
        cause,
        "save",
        null,
        values,
        {
          endpoint: "lrsForwarding.endpointInvalid",
          username: "lrsForwarding.usernameMissing",
          password: "lrsForwarding.passwordMissing",
          xapiVersion: "lrsForwarding.versionInvalid",
          "if-match": "lrsForwarding.stale",
        },
        "lrsForwarding.saveFailed",
      );
    }
    redirect(303, "/admin/lrs-forwarding?done=saved");
  },
  pause: async ({ locals }) => {
    const ctx = await requireRole(locals, "admin");
    try {
      await pauseXapiForwarding(ctx, true);
    } catch (cause) {
      return failFrom(
        cause,
        "pause",
        null,
        {},
        { conflict: "lrsForwarding.notSetUp" },
        "lrsForwarding.notSetUp",
      );
    }
    redirect(303, "/admin/lrs-forwarding?done=paused");
  },
  resume: async ({ locals }) => {
    const ctx = await requireRole(locals, "admin");
    try {
      await pauseXapiForwarding(ctx, false);
    } catch (cause) {
      return failFrom(
        cause,
        "pause",
        null,
        {},
        { conflict: "lrsForwarding.notSetUp" },
        "lrsForwarding.notSetUp",
      );
    }
    redirect(303, "/admin/lrs-forwarding?done=resumed");
  },
  retry: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const statementId = field(form, "statementId");
    try {
      await retryFailedXapiForwards(ctx, statementId ? { statementIds: [statementId] } : {});
    } catch (cause) {
      return failFrom(cause, "retry", statementId || null, {}, {}, "lrsForwarding.retryFailed");
    }
    redirect(303, "/admin/lrs-forwarding?done=retried");
  },
};
