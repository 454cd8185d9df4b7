/**
 * Password sign-in. The answer to a wrong email and to a wrong password is the same message after
 * the same work (no user enumeration); repeated failures for one email or from one address are
 * slowed down by a rate limit kept in the database, so it holds across server processes.
 */
import { z } from "zod";
import type { Database } from "../db/open-database.js";
import { recordAudit } from "../audit/record-audit.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { decoyPasswordHash, verifyPassword } from "./passwords.js";
import { findUserByEmail, recentFailures, rolesOf } from "./repository.js";
import { sessions, signInAttempts } from "./schema.js";
import { newSessionToken, sessionIdOf } from "./tokens.js";

/** Sign-in limits; documented in the operator's guide. */
export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  maxFailuresPerEmail: 5,
  maxFailuresPerAddress: 30,
  sessionHours: 12,
} as const;

export const SignInInput = z.object({
  email: z.string().trim().min(1, "Enter your email.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export interface SignInMeta {
  clientAddress: string;
  userAgent?: string | null;
}

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: string;
  organizationId: string;
  roles: string[];
  locale: string;
}

export const WRONG_CREDENTIALS = "The email or password is incorrect.";

export async function signIn(
  deps: { db: Database; now: () => Date },
  input: unknown,
  meta: SignInMeta,
): Promise<SignInResult> {
  const { email, password } = parseInput(SignInInput, input, "body");
  const { db } = deps;
  const now = deps.now();
  const emailKey = email.toLowerCase();
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);

  const [byEmail, byAddress] = await Promise.all([
    recentFailures(db, { emailKey }, since),
    recentFailures(db, { clientAddress: meta.clientAddress }, since),
  ]);
  if (byEmail >= SIGN_IN_LIMITS.maxFailuresPerEmail || byAddress >= SIGN_IN_LIMITS.maxFailuresPerAddress) {
    throw new AppError(
      "rate_limited",
      `Too many sign-in attempts. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes and try again.`,
    );
  }

  const user = await findUserByEmail(db, emailKey);
  const hash = user?.passwordHash ?? (await decoyPasswordHash());
  const passwordMatches = await verifyPassword(hash, password);
  const succeeded = Boolean(user && user.passwordHash && !user.disabledAt && passwordMatches);

  if (!succeeded || !user) {
    await db
      .insert(signInAttempts)
      .values({ emailKey, clientAddress: meta.clientAddress, succeeded: false, attemptedAt: now });
    throw new AppError("unauthenticated", WRONG_CREDENTIALS);
  }

  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LIMITS.sessionHours * 3_600_000);
  await db.transaction(async (tx) => {
    await tx
      .insert(signInAttempts)
      .values({ emailKey, clientAddress: meta.clientAddress, succeeded: true, attemptedAt: now });
    await tx.insert(sessions).values({
      id: sessionIdOf(token),
      organizationId: user.organizationId,
      userId: user.id,
      createdAt: now,
      expiresAt,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    });
    await recordAudit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "session.create",
      subjectType: "user",
      subjectId: user.id,
      at: now,
    });
  });
  return {
    token,
    expiresAt,
    userId: user.id,
    organizationId: user.organizationId,
    roles: await rolesOf(db, user.id),
    locale: user.locale,
  };
}
