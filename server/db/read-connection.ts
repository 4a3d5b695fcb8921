import type { ConnectionType, EntityManager } from '@mikro-orm/core';
import { SqlEntityManager } from '@mikro-orm/knex';

/**
 * Which connection a read goes to. With read replicas (PostgreSQL, server/database/replicas.ts) a
 * report reads from a replica and everything else from the primary; the hub's EntityManager carries
 * the choice, made once per GraphQL operation, and hand-written SQL asks for it here.
 */

/**
 * The hub's EntityManager on PostgreSQL: once `readFromReplicas` has marked it (a report), every
 * entity read it makes outside a transaction asks for a read connection (a replica, or the primary
 * when there is none). Forks keep the mark; a transaction's statements always run on the primary.
 */
export class HubEntityManager extends SqlEntityManager {
  reportReads = false;

  /** The connection type a read through this EntityManager should use. */
  readType(): ConnectionType {
    return this.reportReads && !this.getTransactionContext() ? 'read' : 'write';
  }

  /** `options` asking for a read connection when this EntityManager reads a report's data. */
  readOptions(options: { connectionType?: ConnectionType } | undefined): { connectionType?: ConnectionType } | undefined {
    if (options?.connectionType || this.readType() === 'write') return options;
    return { ...options, connectionType: 'read' };
  }

  override fork(...args: Parameters<SqlEntityManager['fork']>): this {
    const fork = super.fork(...args) as this;
    fork.reportReads = this.reportReads;
    return fork;
  }
}

// The entity reads (find, findOne, count, populate) take their connection type from the options
// (argument 3); findAll, findAndCount, references, collections and the batch loaders go through them.
for (const method of ['find', 'findOne', 'count', 'populate'] as const) {
  const base = SqlEntityManager.prototype[method] as (...args: unknown[]) => unknown;
  Object.defineProperty(HubEntityManager.prototype, method, {
    configurable: true,
    writable: true,
    value(this: HubEntityManager, ...args: unknown[]) {
      args[2] = this.readOptions(args[2] as { connectionType?: ConnectionType } | undefined);
      return base.apply(this, args);
    },
  });
}

/** Marks the request's EntityManager as a report's: its reads go to a replica from now on. */
export function readFromReplicas(em: EntityManager): void {
  if (em instanceof HubEntityManager) em.reportReads = true;
}

/** The connection for hand-written SELECTs through `em`: a replica for a report, else the primary. */
export function readConnection(em: EntityManager) {
  return em.getConnection(em instanceof HubEntityManager ? em.readType() : 'write');
}
