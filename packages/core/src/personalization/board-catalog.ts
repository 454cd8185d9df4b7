/**
 * The prepared catalogue a board is built from — the competency graph of the learner's frameworks
 * and every activity indexed by competency — kept between requests. Rebuilding it costs far more
 * than building a board, and it changes only when content or a framework does.
 *
 * A kept catalogue is current while its organization's catalogue version is unchanged: database
 * triggers raise that number on every write to resources, items, their competency links,
 * competencies and prerequisite edges (migration `catalogue_version_triggers`), so an edit made
 * through any server process, or straight in SQL, shows on the next board. The version is read with
 * the learner's other board inputs (`readLoopInputs`), so checking costs no extra query. Caches are
 * per database handle, so tests on separate databases never share one.
 */
import { prepareChoiceBoards, type ChoiceBoardCatalog } from "@pathwise/engine";
import type { Database } from "../db/open-database.js";
import { activitiesOf, competencyGraphOf } from "./board-inputs.js";

/** At most this many catalogues are kept per database (least recently used go first). */
export const BOARD_CATALOG_CACHE_SIZE = 32;

const caches = new WeakMap<Database, Map<string, { version: number; catalog: ChoiceBoardCatalog }>>();

/**
 * The catalogue for these frameworks at `version`, from memory or built (and kept) now.
 * `cache` is the database handle the cache belongs to; `db` reads, and may be a transaction on it.
 */
export async function boardCatalogOf(
  cache: Database,
  db: Database,
  organizationId: string,
  frameworkIds: string[],
  version: number,
): Promise<ChoiceBoardCatalog> {
  const key = `${organizationId}:${[...frameworkIds].sort().join(",")}`;
  let kept = caches.get(cache);
  if (!kept) caches.set(cache, (kept = new Map()));
  const entry = kept.get(key);
  if (entry && entry.version === version) {
    kept.delete(key);
    kept.set(key, entry); // most recently used last
    return entry.catalog;
  }
  const graph = await competencyGraphOf(db, organizationId, frameworkIds);
  const catalog = prepareChoiceBoards(graph, await activitiesOf(db, organizationId, new Set(graph.ids)));
  kept.set(key, { version, catalog });
  while (kept.size > BOARD_CATALOG_CACHE_SIZE) kept.delete(kept.keys().next().value!);
  return catalog;
}
