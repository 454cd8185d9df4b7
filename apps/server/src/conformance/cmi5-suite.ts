/**
 * `npm run conformance:cmi5 -- [--grep pattern] [--json]`
 *
 * Runs the cmi5 LMS Test Suite of ADL's Project CATAPULT (github.com/adlnet/CATAPULT, folder `lts`,
 * a separate checkout named by CMI5_SUITE_DIR — its code is never part of this repository) against
 * Pathwise: a fresh in-memory database with a school, a class, a learner and an administrator who
 * can sign in, LRS credentials for the suite to read statements with, the server on a free local
 * port, and the suite's Jest run with Pathwise's adapter (cmi5-lms-adapter.cjs, the suite's
 * `lms.custom.js` contract) driving a system Chromium. Prints the counts and every failure.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createClass,
  createPerson,
  createSchool,
  createTerm,
  enrollInClass,
  loadConfig,
  openDatabase,
  type Runtime,
  type SignedInCtx,
} from "@pathwise/core";
import { createLrsTenant } from "@pathwise/core/bench";
import { createServer, listen } from "../serve.js";

const HOW_TO_GET_THE_SUITE = `CMI5_SUITE_DIR is not set (or does not hold the suite).
The cmi5 LMS Test Suite is part of ADL's Project CATAPULT, a separate project; check it out BESIDE
this repository, install the suite's packages (without Puppeteer's own browser download: the run
uses the system Chromium) and build its test packages:

  git clone https://github.com/adlnet/CATAPULT.git ../CATAPULT
  (cd ../CATAPULT/lts && PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci)
  (cd ../CATAPULT/lts/pkg && NODE_OPTIONS=--openssl-legacy-provider npx webpack)
  CMI5_SUITE_DIR=../CATAPULT npm run conformance:cmi5

Never copy its code into this repository.`;

/** Pathwise's implementation of the suite's LMS contract (lib/lms.template.js). */
const ADAPTER = fileURLToPath(new URL("../../src/conformance/cmi5-lms-adapter.cjs", import.meta.url));
const PASSWORD = "conformance-suite-password";
/** Per-test limit: an AU test imports, launches and runs a page on a machine that may be busy. */
const TEST_TIMEOUT_MS = 120_000;

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

/** The suite's `lts` folder: CMI5_SUITE_DIR may name the CATAPULT checkout or its lts folder. */
function suiteFolder(): string | null {
  const dir = process.env.CMI5_SUITE_DIR;
  if (!dir) return null;
  for (const candidate of [path.resolve(dir, "lts"), path.resolve(dir)]) {
    if (
      existsSync(path.join(candidate, "jest.setup.js")) &&
      existsSync(path.join(candidate, "lib", "lms.template.js"))
    )
      return candidate;
  }
  return null;
}

interface JestResult {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: {
    name: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

async function prepareSchool(runtime: Runtime) {
  const tenant = await createLrsTenant(runtime.database.db, "cmi5 Conformance District", runtime.now);
  const ctx: SignedInCtx = {
    db: runtime.database.db,
    now: runtime.now,
    actor: {
      userId: tenant.adminId,
      organizationId: tenant.organizationId,
      roles: ["admin"],
      givenName: "LRS",
      familyName: "Admin",
      locale: "en",
    },
  };
  const school = await createSchool(ctx, { name: "Conformance School" });
  const term = await createTerm(ctx, {
    schoolId: school.id,
    name: "Run",
    startsOn: "2020-01-01",
    endsOn: "2099-12-31",
  });
  const klass = await createClass(ctx, { schoolId: school.id, termId: term.id, name: "cmi5 conformance" });
  const admin = await createPerson(ctx, {
    email: "cmi5-admin@conformance.example",
    givenName: "Suite",
    familyName: "Administrator",
    roles: ["admin"],
    password: PASSWORD,
  });
  const learner = await createPerson(ctx, {
    email: "cmi5-learner@conformance.example",
    givenName: "Suite",
    familyName: "Learner",
    roles: ["learner"],
    password: PASSWORD,
  });
  await enrollInClass(ctx, klass.id, { userId: learner.id, role: "learner" });
  return { tenant, classId: klass.id, adminEmail: admin.email, learnerEmail: learner.email };
}

async function signIn(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`Signing in ${email} failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function main() {
  const args = process.argv.slice(2);
  const lts = suiteFolder();
  if (!lts) {
    console.error(HOW_TO_GET_THE_SUITE);
    process.exit(2);
  }
  for (const [what, file, how] of [
    ["packages", "node_modules", "run `PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 npm ci` in it"],
    [
      "test packages",
      path.join("pkg", "dist", "001-essentials.zip"),
      "run `NODE_OPTIONS=--openssl-legacy-provider npx webpack` in its pkg folder",
    ],
  ] as const) {
    if (!existsSync(path.join(lts, file))) {
      console.error(`The suite at ${lts} has no ${what}: ${how} first.`);
      process.exit(2);
    }
  }
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const database = await openDatabase({ kind: "pglite", dataDir: null });
  await database.migrate();
  const runtime: Runtime = { config: loadConfig({}), database, now: () => new Date() };
  const school = await prepareSchool(runtime);
  const server = createServer(runtime, null);
  const port = await listen(server, 0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  const work = mkdtempSync(path.join(os.tmpdir(), "pathwise-cmi5-suite-"));
  const puppeteerConfig = path.join(work, "jest-puppeteer.config.cjs");
  writeFileSync(
    puppeteerConfig,
    `module.exports = ${JSON.stringify({ launch: { headless: true, executablePath: chromium, args: ["--no-sandbox", "--disable-gpu"] } })};\n`,
  );
  const results = path.join(work, "results.json");
  const jestArgs = [
    path.join(lts, "node_modules", "jest", "bin", "jest.js"),
    "--runInBand",
    "--ci",
    `--testTimeout=${TEST_TIMEOUT_MS}`,
    "--json",
    `--outputFile=${results}`,
  ];
  const grep = argument(args, "grep");
  if (grep) jestArgs.push("-t", grep);
  try {
    const env = {
      ...process.env,
      CATAPULT_LMS: ADAPTER,
      CMI5_SUITE_LTS: lts,
      JEST_PUPPETEER_CONFIG: puppeteerConfig,
      PUPPETEER_EXECUTABLE_PATH: chromium,
      PATHWISE_URL: base,
      PATHWISE_ADMIN_TOKEN: await signIn(base, school.adminEmail),
      PATHWISE_LEARNER_TOKEN: await signIn(base, school.learnerEmail),
      PATHWISE_CLASS_ID: school.classId,
      PATHWISE_LRS_KEY: school.tenant.key,
      PATHWISE_LRS_SECRET: school.tenant.secret,
    };
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, jestArgs, {
        cwd: lts,
        env,
        stdio: [
          "ignore",
          args.includes("--json") ? "ignore" : "inherit",
          args.includes("--json") ? "ignore" : "inherit",
        ],
      });
      child.on("error", reject);
      child.on("close", () => resolve());
    });
  } finally {
    server.close();
    await database.close();
  }
  if (!existsSync(results)) {
    console.error("The suite wrote no results; see its output above.");
    process.exit(1);
  }
  const run = JSON.parse(readFileSync(results, "utf8")) as JestResult;
  const failures = run.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === "failed")
      .map((test) => ({
        suite: path.basename(file.name),
        test: test.fullName,
        reason: (test.failureMessages[0] ?? "").split("\n").slice(0, 6).join("\n"),
      })),
  );
  const perFile = run.testResults.map((file) => ({
    suite: path.basename(file.name),
    passed: file.assertionResults.filter((test) => test.status === "passed").length,
    failed: file.assertionResults.filter((test) => test.status === "failed").length,
    skipped: file.assertionResults.filter((test) => test.status === "pending" || test.status === "skipped")
      .length,
  }));
  const summary = {
    files: perFile,
    total: run.numTotalTests,
    passed: run.numPassedTests,
    failed: run.numFailedTests,
    skipped: run.numPendingTests,
    failures,
  };
  if (args.includes("--json")) console.log(JSON.stringify(summary));
  else {
    for (const failure of failures)
      console.log(`FAILED ${failure.suite} › ${failure.test}\n${failure.reason}\n`);
    for (const file of perFile)
      console.log(`${file.suite}: ${file.passed} passed, ${file.failed} failed, ${file.skipped} skipped`);
    console.log(
      `cmi5 LMS Test Suite: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped of ${summary.total}`,
    );
  }
  process.exit(summary.failed > 0 || summary.total === 0 ? 1 : 0);
}

await main();
