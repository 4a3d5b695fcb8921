import { DriverException, type ConnectionType, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { ApolloServerPlugin } from '@apollo/server';
import { redactPassword, type DatabaseLocation } from './database-url.js';
import { readFromReplicas } from '../db/read-connection.js';

/**
 * Read replicas on PostgreSQL (IOM_HUB_DB_READ_REPLICAS): reports read from a streaming replica,
 * everything else stays on the primary. The choice is made once per GraphQL operation, not per
 * statement: a query operation (a report) reads from a replica; a mutation, its read-then-write
 * transaction and the response it returns read the primary, so a mutation always shows its own
 * write. Writes are on the primary whatever the operation (a report's audit entry, a transaction).
 */

/** Milliseconds the hub waits to open a connection to a replica before the report fails. */
export const REPLICA_CONNECT_TIMEOUT_MS = 5_000;

/** Reads IOM_HUB_DB_READ_REPLICAS: comma-separated `postgres://` URLs, PostgreSQL only. */
export function parseReadReplicas(value: string | undefined, primaryEngine: DatabaseLocation['engine']): string[] {
  const urls = (value ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  if (!urls.length) return [];
  if (primaryEngine !== 'postgresql') {
    throw new Error('IOM_HUB_DB_READ_REPLICAS needs DATABASE_URL=postgres://…: read replicas are a PostgreSQL feature (a SQLite file has no replicas). Unset it, or move the hub to PostgreSQL.');
  }
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(url)) {
      throw new Error(`IOM_HUB_DB_READ_REPLICAS "${redactPassword(url)}" is not a postgres://user:password@host:port/database URL (separate several with commas).`);
    }
  }
  return urls;
}

/** Milliseconds a replica that could not be reached is left out before reports try it again. */
export const REPLICA_RETRY_MS = 30_000;

/** The ORM's `replicas`: each with a bounded connect timeout, so a replica that is down fails a report rather than hang it. */
export function replicaOptions(urls: readonly string[]) {
  return urls.map((clientUrl, i) => ({
    name: `replica-${i + 1}`,
    clientUrl,
    driverOptions: { connection: { connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS } },
  }));
}

/** Apollo plugin: a query operation (a report) reads from the replicas; a mutation never does. */
export function replicaRouting(): ApolloServerPlugin<{ em: EntityManager }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'query') readFromReplicas(contextValue.em);
        },
      };
    },
  };
}

/** A report failed because its replica could not be reached; the next reports read elsewhere. */
export class ReplicaUnavailableError extends DriverException {
  constructor(previous: Error, replica: string) {
    super(previous);
    this.message = `The read replica ${replica} could not be reached; reports read from the primary or another replica for the next ${REPLICA_RETRY_MS / 1000} s. Run the report again.`;
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** Could not connect, or the connection was lost: network errors, pg's connect timeout, SQLSTATE 08… and 57P01–57P03 (shutting down, starting up). */
function isConnectionError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || /^08|^57P0[123]$/.test(code))) return true;
  return /Connection terminated|timeout expired|Timeout acquiring a connection|Connection ended/i.test(error.message);
}

interface Connection {
  execute(...args: unknown[]): Promise<unknown>;
  options: { name?: string };
}
interface DriverWithReplicas {
  replicas: Connection[];
  getConnection(type?: ConnectionType): Connection;
}

/**
 * Falls back when a replica is down: a statement that cannot reach its replica fails its report
 * with ReplicaUnavailableError (at once for a refused connection, within REPLICA_CONNECT_TIMEOUT_MS
 * for one that does not answer), and that replica is left out for REPLICA_RETRY_MS; reads go to the
 * other replicas, or to the primary while none is left.
 */
export function watchReplicas(orm: MikroORM): void {
  const driver = orm.em.getDriver() as unknown as DriverWithReplicas;
  if (!driver.replicas?.length) return;
  const downUntil = new Map<Connection, number>();
  const running = new Map<Connection, number>(driver.replicas.map((replica) => [replica, 0]));
  for (const replica of driver.replicas) {
    const execute = replica.execute.bind(replica);
    replica.execute = async (...args: unknown[]) => {
      running.set(replica, (running.get(replica) ?? 0) + 1);
      try {
        return await execute(...args);
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        downUntil.set(replica, Date.now() + REPLICA_RETRY_MS);
        const failure = new ReplicaUnavailableError(error, String(replica.options.name));
        console.warn(`${failure.message} (${error.message})`);
        throw failure;
      } finally {
        running.set(replica, (running.get(replica) ?? 1) - 1);
      }
    };
  }
  const getConnection = driver.getConnection.bind(driver);
  driver.getConnection = (type = 'write') => {
    if (type !== 'read') return getConnection(type);
    const now = Date.now();
    const up = driver.replicas.filter((replica) => (downUntil.get(replica) ?? 0) <= now);
    if (!up.length) return getConnection('write');
    // The least busy (a report does not queue behind a long one on the same connection), the first of those from a random start.
    const start = Math.floor(Math.random() * up.length);
    return up.reduce((best, _, i) => {
      const replica = up[(start + i) % up.length];
      return (running.get(replica) ?? 0) < (running.get(best) ?? 0) ? replica : best;
    }, up[start]);
  };
}
