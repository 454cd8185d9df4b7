/** What every request handler can read: the running process and who is calling. */
import type { Actor, Runtime } from "@pathwise/core";

export interface AppEnv {
  Variables: {
    runtime: Runtime;
    actor: Actor | null;
  };
}
