/**
 * The prepared catalogue a board is built from — the competency graph of the learner's frameworks
 * and every activity indexed by competency — kept between requests. Rebuilding it costs far more
 * than building a board, and it changes only when content or a framework does.
 *
 * Whether a kept catalogue is still current is asked of the database on every request with one
 * small query (counts, newest edit times and the length of the competency statements of the
 * frameworks and the organization's content), so an edit made through any server process shows on
 * the next board. Caches are per database handle, so tests on separate databases never share one.
 */
import { sql } from "drizzle-orm";
import { prepareChoiceBoards, type ChoiceBoardCatalog } from "@pathwise/engine";
import { itemCompetencies, items, resourceCompetencies, resources } from "../content/schema.js";
import type { Database } from "../db/open-database.js";
import { competencies, competencyEdges } from "../frameworks/schema.js";
import { activitiesOf, competencyGraphOf } from "./board-inputs.js";

/** At most this many catalogues are kept per database (least recently used go first). */
export const BOARD_CATALOG_CACHE_SIZE = 32;

const caches = new WeakMap<Database, Map<string, { fingerprint: string; catalog: ChoiceBoardCatalog }>>();

async function fingerprintOf(db: Database, organizationId: string, frameworkIds: string[]): Promise<string> {
  const frameworks = sql`array[${sql.join(
    frameworkIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;
  const [row] = await db
    .select({
      resources: sql<string>`(select count(*) || ':' || coalesce(max(${resources.updatedAt})::text, '') from ${resources} where ${resources.organizationId} = ${organizationId})`,
      items: sql<string>`(select count(*) || ':' || coalesce(max(${items.updatedAt})::text, '') from ${items} where ${items.organizationId} = ${organizationId})`,
      resourceLinks: sql<string>`(select count(*)::text from ${resourceCompetencies} where ${resourceCompetencies.organizationId} = ${organizationId})`,
      itemLinks: sql<string>`(select count(*)::text from ${itemCompetencies} where ${itemCompetencies.organizationId} = ${organizationId})`,
      competencies: sql<string>`(select count(*) || ':' || count(${competencies.retiredAt}) || ':' || coalesce(sum(length(${competencies.statement})), 0) from ${competencies} where ${competencies.frameworkId} = any(${frameworks}))`,
      edges: sql<string>`(select count(*)::text from ${competencyEdges} where ${competencyEdges.frameworkId} = any(${frameworks}))`,
    })
    .from(sql`(select 1) as one`);
  return Object.values(row ?? {}).join("|");
}

export async function boardCatalogOf(
  db: Database,
  organizationId: string,
  frameworkIds: string[],
): Promise<ChoiceBoardCatalog> {
  const key = `${organizationId}:${[...frameworkIds].sort().join(",")}`;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const fingerprint = frameworkIds.length ? await fingerprintOf(db, organizationId, frameworkIds) : "empty";
  const kept = cache.get(key);
  if (kept && kept.fingerprint === fingerprint) {
    cache.delete(key);
    cache.set(key, kept); // most recently used last
    return kept.catalog;
  }
  const graph = await competencyGraphOf(db, organizationId, frameworkIds);
  const catalog = prepareChoiceBoards(graph, await activitiesOf(db, organizationId, new Set(graph.ids)));
  cache.set(key, { fingerprint, catalog });
  while (cache.size > BOARD_CATALOG_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return catalog;
}
