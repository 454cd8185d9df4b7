/**
 * Start-up of one Pathwise process: open the database the configuration names, migrate it, seed
 * the demo school on the first start of an empty database. The running process registers itself so
 * that the web app (a separately built bundle loaded into the same process) uses the same database
 * handle instead of opening a second one.
 */
import type { PathwiseConfig } from "./config.js";
import { databaseConfigFrom, openDatabase, type DatabaseHandle } from "./db/open-database.js";
import { seedDemoSchoolIfEmpty, type DemoSeedResult } from "./demo/seed-demo-school.js";

export interface Runtime {
  config: PathwiseConfig;
  database: DatabaseHandle;
  now: () => Date;
}

export interface StartResult {
  runtime: Runtime;
  /** What the demo seed created on this start; null when the database already had data. */
  seeded: DemoSeedResult | null;
}

export async function startRuntime(config: PathwiseConfig): Promise<StartResult> {
  const database = await openDatabase(databaseConfigFrom(config));
  try {
    await database.migrate();
    const runtime: Runtime = { config, database, now: () => new Date() };
    const seeded = config.seedDemo
      ? await seedDemoSchoolIfEmpty(database.db, config.demoFrameworkFile, runtime.now)
      : null;
    registerRuntime(runtime);
    return { runtime, seeded };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

const RUNTIME_KEY = Symbol.for("pathwise.runtime");
type RuntimeHolder = { [RUNTIME_KEY]?: Runtime };

export function registerRuntime(runtime: Runtime | null): void {
  const holder = globalThis as RuntimeHolder;
  if (runtime) holder[RUNTIME_KEY] = runtime;
  else delete holder[RUNTIME_KEY];
}

/** The runtime of this process, or null when none was started (e.g. the web app's dev server). */
export function currentRuntime(): Runtime | null {
  return (globalThis as RuntimeHolder)[RUNTIME_KEY] ?? null;
}
