#!/usr/bin/env node
/**
 * The `pathwise` command: start (default), migrate, seed. Start-up problems a person can fix are
 * printed as one line and exit with code 1 — never a stack trace.
 */
import {
  AppError,
  DatabaseUnavailableError,
  databaseConfigFrom,
  loadConfig,
  openDatabase,
  registerRuntime,
  seedDemoSchoolIfEmpty,
  startRuntime,
  type DemoSeedResult,
} from "@pathwise/core";
import { createServer, listen, loadWebHandler } from "./serve.js";
import { startFrameworkImportWorker } from "./framework-import-worker.js";
import { startXapiForwarder } from "./xapi-forwarder.js";

const USAGE = `Usage: pathwise <command>

Commands:
  start     migrate the database, seed the demo school on first start, and serve (default)
  migrate   apply pending database migrations and exit
  seed      seed the demo school if the database is empty, and exit
  help      show this message

Configuration comes from environment variables; see the README.`;

function printSeed(seed: DemoSeedResult, url: string) {
  console.log(
    `\nSeeded the demo school (${seed.learners} learners, ${seed.competencies} competencies, ${seed.content.resources} resources, ${seed.content.items} practice items).`,
  );
  if (seed.frameworkWarning) console.log(`Note: ${seed.frameworkWarning}`);
  console.log(`Demo sign-ins at ${url} (password for all: ${seed.password}):`);
  for (const s of seed.signIns) console.log(`  ${s.role.padEnd(9)} ${s.email.padEnd(42)} ${s.name}`);
  console.log("");
}

async function start() {
  const config = loadConfig();
  const { runtime, seeded } = await startRuntime(config);
  const web = await loadWebHandler();
  const server = createServer(runtime, web);
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (error) {
    await runtime.database.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      "bad_request",
      code === "EADDRINUSE"
        ? `Port ${config.port} is already in use; set PORT to another port.`
        : `Cannot listen on port ${config.port}: ${(error as Error).message}`,
    );
  }
  const url = `http://localhost:${port}`;
  if (seeded) printSeed(seeded, url);
  console.log(
    `Pathwise is serving on ${url} (database: ${runtime.database.backend === "pglite" ? `embedded, in ${config.dataDir}` : "PostgreSQL"})`,
  );
  if (!web) console.log("The web app is not built: only the API is served. Run `npm run build`.");

  // Pathwise's own statements go to the external LRS an admin configured (docs/xapi-profile.md).
  const forwarder = startXapiForwarder(runtime);
  // CASE imports started from the web pages run here, reporting their progress (docs/teachers-guide.md).
  const frameworkImports = startFrameworkImportWorker(runtime);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await forwarder.stop().catch(() => undefined);
    await frameworkImports.stop().catch(() => undefined);
    await runtime.database.close().catch(() => undefined);
    registerRuntime(null);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function migrateOnly() {
  const config = loadConfig();
  const handle = await openDatabase(databaseConfigFrom(config));
  try {
    await handle.migrate();
    console.log("Migrations applied.");
  } finally {
    await handle.close();
  }
}

async function seedOnly() {
  const config = loadConfig();
  const handle = await openDatabase(databaseConfigFrom(config));
  try {
    await handle.migrate();
    const seeded = await seedDemoSchoolIfEmpty(handle.db, config.demoFrameworkFile, () => new Date());
    if (seeded) printSeed(seeded, `http://localhost:${config.port}`);
    else console.log("The database already has an organization; nothing was seeded.");
  } finally {
    await handle.close();
  }
}

async function main(command: string) {
  switch (command) {
    case "start":
      return start();
    case "migrate":
      return migrateOnly();
    case "seed":
      return seedOnly();
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    default:
      throw new AppError("bad_request", `Unknown command "${command}". Run \`pathwise help\`.`);
  }
}

main(process.argv[2] ?? "start").catch((error: unknown) => {
  if (error instanceof DatabaseUnavailableError || error instanceof AppError) {
    console.error(`pathwise: ${error.message}`);
  } else {
    console.error(`pathwise: could not start: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exit(1);
});
