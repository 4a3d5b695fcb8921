import { BaseSqliteConnection } from '@mikro-orm/knex';
import type sqlite3 from 'sqlite3';
import { allPrepared, bindsAsWritten, finalizeKept } from './sqlite-statements.js';

/**
 * Reader connections on SQLite. Beside the one connection that writes, the hub opens a few more
 * to the same file (IOM_HUB_SQLITE_READERS, default 3) as the ORM's read replicas: a query
 * operation (a report) reads on one of them, the least busy (server/database/replicas.ts), so a
 * finance report does not wait behind a long measure on another connection. In WAL mode readers
 * and the writer never block each other, and each reader sees the last committed change. A
 * mutation, its transaction and its answer stay on the writer, so a mutation's answer shows what
 * it wrote. Readers are opened with `PRAGMA query_only`: a write there is refused, never made.
 */
export const DEFAULT_SQLITE_READERS = 3;

/** Reader connections to open for `file` (none for an in-memory database: each connection would open a database of its own). */
export function sqliteReaders(file: string, value = process.env.IOM_HUB_SQLITE_READERS): number {
  if (file === ':memory:' || file.startsWith('file::memory:')) return 0;
  if (value === undefined || value === '') return DEFAULT_SQLITE_READERS;
  const readers = Number(value);
  if (!Number.isInteger(readers) || readers < 0 || readers > 64) throw new Error(`IOM_HUB_SQLITE_READERS must be a whole number from 0 to 64 (got "${value}").`);
  return readers;
}

type AfterCreate = (connection: { exec(sql: string, callback: (error: Error | null) => void): void }, done: (error: Error | null, connection: unknown) => void) => void;

// knex's options come from the ORM's configuration for every connection (the replicas' own
// options are not read on SQLite); a reader adds query_only after the hub's pragmas.
const prototype = BaseSqliteConnection.prototype as unknown as { getKnexOptions(this: { type: string }, type: string): { pool?: { afterCreate?: AfterCreate } } };
const knexOptions = prototype.getKnexOptions;
prototype.getKnexOptions = function readerKnexOptions(this: { type: string }, type: string) {
  const options = knexOptions.call(this, type);
  const afterCreate = options.pool?.afterCreate;
  if (this.type !== 'read' || !afterCreate) return options;
  return {
    ...options,
    pool: {
      ...options.pool,
      afterCreate: ((connection, done) =>
        afterCreate(connection, (error, created) => (error ? done(error, created) : connection.exec('PRAGMA query_only = ON;', (failed) => done(failed, created))))) as AfterCreate,
    },
  };
};

interface KnexClient {
  acquireConnection(): Promise<sqlite3.Database>;
  releaseConnection(connection: sqlite3.Database): Promise<unknown>;
  destroyRawConnection(connection: sqlite3.Database): Promise<unknown>;
}
interface ReaderConnection {
  type: string;
  config: { get(key: 'onQuery'): (sql: string, params: readonly unknown[]) => string; getLogger(): { isEnabled(namespace: string, context?: object): boolean } };
  platform: { formatQuery(sql: string, params: readonly unknown[]): string };
  ensureConnection(): Promise<void>;
  getKnex(): { client: KnexClient };
  getSql(query: string, formatted: string, context?: unknown): string;
  executeQuery<T>(query: string, run: () => Promise<T>, context: object): Promise<T>;
}
type Execute = (this: ReaderConnection, query: unknown, params?: readonly unknown[], method?: string, ctx?: unknown, loggerContext?: object) => Promise<unknown>;

// A reader's reads (the statements of reports, outside any transaction) run through the
// statements it keeps (sqlite-statements.ts), logged as the ORM logs every statement; anything
// else, and every statement on the writer, goes the ORM's way.
const connectionPrototype = BaseSqliteConnection.prototype as unknown as { execute: Execute };
const execute = connectionPrototype.execute;
const finalizing = new WeakSet<KnexClient>();
connectionPrototype.execute = async function readerExecute(this: ReaderConnection, query, params = [], method = 'all', ctx, loggerContext) {
  if (this.type !== 'read' || ctx || typeof query !== 'string' || (method !== 'all' && method !== 'get') || !bindsAsWritten(query, params)) {
    return execute.call(this, query, params, method, ctx, loggerContext);
  }
  await this.ensureConnection();
  const text = this.config.get('onQuery')(query, params);
  const client = this.getKnex().client;
  if (!finalizing.has(client)) {
    finalizing.add(client);
    const destroy = client.destroyRawConnection.bind(client);
    client.destroyRawConnection = async (connection) => {
      await finalizeKept(connection);
      return destroy(connection);
    };
  }
  // The statement with its values written in only when the log shows it.
  const logged = this.config.getLogger().isEnabled('query', loggerContext) ? this.getSql(text, this.platform.formatQuery(text, params), loggerContext) : text;
  return this.executeQuery(logged, async () => {
    const connection = await client.acquireConnection();
    try {
      const rows = await allPrepared(connection, text, params);
      return method === 'get' ? rows[0] : rows;
    } catch (error) {
      // As knex tells a failed statement: the statement, then SQLite's message.
      if (error instanceof Error) error.message = `${this.platform.formatQuery(text, params)} - ${error.message}`;
      throw error;
    } finally {
      await client.releaseConnection(connection);
    }
  }, { query: text, params, ...loggerContext });
};
