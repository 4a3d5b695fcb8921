import type { EntityManager } from '@mikro-orm/core';
import { forEngine } from './dialect.js';
import { bindNamed, type SqlParams } from './named-params.js';
import { readConnection } from './read-connection.js';

/**
 * Runs hand-written SQL with `:name` parameters on the request's connection (a replica for a
 * report), logged like every other statement. The statement runs as written on both engines,
 * through forEngine for the few places they differ. Inside a transaction it runs in the transaction.
 */
export function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: SqlParams = {}): Promise<T[]> {
  const { sql: statement, bindings } = bindNamed(forEngine(em, query), params);
  return (readConnection(em) as unknown as { execute(q: string, p: readonly unknown[], method: 'all', ctx: unknown): Promise<T[]> }).execute(statement, bindings, 'all', em.getTransactionContext());
}
