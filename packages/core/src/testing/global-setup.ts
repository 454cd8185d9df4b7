/**
 * Runs once per test run: builds a migrated database snapshot that every integration test file
 * starts from — a PGlite data-directory dump, or a PostgreSQL template database.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/open-database.js";

declare module "vitest" {
  export interface ProvidedContext {
    testBackend: "pglite" | "postgres";
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

const SNAPSHOT = path.resolve("node_modules/.cache/pathwise/test-snapshot.tar.gz");

export default async function setup(project: TestProject) {
  const backend = process.env.PATHWISE_TEST_BACKEND === "postgres" ? "postgres" : "pglite";
  project.provide("testBackend", backend);
  if (backend === "pglite") {
    const handle = await openDatabase({ kind: "pglite", dataDir: null });
    await handle.migrate();
    const client = (handle.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir("gzip");
    await handle.close();
    await mkdir(path.dirname(SNAPSHOT), { recursive: true });
    await writeFile(SNAPSHOT, Buffer.from(await dump.arrayBuffer()));
    project.provide("pgliteSnapshot", SNAPSHOT);
    project.provide("postgresTemplate", "");
    return;
  }

  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("PATHWISE_TEST_BACKEND=postgres needs TEST_DATABASE_URL.");
  const template = `${new URL(url).pathname.slice(1) || "pathwise"}_template`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists "${template}" with (force)`);
  await admin.query(`create database "${template}"`);
  await admin.end();
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${template}`;
  const handle = await openDatabase({ kind: "postgres", url: templateUrl.toString(), poolSize: 1 });
  await handle.migrate();
  await handle.close();
  project.provide("testBackend", "postgres");
  project.provide("pgliteSnapshot", "");
  project.provide("postgresTemplate", template);

  return async () => {
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop database if exists "${template}" with (force)`);
    await cleanup.end();
  };
}
