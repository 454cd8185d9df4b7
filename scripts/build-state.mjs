// Is the build up to date? Compares the newest source file with the stamp written after a build.
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const STAMP = path.join(root, "node_modules", ".cache", "pathwise-build-stamp");

const SOURCES = ["packages/engine/src", "packages/standards/src", "packages/core/src", "packages/core/migrations", "apps/server/src", "apps/web/src", "apps/web/static"];
const CONFIGS = ["package-lock.json", "tsconfig.base.json", "apps/web/svelte.config.js", "apps/web/vite.config.ts"];
const OUTPUTS = ["packages/engine/dist/index.js", "packages/standards/dist/index.js", "packages/core/dist/index.js", "apps/server/dist/cli.js", "apps/web/build/handler.js"];

function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, name)));
  return latest;
}

export function buildIsCurrent() {
  if (!existsSync(STAMP) || OUTPUTS.some((f) => !existsSync(path.join(root, f)))) return false;
  const built = statSync(STAMP).mtimeMs;
  return [...SOURCES, ...CONFIGS].every((f) => !existsSync(path.join(root, f)) || newest(path.join(root, f)) <= built);
}

export function writeStamp() {
  writeFileSync(STAMP, new Date().toISOString());
}
