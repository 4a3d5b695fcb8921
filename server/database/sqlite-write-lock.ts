import { createRequire } from 'node:module';

/**
 * SQLite starts a plain `BEGIN` as a reader and upgrades to a writer at the first write. When two
 * processes do that at once, one gets SQLITE_BUSY straight away (the busy timeout cannot help a
 * reader that must upgrade) or a read-then-write loses an update. Every transaction the hub opens
 * writes, so they all take the write lock up front with `BEGIN IMMEDIATE`, and wait for it under
 * the busy timeout instead. knex has no option for this; this is the one place it is changed.
 */
const requireFromOrm = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/knex'));
const SqliteTransaction = requireFromOrm('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as {
  prototype: { begin(this: { query(conn: unknown, sql: string): Promise<unknown> }, conn: unknown): Promise<unknown> };
};

SqliteTransaction.prototype.begin = function beginImmediate(conn) {
  return this.query(conn, 'BEGIN IMMEDIATE;');
};
