import { ReferenceKind, type EntityClass, type EntityDictionary, type EntityManager } from '@mikro-orm/core';
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

/** The persisted columns of an entity (scalars and the foreign keys it owns): a whole row, for a raw SELECT. */
export function columnsOf(em: EntityManager, entity: string): string[] {
  return em.getMetadata().find(entity)!.props
    .filter((p) => p.persist !== false && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)))
    .flatMap((p) => p.fieldNames ?? []);
}

/** Several tables' rows in one statement: each column as `alias__column` (`part` takes one table's row back out). */
export const prefixedColumns = (alias: string, columns: string[]) => columns.map((c) => `${alias}.${c} AS ${alias}__${c}`).join(', ');

/** One table's row out of a statement that selected `prefixedColumns(alias, columns)`. */
export function part(row: Record<string, unknown>, alias: string, columns: string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c, row[`${alias}__${c}`]]));
}
