/**
 * The running Pathwise process. Under `npm start` the server has already opened the database and
 * registered it; under `vite dev` the web app starts its own runtime on first use.
 */
import { currentRuntime, loadConfig, startRuntime, type Runtime } from "@pathwise/core";

let starting: Promise<Runtime> | null = null;

export function getRuntime(): Promise<Runtime> {
  const running = currentRuntime();
  if (running) return Promise.resolve(running);
  starting ??= startRuntime(loadConfig()).then((started) => started.runtime);
  return starting;
}
