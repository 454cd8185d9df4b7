/**
 * The worker that runs queued CASE imports (packages/core/src/frameworks/run-framework-imports.ts):
 * a polling loop in the server process. Each pass runs every queued import, one after another; then
 * it waits `intervalMs`. Jobs are claimed with `FOR UPDATE SKIP LOCKED`, so several server processes
 * can run it at once. On PostgreSQL the progress of the write is stored as it goes; the embedded
 * database has a single connection, held by the import's transaction (see the core file).
 */
import { runQueuedFrameworkImports, type Runtime } from "@pathwise/core";

export interface FrameworkImportWorker {
  /** Stops after the import under way (resolves when it has finished). */
  stop(): Promise<void>;
}

export function startFrameworkImportWorker(
  runtime: Runtime,
  options: { intervalMs?: number; log?: (message: string) => void } = {},
): FrameworkImportWorker {
  // A person is watching the progress page: start soon after they press Import.
  const intervalMs = options.intervalMs ?? 1000;
  const log = options.log ?? ((message: string) => console.error(message));
  const progressWhileWriting = runtime.database.backend === "postgres";
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      try {
        await runQueuedFrameworkImports(runtime.database.db, runtime.now, { progressWhileWriting });
      } catch (error) {
        log(`CASE import: ${(error as Error).message}`);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
        timer.unref();
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
