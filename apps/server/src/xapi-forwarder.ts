/**
 * The worker that empties the xAPI forwarding outbox (docs/xapi-profile.md): a polling loop in the
 * server process. Each pass sends what is due (batches of 100, one organization at a time); when a
 * pass was full it goes again at once, otherwise it waits `intervalMs`. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and a claim deadline, so several server processes can run it at once.
 */
import { forwardDueStatements, type ForwardOptions, type Runtime } from "@pathwise/core";

export interface XapiForwarder {
  /** Stops after the pass under way (resolves when it has finished). */
  stop(): Promise<void>;
}

export function startXapiForwarder(
  runtime: Runtime,
  options: ForwardOptions & { intervalMs?: number; log?: (message: string) => void } = {},
): XapiForwarder {
  const intervalMs = options.intervalMs ?? 2000;
  const log = options.log ?? ((message: string) => console.error(message));
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let again = false;
      try {
        const report = await forwardDueStatements(runtime.database.db, runtime.now, options);
        // A pass that did its maximum probably left more: go again without waiting.
        again =
          report.sent + report.retrying + report.failed >=
          (options.batchSize ?? 100) * (options.maxBatches ?? 20);
      } catch (error) {
        log(`xAPI forwarding: ${(error as Error).message}`);
      }
      if (stopped || again) continue;
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
