/**
 * A fresh, migrated database for one test file, cloned from the run's snapshot: PGlite loaded
 * from the dumped data directory, or a PostgreSQL database created from the template.
 */
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/open-database.js";

export interface TestDatabase {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (inject("testBackend") === "pglite") {
    const snapshot = await readFile(inject("pgliteSnapshot"));
    const handle = await openDatabase({ kind: "pglite", dataDir: null, loadDataDir: new Blob([snapshot]) });
    return { handle, close: () => handle.close() };
  }
  const baseUrl = process.env.TEST_DATABASE_URL!;
  const name = `pathwise_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject("postgresTemplate")}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
  return {
    handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      try {
        await dropWhenIdle(cleanup, name);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * The pool resolves `end()` before its connections have finished closing; dropping `with (force)`
 * at that moment kills them mid-goodbye and surfaces as an uncaught error. Wait for them instead.
 */
async function dropWhenIdle(admin: pg.Client, name: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await admin.query(`drop database if exists "${name}"`);
      return;
    } catch (error) {
      const inUse = (error as { code?: string }).code === "55006";
      if (!inUse) throw error;
      if (Date.now() > deadline) {
        await admin.query(`drop database if exists "${name}" with (force)`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
