import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { buildOrganization, buildUser, TEST_PASSWORD } from "../testing/factories.js";
import { AppError } from "../shared/errors.js";
import { resolveSession } from "./resolve-session.js";
import { signIn, SIGN_IN_LIMITS, WRONG_CREDENTIALS } from "./sign-in.js";
import { signOut } from "./sign-out.js";
import { signInAttempts, users } from "./schema.js";

let test: TestDatabase;
let clock = new Date("2026-09-01T08:00:00Z");
const deps = () => ({ db: test.handle.db, now: () => clock });
const meta = { clientAddress: "10.0.0.1", userAgent: "vitest" };

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());
beforeEach(async () => {
  clock = new Date(clock.getTime() + 24 * 3_600_000);
  await test.handle.db.delete(signInAttempts);
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the promise to fail");
}

describe("signIn", () => {
  it("signs a person in with the right password, case-insensitively by email, and the session resolves to them", async () => {
    const { organization } = await buildOrganization(test.handle.db);
    const user = await buildUser(test.handle.db, organization.id, ["teacher"], {
      email: "Ms.Okafor@School.test",
    });
    const result = await signIn(deps(), { email: "  ms.okafor@school.TEST ", password: TEST_PASSWORD }, meta);
    expect(result.roles).toEqual(["teacher"]);
    const actor = await resolveSession(deps(), result.token);
    expect(actor).toMatchObject({ userId: user.id, organizationId: organization.id, roles: ["teacher"] });
  });

  it("answers a wrong password and an unknown email with the same message", async () => {
    const { organization } = await buildOrganization(test.handle.db);
    await buildUser(test.handle.db, organization.id, ["learner"], { email: "known@school.test" });
    const wrongPassword = await errorOf(
      signIn(deps(), { email: "known@school.test", password: "nope" }, meta),
    );
    const unknownEmail = await errorOf(
      signIn(deps(), { email: "nobody@school.test", password: "nope" }, meta),
    );
    expect(wrongPassword.code).toBe("unauthenticated");
    expect(unknownEmail.code).toBe("unauthenticated");
    expect(wrongPassword.message).toBe(WRONG_CREDENTIALS);
    expect(unknownEmail.message).toBe(wrongPassword.message);
  });

  it("names the missing field when the input is incomplete", async () => {
    const error = await errorOf(signIn(deps(), { email: "someone@school.test" }, meta));
    expect(error.code).toBe("validation_failed");
    expect(error.details.map((d) => d.path)).toEqual(["body.password"]);
  });

  it("refuses even the right password after too many failures for one email, until the window passes", async () => {
    const { organization } = await buildOrganization(test.handle.db);
    await buildUser(test.handle.db, organization.id, ["learner"], { email: "target@school.test" });
    for (let i = 0; i < SIGN_IN_LIMITS.maxFailuresPerEmail; i += 1) {
      await errorOf(signIn(deps(), { email: "target@school.test", password: `guess-${i}` }, meta));
    }
    const limited = await errorOf(
      signIn(deps(), { email: "target@school.test", password: TEST_PASSWORD }, meta),
    );
    expect(limited.code).toBe("rate_limited");

    clock = new Date(clock.getTime() + (SIGN_IN_LIMITS.windowMinutes + 1) * 60_000);
    await expect(
      signIn(deps(), { email: "target@school.test", password: TEST_PASSWORD }, meta),
    ).resolves.toHaveProperty("token");
  });

  it("does not let a disabled account in", async () => {
    const { organization } = await buildOrganization(test.handle.db);
    await buildUser(test.handle.db, organization.id, ["learner"], {
      email: "left@school.test",
      disabledAt: clock,
    });
    const error = await errorOf(signIn(deps(), { email: "left@school.test", password: TEST_PASSWORD }, meta));
    expect(error.message).toBe(WRONG_CREDENTIALS);
  });
});

describe("sessions", () => {
  it("stop working after sign-out, after they expire, and when the account is disabled", async () => {
    const { organization } = await buildOrganization(test.handle.db);
    const user = await buildUser(test.handle.db, organization.id, ["guardian"], {
      email: "family@school.test",
    });

    const first = await signIn(deps(), { email: "family@school.test", password: TEST_PASSWORD }, meta);
    await signOut(deps(), first.token);
    expect(await resolveSession(deps(), first.token)).toBeNull();

    const second = await signIn(deps(), { email: "family@school.test", password: TEST_PASSWORD }, meta);
    const later = { ...deps(), now: () => new Date(second.expiresAt.getTime() + 1000) };
    expect(await resolveSession(later, second.token)).toBeNull();

    const third = await signIn(deps(), { email: "family@school.test", password: TEST_PASSWORD }, meta);
    await test.handle.db.update(users).set({ disabledAt: clock }).where(eq(users.id, user.id));
    expect(await resolveSession(deps(), third.token)).toBeNull();
  });

  it("does not accept a made-up token", async () => {
    expect(await resolveSession(deps(), "not-a-real-token")).toBeNull();
    expect(await resolveSession(deps(), undefined)).toBeNull();
  });
});
