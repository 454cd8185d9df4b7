/**
 * Remember the interface language a person chose, for every device they sign in on: one of the
 * languages their organization offers (its settings).
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { offeredLanguagesOf } from "../roster/organization-settings.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { SUPPORTED_LOCALES, type Locale } from "../shared/locales.js";
import { parseInput } from "../shared/validate.js";
import { authorize } from "./policies.js";
import { users } from "./schema.js";

export const SetLocaleInput = z.object({ locale: z.enum(SUPPORTED_LOCALES) });

export async function setLocale(ctx: SignedInCtx, input: unknown): Promise<{ locale: Locale }> {
  const { locale } = parseInput(SetLocaleInput, input, "body");
  const { actor } = ctx;
  authorize(actor, "update-preferences", {
    kind: "user",
    id: actor.userId,
    organizationId: actor.organizationId,
  });
  const offered = await offeredLanguagesOf(ctx.db, actor.organizationId);
  if (!offered.includes(locale))
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.locale", message: `Your organization offers ${offered.join(", ")}.` },
    ]);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ locale }).where(eq(users.id, actor.userId));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "user.set-locale",
      subjectType: "user",
      subjectId: actor.userId,
      details: { locale },
      at: ctx.now(),
    });
  });
  return { locale };
}
