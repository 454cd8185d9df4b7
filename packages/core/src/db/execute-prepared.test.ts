import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { executePrepared } from "./open-database.js";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

describe("executePrepared", () => {
  it("answers what db.execute answers, with each call's own values", async () => {
    const { db } = test.handle;
    for (const n of [1, 2, 3]) {
      const query = () => sql`select ${n}::int * 2 as doubled, ${`v${n}`}::text as label`;
      expect(rowsOf(await executePrepared(db, query()))).toEqual(rowsOf(await db.execute(query())));
      expect(rowsOf(await executePrepared(db, query()))).toEqual([{ doubled: n * 2, label: `v${n}` }]);
    }
  });

  // PGlite has no named statements to look at.
  it.runIf(inject("testBackend") === "postgres")(
    "on PostgreSQL, leaves one named statement per text on the connection, whatever the values",
    async () => {
      await test.handle.db.transaction(async (tx) => {
        // One transaction is one connection: its prepared statements are the ones to count.
        for (const n of [10, 20, 30]) await executePrepared(tx, sql`select ${n}::int + 1 as next`);
        await executePrepared(tx, sql`select ${5}::int - 1 as previous`);
        const named = rowsOf(
          await tx.execute(sql`select name, statement from pg_prepared_statements where name like 'pw_%'`),
        );
        expect(named.filter((s) => String(s.statement).includes("as next"))).toHaveLength(1);
        expect(named.filter((s) => String(s.statement).includes("as previous"))).toHaveLength(1);
      });
    },
  );
});
