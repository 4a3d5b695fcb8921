import { BaseSqliteConnection } from '@mikro-orm/knex';
import type sqlite3 from 'sqlite3';
import { allPrepared, finalizeKeptOnClose, placeholdersFit, type ClosingClient } from '../db/sqlite-statements.js';
import { readDirectly, type PooledClient } from './direct-reads.js';
import { wholeNumberSetting } from './whole-number-setting.js';

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
  return wholeNumberSetting('IOM_HUB_SQLITE_READERS', value, DEFAULT_SQLITE_READERS, 64);
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

// A reader's reads run through the statements it keeps (sqlite-statements.ts); every statement
// on the writer, and any a kept statement cannot bind as written, goes the ORM's way.
readDirectly<sqlite3.Database>(BaseSqliteConnection.prototype, {
  accepts: (query, params) => placeholdersFit(query, params),
  rows(client, connection, query, params) {
    // Statements are finalized before the pool closes their connection.
    finalizeKeptOnClose(client as PooledClient<sqlite3.Database> & ClosingClient);
    return allPrepared(connection, query, params);
  },
});
