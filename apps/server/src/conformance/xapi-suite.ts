/**
 * `npm run conformance:xapi -- [--versions 2.0.0,1.0.3] [--grep pattern] [--json]`
 *
 * Runs the ADL LRS conformance test suite (github.com/adlnet/lrs-conformance-test-suite, a separate
 * checkout named by LRS_SUITE_DIR — its code is never part of this repository) against this LRS:
 * for each xAPI version, a fresh in-memory database, an organization with LRS credentials, the
 * server on a free local port, and the suite's console runner. Prints passed/failed counts per
 * version and where the suite wrote its full log (failures with their reasons).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { loadConfig, openDatabase, type Runtime } from "@pathwise/core";
import { createLrsTenant } from "@pathwise/core/bench";
import { createServer, listen } from "../serve.js";

const HOW_TO_GET_THE_SUITE = `LRS_SUITE_DIR is not set (or does not hold the suite).
The ADL LRS conformance test suite is a separate project; check it out BESIDE this repository:

  git clone https://github.com/adlnet/lrs-conformance-test-suite.git ../lrs-conformance-test-suite
  (cd ../lrs-conformance-test-suite && npm install)
  LRS_SUITE_DIR=../lrs-conformance-test-suite npm run conformance:xapi

Never copy its code into this repository.`;

function argument(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

interface VersionResult {
  version: string;
  total: number;
  passed: number;
  failed: number;
  log: string | null;
}

async function runVersion(suite: string, version: string, grep: string | undefined): Promise<VersionResult> {
  const database = await openDatabase({ kind: "pglite", dataDir: null });
  await database.migrate();
  const runtime: Runtime = { config: loadConfig({}), database, now: () => new Date() };
  const client = await createLrsTenant(database.db, "Conformance District", runtime.now);
  const server = createServer(runtime, null);
  const port = await listen(server, 0, "127.0.0.1");
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo | null)?.port ?? port}/xapi`;
  const args = [
    "bin/console_runner.js",
    "-e",
    endpoint,
    "-a",
    "-u",
    client.key,
    "-p",
    client.secret,
    "-x",
    version,
    "-z",
  ];
  if (grep) args.push("-g", grep);
  let summary: { total?: number; passed?: number; failed?: number } = {};
  let log: string | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: suite, stdio: ["ignore", "pipe", "inherit"] });
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          if (line.startsWith("{") && line.includes('"passed"')) {
            try {
              summary = JSON.parse(line) as typeof summary;
            } catch {
              // a progress line cut short: the next one will do
            }
          } else if (line.startsWith("Full run log written to")) {
            log = line.slice("Full run log written to".length).trim();
          } else if (!process.argv.includes("--json") && line.trim() !== "") {
            process.stdout.write(`${line}\n`);
          }
        }
      });
      child.on("error", reject);
      child.on("close", () => resolve());
    });
  } finally {
    server.close();
    await database.close();
  }
  return {
    version,
    total: summary.total ?? 0,
    passed: summary.passed ?? 0,
    failed: summary.failed ?? 0,
    log,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const suite = process.env.LRS_SUITE_DIR ? path.resolve(process.env.LRS_SUITE_DIR) : null;
  if (!suite || !existsSync(path.join(suite, "bin", "console_runner.js"))) {
    console.error(HOW_TO_GET_THE_SUITE);
    process.exit(2);
  }
  if (!existsSync(path.join(suite, "node_modules"))) {
    console.error(`The suite at ${suite} has no node_modules: run \`npm install\` in it first.`);
    process.exit(2);
  }
  const versions = (argument(args, "versions") ?? "2.0.0,1.0.3").split(",").map((v) => v.trim());
  const results: VersionResult[] = [];
  for (const version of versions) results.push(await runVersion(suite, version, argument(args, "grep")));
  if (args.includes("--json")) console.log(JSON.stringify(results));
  else
    for (const r of results)
      console.log(
        `xAPI ${r.version}: ${r.passed} passed, ${r.failed} failed of ${r.total}${r.log ? ` — log: ${r.log}` : ""}`,
      );
  process.exit(results.some((r) => r.failed > 0 || r.total === 0) ? 1 : 0);
}

await main();
