import type { EntityClass, EntityDictionary, EntityManager } from '@mikro-orm/core';
import type { SqlParams } from './named-params.js';
import { sql } from './sql.js';

/**
 * The lean read path. A query's small reports (establishment, cost share, funding, the scenario)
 * read their rows with flat hand-written SQL instead of the ORM's query builder: the ORM costs
 * about half a millisecond a statement and writes a nested join for a populated collection
 * (`left join (cost_share_entry inner join agency)`) that SQLite answers by building the whole
 * join each time. The rows still become the domain's entities (`em.map`, as a find would hydrate
 * them), so everything after the read is the same code.
 *
 * Only reads outside a transaction take this path: a write's reads stay with the ORM on the
 * transaction's connection, and a test (test/lean-reads.test.ts) checks both answer alike.
 */
export function readsLean(em: EntityManager): boolean {
  return !em.getTransactionContext();
}

/**
 * The entities of hand-written SQL selecting whole rows (`SELECT t.* FROM …`), hydrated and
 * managed by `em` as a find's would be. The SQL must apply the caller's partnership scope itself
 * (partnershipScope) or reach the rows through a row already read in scope.
 */
export async function entitiesOf<T extends object>(em: EntityManager, entity: EntityClass<T>, query: string, params: SqlParams = {}): Promise<T[]> {
  const rows = await sql(em, query, params);
  return rows.map((row) => em.map(entity, row as EntityDictionary<T>));
}
