/**
 * Where tests find the shared real-world datasets: `../shared/datasets` beside the repository
 * (override with PATHWISE_DATASETS). Data is read from there, never copied into the repository.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPOSITORY_ROOT = resolve(fileURLToPath(new URL("../../../../", import.meta.url)));

export const DATASETS_DIR = process.env.PATHWISE_DATASETS ?? resolve(REPOSITORY_ROOT, "../shared/datasets");

/** The absolute path of a dataset file or folder, or null when it is not there. */
export function datasetPath(relative: string): string | null {
  const path = join(DATASETS_DIR, relative);
  return existsSync(path) ? path : null;
}

export function readDataset(relative: string): string {
  const path = datasetPath(relative);
  if (path === null) throw new Error(`dataset ${relative} not found under ${DATASETS_DIR}`);
  return readFileSync(path, "utf8");
}

/** The reason printed by `describe.skipIf` when a dataset is absent. */
export function missingDatasetReason(relative: string): string {
  return `shared dataset ${relative} not found under ${DATASETS_DIR} (set PATHWISE_DATASETS); skipping tests that need it`;
}
