// `npm start`: build what is not built, then run `pathwise start` in this process.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildIsCurrent, root } from "./build-state.mjs";

if (!buildIsCurrent()) {
  console.log("Building Pathwise (first start or sources changed)…");
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("pathwise: the build failed; see the messages above.");
    process.exit(1);
  }
}
process.argv = [process.argv[0], "pathwise", "start"];
await import(pathToFileURL(path.join(root, "apps/server/dist/cli.js")).href);
