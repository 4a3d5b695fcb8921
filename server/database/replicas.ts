import { DriverException, type ConnectionType, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import { redactPassword, type DatabaseLocation } from './database-url.js';
import { onLostConnection, readFailure, readFromReplicas } from '../db/read-connection.js';
import { LongOperations, longOperations, operationKey } from './long-operations.js';
import { Durations } from './durations.js';

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

/**
 * Without replicas, reports on PostgreSQL read the primary through two pools of their own (each
 * as large as the hub's pool): the first kept for short statements, the other for long ones
 * (ReadLanes), so a finance report never waits for a connection behind measures.
 */
export function primaryReadLanes(url: string) {
  return ['primary-short-reads', 'primary-long-reads'].map((name) => ({ name, clientUrl: url }));
}

/** Milliseconds a replica that could not be reached is left out before reports try it again. */
export const REPLICA_RETRY_MS = 30_000;

/**
 * The ORM's `replicas`: each with a bounded connect timeout, so a replica that is down fails a
 * report rather than hang it, and the session settings the primary's sessions take (`sessionOptions`,
 * libpq's `-c name=value …`): a replica's own `driverOptions` replace the primary's, not add to them.
 */
export function replicaOptions(urls: readonly string[], sessionOptions?: string) {
  return urls.map((clientUrl, i) => ({
    name: `replica-${i + 1}`,
    clientUrl,
    driverOptions: { connection: { connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS, ...(sessionOptions ? { options: sessionOptions } : {}) } },
  }));
}

/**
 * A query operation (a report) starts: its reads go to the replicas, and a long one waits for its
 * turn. Returns the function that ends it (call it once, when its answer is ready).
 */
export function startQuery(long: LongOperations, operation: OperationDefinitionNode, em: EntityManager): Promise<() => void> {
  readFromReplicas(em);
  return long.start(operationKey(operation));
}

/** Apollo plugin: a query operation (a report) reads from the replicas (a mutation never does), a long one in its turn (`long`: the turns, shared with any other way queries are answered). */
export function replicaRouting(long = new LongOperations(longOperations())): ApolloServerPlugin<{ em: EntityManager }> {
  return {
    async requestDidStart() {
      let end: (() => void) | null = null;
      let sent = false;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'query') return;
          // A report that took long before takes its turn (long-operations.ts); one refused by
          // another plugin while it waited gives its turn back at once.
          end = await startQuery(long, operation, contextValue.em);
          if (sent) end();
        },
        async willSendResponse() {
          sent = true;
          end?.();
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
 * other replicas, or to the primary while none is left. So does a read on the replica's own driver
 * connections (readFailure: a measure's parts).
 *
 * With two replicas or more, each statement goes to a lane (ReadLanes): the first replica that is
 * up is kept for short statements, so a finance report's few milliseconds never queue behind a
 * measure's seconds; statements that took long before go to the others.
 */
export function watchReplicas(orm: MikroORM): void {
  const driver = orm.em.getDriver() as unknown as DriverWithReplicas;
  if (!driver.replicas?.length) return;
  const downUntil = new Map<Connection, number>();
  const lanes = new ReadLanes<Connection>(driver.replicas);
  const up = () => {
    const now = Date.now();
    return driver.replicas.filter((replica) => (downUntil.get(replica) ?? 0) <= now);
  };
  const executes = new Map(driver.replicas.map((replica) => [replica, replica.execute.bind(replica)]));
  for (const replica of driver.replicas) {
    onLostConnection(replica, (error) => {
      if (error instanceof ReplicaUnavailableError) return error;
      downUntil.set(replica, Date.now() + REPLICA_RETRY_MS);
      const failure = new ReplicaUnavailableError(error, String(replica.options.name));
      console.warn(`${failure.message} (${error.message})`);
      return failure;
    });
    replica.execute = async (...args: unknown[]) => {
      const text = statementText(args[0]);
      const live = up();
      const long = lanes.isLong(text);
      const target = live.includes(replica) ? lanes.choose(text, live) : replica;
      const started = lanes.started(target, long);
      try {
        return await executes.get(target)!(...args);
      } catch (error) {
        throw readFailure(target, error);
      } finally {
        lanes.finished(target, text, started, long);
      }
    };
  }
  const getConnection = driver.getConnection.bind(driver);
  driver.getConnection = (type = 'write') => {
    if (type !== 'read') return getConnection(type);
    const live = up();
    return live.length ? lanes.leastBusy(live) : getConnection('write');
  };
}

/** A statement's text with its lists of placeholders folded, so `in (?, ?)` and `in (?, ?, ?)` are one statement. */
function statementText(query: unknown): string {
  const text = typeof query === 'string' ? query : ((query as { toSQL?(): { sql: string } } | null)?.toSQL?.().sql ?? '');
  return text.replace(/(\?|\$\d+)(\s*,\s*(\?|\$\d+))+/g, '?…');
}

/** A statement that took at least this long (ms, its own time, not its wait) runs on the long lane next time. */
export const LONG_STATEMENT_MS = 25;

/**
 * Which reader connection runs a statement. Each connection runs one statement at a time, so a
 * statement waits for every one queued before it on its connection. The first connection given
 * to `choose` is the short lane: statements not known to be long run there (or on an idle long
 * one when it is busy); a statement whose last run took LONG_STATEMENT_MS or more goes to the
 * least busy of the others. How long a statement took is its own time: from when the one before
 * it on the same connection finished, not from when it was queued. When every connection is busy,
 * a short statement joins the least busy of those with no long statement queued, and between
 * equally busy ones the one whose running statement started last (the one that started first is
 * the likeliest to be long): a report's reads sent at once must not queue behind a long read.
 */
export class ReadLanes<C> {
  private readonly running = new Map<C, number>();
  private readonly lastFinish = new Map<C, number>();
  /** When the statement each busy connection is running now started (as near as the driver tells). */
  private readonly since = new Map<C, number>();
  /** Statements known to be long running or queued on each connection. */
  private readonly longs = new Map<C, number>();
  private readonly took = new Durations(LONG_STATEMENT_MS);

  constructor(connections: readonly C[]) {
    for (const connection of connections) this.running.set(connection, 0);
  }

  isLong(text: string): boolean {
    return this.took.isLong(text);
  }

  busy(connection: C): number {
    return this.running.get(connection) ?? 0;
  }

  /**
   * The least busy of `connections`, the first of those from a random start; between equally busy
   * ones, the one whose running statement started last.
   */
  leastBusy(connections: readonly C[]): C {
    const start = Math.floor(Math.random() * connections.length);
    let best = connections[start];
    for (let i = 1; i < connections.length; i++) {
      const connection = connections[(start + i) % connections.length];
      const fewer = this.busy(connection) - this.busy(best);
      if (fewer < 0 || (fewer === 0 && (this.since.get(connection) ?? 0) > (this.since.get(best) ?? 0))) best = connection;
    }
    return best;
  }

  choose(text: string, connections: readonly C[]): C {
    if (connections.length < 2) return connections[0];
    const [short, ...long] = connections;
    const other = this.leastBusy(long);
    if (this.isLong(text)) return other;
    if (this.busy(short) === 0) return short;
    if (this.busy(other) === 0) return other;
    const free = connections.filter((connection) => !this.longs.get(connection));
    return this.leastBusy(free.length ? free : connections);
  }

  /** A statement (`long` if the lanes knew it to be) is sent to `connection`: the time it was sent. */
  started(connection: C, long = false): number {
    const now = performance.now();
    if (this.busy(connection) === 0) this.since.set(connection, now);
    this.running.set(connection, this.busy(connection) + 1);
    if (long) this.longs.set(connection, (this.longs.get(connection) ?? 0) + 1);
    return now;
  }

  /** The statement sent at `sent` is done: its own time is noted for the next choice. */
  finished(connection: C, text: string, sent: number, long = false): void {
    const now = performance.now();
    if (long) this.longs.set(connection, (this.longs.get(connection) ?? 1) - 1);
    this.running.set(connection, this.busy(connection) - 1);
    if (this.busy(connection) === 0) this.since.delete(connection);
    else this.since.set(connection, now); // the next one queued on it starts now
    const own = now - Math.max(sent, this.lastFinish.get(connection) ?? 0);
    this.lastFinish.set(connection, now);
    this.took.note(text, own);
  }
}
