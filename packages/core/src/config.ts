/**
 * Runtime configuration, read once from the environment. Every variable is listed in the README's
 * configuration table; a bad value is reported by name at start.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "./shared/errors.js";

export interface PathwiseConfig {
  /** node-postgres connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | null;
  /** Where the embedded database lives (PGlite only). */
  dataDir: string;
  port: number;
  host: string;
  /** Whether session cookies carry the Secure flag (browsers accept Secure cookies on http://localhost). */
  secureCookies: boolean;
  /** Take the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  trustProxy: boolean;
  /** Seed the demo school on first start of an empty database. */
  seedDemo: boolean;
  /** Where the demo framework (a CASE package) is read from when seeding. */
  demoFrameworkFile: string;
  /**
   * Serve cmi5 package files in a browser sandbox (their scripts get an origin of their own and
   * cannot act as the signed-in learner). Off only for trusted content that needs this site's origin.
   */
  cmi5ContentSandbox: boolean;
}

const truthy = new Set(["1", "true", "yes", "on"]);
const falsy = new Set(["0", "false", "no", "off"]);

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (truthy.has(raw)) return true;
  if (falsy.has(raw)) return false;
  throw new AppError("bad_request", `${name} must be true or false, not "${env[name]}".`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): PathwiseConfig {
  const portText = env.PORT?.trim() || "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError("bad_request", `PORT must be a whole number from 0 to 65535, not "${portText}".`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new AppError("bad_request", "DATABASE_URL must start with postgres:// or postgresql://.");
  }
  return {
    databaseUrl,
    dataDir: path.resolve(cwd, env.PATHWISE_DATA_DIR?.trim() || "data"),
    port,
    host: env.HOST?.trim() || "0.0.0.0",
    secureCookies: flag(env, "PATHWISE_SECURE_COOKIES", true),
    trustProxy: flag(env, "PATHWISE_TRUST_PROXY", false),
    seedDemo: flag(env, "PATHWISE_SEED_DEMO", true),
    cmi5ContentSandbox: flag(env, "PATHWISE_CMI5_CONTENT_SANDBOX", true),
    demoFrameworkFile: env.PATHWISE_DEMO_FRAMEWORK?.trim()
      ? path.resolve(cwd, env.PATHWISE_DEMO_FRAMEWORK.trim())
      : defaultDemoFrameworkFile(cwd),
  };
}

/** The Smarter Balanced CASE package from the shared datasets folder beside the repository. */
const DEMO_FRAMEWORK_RELATIVE = "../shared/datasets/case/smarter-balanced-math-content-spec.json";

function defaultDemoFrameworkFile(cwd: string): string {
  const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
  const candidates = [
    path.resolve(cwd, DEMO_FRAMEWORK_RELATIVE),
    path.resolve(repoRoot, DEMO_FRAMEWORK_RELATIVE),
  ];
  return candidates.find((file) => existsSync(file)) ?? candidates[0]!;
}
