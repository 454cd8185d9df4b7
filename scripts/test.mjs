#!/usr/bin/env node
// `npm test`: typecheck, lint, the dependency rule, unit and integration tests on PGlite, the same
// integration tests on PostgreSQL when TEST_DATABASE_URL is set, and the browser tests when a
// Chromium is found (REQUIRE_E2E=1 makes a missing browser a failure). Every step runs even when
// an earlier one fails; the last line is the plain summary "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { root } from "./build-state.mjs";

const artifacts = path.join(root, ".test-artifacts");
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}: ${[command, ...args].join(" ")}`);
  const started = Date.now();
  const child = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = child.status === 0;
  results.push({ title, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}

/** A check that is not a test runner counts as one passed or failed item. */
function check(title, command, args, env) {
  const ok = run(title, command, args, env);
  if (ok) passed += 1;
  else failed += 1;
}

function vitest(title, args, env, reportName) {
  const report = path.join(artifacts, reportName);
  const ok = run(title, "npx", ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], env);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, "utf8"));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    skipped += json.numPendingTests + (json.numTodoTests ?? 0);
    if (!ok && json.numFailedTests === 0) failed += 1;
  } else if (!ok) failed += 1;
}

check("typecheck", "npx", ["tsc", "-b"]);
check("typecheck web", "npm", ["run", "--silent", "check", "-w", "@pathwise/web"]);
check("typecheck browser tests", "npx", ["tsc", "-p", "tests/e2e"]);
check("lint", "npx", ["eslint", ".", "--max-warnings", "0"]);
check("dependency rule", "node", ["scripts/check-deps.mjs"]);
vitest("unit and integration tests (PGlite)", [], { PATHWISE_TEST_BACKEND: "pglite" }, "vitest-pglite.json");

if (process.env.TEST_DATABASE_URL) {
  vitest("integration tests (PostgreSQL)", ["--project", "integration"], { PATHWISE_TEST_BACKEND: "postgres" }, "vitest-postgres.json");
} else {
  console.log("\n━━ integration tests on PostgreSQL: skipped (set TEST_DATABASE_URL to run them)");
}

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (existsSync(chromium)) {
  if (run("build for browser tests", "npm", ["run", "--silent", "build"])) {
    const report = path.join(artifacts, "playwright.json");
    const ok = run("browser tests (Chromium + axe)", "npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts", "--reporter=list,json"], {
      CHROMIUM_PATH: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    });
    if (existsSync(report)) {
      const stats = JSON.parse(readFileSync(report, "utf8")).stats ?? {};
      passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
      failed += stats.unexpected ?? 0;
      skipped += stats.skipped ?? 0;
      if (!ok && !stats.unexpected) failed += 1;
    } else if (!ok) failed += 1;
  } else failed += 1;
} else if (process.env.REQUIRE_E2E === "1") {
  console.log(`\n!!!! BROWSER TESTS FAILED: no Chromium at ${chromium} and REQUIRE_E2E=1 !!!!`);
  failed += 1;
} else {
  console.log(`\n!!!! BROWSER TESTS SKIPPED: no Chromium at ${chromium} (install Debian's chromium or set CHROMIUM_PATH) !!!!`);
}

console.log("\n━━ steps");
for (const r of results) console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.title} (${r.seconds.toFixed(1)} s)`);
console.log(`\nSummary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
