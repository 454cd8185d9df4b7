/**
 * An organization with LRS credentials, for the xAPI benchmark and the conformance-suite harness
 * (which run outside Vitest and so cannot use the test factories).
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../db/open-database.js";
import { organizations, userRoles, users } from "../identity/schema.js";
import { issueXapiClient } from "../xapi/clients.js";

export interface LrsTenant {
  organizationId: string;
  adminId: string;
  key: string;
  secret: string;
}

export async function createLrsTenant(
  db: Database,
  name: string,
  now: () => Date = () => new Date(),
): Promise<LrsTenant> {
  const suffix = randomUUID().slice(0, 8);
  const [organization] = await db
    .insert(organizations)
    .values({ name, slug: `lrs-${suffix}` })
    .returning();
  const [admin] = await db
    .insert(users)
    .values({
      organizationId: organization!.id,
      email: `lrs-admin-${suffix}@example.org`,
      givenName: "LRS",
      familyName: "Admin",
    })
    .returning();
  await db.insert(userRoles).values({ organizationId: organization!.id, userId: admin!.id, role: "admin" });
  const client = await issueXapiClient(
    {
      db,
      now,
      actor: {
        userId: admin!.id,
        organizationId: organization!.id,
        roles: ["admin"],
        givenName: "LRS",
        familyName: "Admin",
        locale: "en",
      },
    },
    { name: `${name} client`, scopes: ["read", "write"] },
  );
  return { organizationId: organization!.id, adminId: admin!.id, key: client.key, secret: client.secret };
}
