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

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/**
 * Could not connect, or the connection was lost: network errors, pg's connect timeout, SQLSTATE 08…
 * and 57P01–57P03 (shutting down, starting up), and a statement sent on a connection already known
 * to be lost (pg's "… is not queryable": a connection held across the loss, as a measure's parts
 * hold theirs).
 */
export function isConnectionError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || /^08|^57P0[123]$/.test(code))) return true;
  return /Connection terminated|timeout expired|Timeout acquiring a connection|Connection ended|is not queryable/i.test(error.message);
}

/** What each reader connection set aside when it cannot be reached makes of its failures (onLostConnection). */
const lostConnection = new WeakMap<object, (error: Error) => unknown>();

/**
 * `fail` is what a read on `connection` (one of the ORM's reader connections) that could not reach
 * its server, or lost its connection, fails with (server/database/replicas.ts: the replica is set
 * aside and the report fails with ReplicaUnavailableError).
 */
export function onLostConnection(connection: object, fail: (error: Error) => unknown): void {
  lostConnection.set(connection, fail);
}

/**
 * What a read on `connection` that failed with `error` fails its report with: for a connection that
 * could not be reached or was lost, what onLostConnection said (as for any statement run on it), so
 * that reads taking their driver connections from its pool directly (sqlInParts) fail alike. Any
 * other failure, or one on a connection with nothing said (the primary, SQLite), is left as it is.
 */
export function readFailure(connection: object, error: unknown): unknown {
  const fail = lostConnection.get(connection);
  return fail && isConnectionError(error) ? fail(error) : error;
}
