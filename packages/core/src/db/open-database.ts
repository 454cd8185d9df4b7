/**
 * The one database seam: a Drizzle database on the embedded PGlite (PostgreSQL in WebAssembly,
 * persisted to a directory) or on a PostgreSQL server through node-postgres. Same schema, same
 * migrations, same SQL dialect.
 */
import { createHash } from "node:crypto";
import { mkdir, access, constants } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "../schema.js";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Backend = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  backend: Backend;
  /** Apply every pending migration (idempotent; safe when several servers start at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: "postgres"; url: string; poolSize?: number }
  /** `dataDir: null` keeps the database in memory (tests); `loadDataDir` starts from a snapshot. */
  | { kind: "pglite"; dataDir: string | null; loadDataDir?: Blob | File };

/** The database the configuration asks for: PostgreSQL when DATABASE_URL is set, else embedded. */
export function databaseConfigFrom(config: { databaseUrl: string | null; dataDir: string }): DatabaseConfig {
  return config.databaseUrl
    ? { kind: "postgres", url: config.databaseUrl }
    : { kind: "pglite", dataDir: config.dataDir };
}

/** A start-up problem a person can fix; the command line prints its message as one line. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Arbitrary constant key for the advisory lock that serializes migrations across processes. */
const MIGRATION_LOCK_KEY = 7_313_001;

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === "postgres") return openPostgres(config.url, config.poolSize ?? 10);
  return openPglite(config.dataDir, config.loadDataDir);
}

async function openPglite(dataDir: string | null, loadDataDir: Blob | undefined): Promise<DatabaseHandle> {
  if (dataDir) {
    try {
      await mkdir(dataDir, { recursive: true });
      await access(dataDir, constants.W_OK);
    } catch {
      throw new DatabaseUnavailableError(
        `The data directory ${dataDir} cannot be written. Set PATHWISE_DATA_DIR to a writable directory.`,
      );
    }
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ?? undefined, loadDataDir ? { loadDataDir } : {});
  } catch (error) {
    throw new DatabaseUnavailableError(
      `The embedded database in ${dataDir ?? "memory"} could not be opened: ${(error as Error).message}`,
    );
  }
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    backend: "pglite",
    migrate: () => migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(
      `PostgreSQL at ${redact(url)} is not reachable: ${(error as Error).message}`,
    );
  }
  const nodePg = drizzlePostgres({ client: pool, schema });
  return {
    db: nodePg as unknown as Database,
    backend: "postgres",
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Hide the password of a connection string in messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the configured DATABASE_URL";
  }
}

const dialect = new PgDialect();

/**
 * `db.execute(query)` as a named prepared statement: on PostgreSQL each connection parses and plans
 * a text once and then only binds new values to it (docs/benchmarks.md: PostgreSQL's CPU per loop
 * fell by about a third). For statements whose text depends on the call (the
 * loop's read with or without the board); a builder query with one text takes `.prepare(name)`
 * instead. The name is the text's hash, so one text always has one name — node-postgres refuses a
 * name reused with another text. PGlite ignores the name. The values must all be parameters, never
 * spliced into the text, or every call would leave a new statement on the connection.
 */
export function executePrepared(db: Database, query: SQL): Promise<unknown> {
  const compiled = dialect.sqlToQuery(query);
  const name = `pw_${createHash("sha1").update(compiled.sql).digest("hex").slice(0, 20)}`;
  return db._.session.prepareQuery(compiled, undefined, name, false).execute();
}

/** Cheap liveness probe for the health endpoint. */
export async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
