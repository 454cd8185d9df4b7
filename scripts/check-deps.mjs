#!/usr/bin/env node
// The architecture's dependency rule, enforced: engine and standards import nothing from this
// repository; core imports only engine and standards; nothing imports apps/*; no import cycles
// between workspace packages or between files. Prints every violation with file and line.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const PACKAGES = {
  "@pathwise/engine": { dir: "packages/engine/src", mayImport: [] },
  "@pathwise/standards": { dir: "packages/standards/src", mayImport: [] },
  "@pathwise/core": { dir: "packages/core/src", mayImport: ["@pathwise/engine", "@pathwise/standards"] },
  "@pathwise/server": { dir: "apps/server/src", mayImport: ["@pathwise/core"] },
  "@pathwise/web": { dir: "apps/web/src", mayImport: ["@pathwise/core", "@pathwise/engine"] },
  "@pathwise/e2e": { dir: "tests/e2e", mayImport: [] },
};

const SOURCE = /\.(ts|js|mjs|svelte)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|[\s;(])import\s*\(\s*["']([^"']+)["']\s*\)|(?:^|[\s;])import\s*["']([^"']+)["']/gm;

function walk(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (["node_modules", "dist", "build", ".svelte-kit", "test-results"].includes(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name)) out.push(full);
  }
  return out;
}

function importsOf(file) {
  const text = readFileSync(file, "utf8");
  const found = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    const line = text.slice(0, match.index).split("\n").length;
    found.push({ spec, line });
  }
  return found;
}

function packageOf(file) {
  const rel = path.relative(root, file);
  return Object.entries(PACKAGES).find(([, p]) => rel.startsWith(p.dir + path.sep) || rel.startsWith(path.dirname(p.dir) + path.sep))?.[0];
}

export function checkDependencies() {
  const problems = [];
  const fileGraph = new Map();
  for (const [name, pkg] of Object.entries(PACKAGES)) {
    for (const file of walk(path.join(root, pkg.dir))) {
      const rel = path.relative(root, file);
      const edges = [];
      for (const { spec, line } of importsOf(file)) {
        if (spec.startsWith("@pathwise/")) {
          const target = spec.split("/").slice(0, 2).join("/");
          if (target.startsWith("@pathwise/server") || target.startsWith("@pathwise/web") || target.startsWith("@pathwise/e2e")) {
            problems.push(`${rel}:${line} imports ${spec}: nothing may import apps/* or tests.`);
          } else if (target !== name && !pkg.mayImport.includes(target)) {
            problems.push(`${rel}:${line} imports ${spec}: ${name} may import only ${pkg.mayImport.join(", ") || "nothing from this repository"}.`);
          }
        } else if (spec.startsWith(".")) {
          const resolved = path.resolve(path.dirname(file), spec);
          const targetPkg = packageOf(resolved);
          if (targetPkg && targetPkg !== name) {
            problems.push(`${rel}:${line} reaches into ${path.relative(root, resolved)} by a relative path; import the package instead.`);
          }
          edges.push(path.relative(root, resolved).replace(/\.(js|ts)$/, ""));
        }
      }
      fileGraph.set(rel.replace(/\.(js|ts)$/, ""), edges);
    }
  }
  problems.push(...findCycles(fileGraph));
  return problems;
}

/** Import cycles between files, each reported once with its path. */
export function findCycles(graph) {
  const problems = [];
  const state = new Map();
  const stack = [];
  const seen = new Set();
  const visit = (node) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle].slice(0, -1).sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(`import cycle: ${cycle.join(" -> ")}`);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = checkDependencies();
  if (problems.length) {
    console.error(`Dependency rule broken (${problems.length}):`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log("Dependency rule holds: engine and standards stand alone, nothing imports apps, no cycles.");
}
