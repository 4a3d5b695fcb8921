import type sqlite3 from 'sqlite3';

/**
 * Prepared statements kept on each SQLite reader connection. Through knex and the ORM every read
 * is sent as text with its values written in, so node-sqlite3 prepares it again each time (about
 * 0.15 ms of a finance report's 0.2 ms statement). A reader instead keeps one prepared statement
 * per statement text (values bound as parameters) and reuses it: the answer is the same, as SQLite
 * compares a bound value as it does the same value written in.
 *
 * A statement is used by one call at a time: a reader connection is one pooled connection (knex
 * hands it to one statement at a time), and should a statement still be busy, the call prepares a
 * one-off statement instead. SQLite prepares a kept statement again by itself after a schema
 * change (sqlite3_prepare_v2), so a `SELECT t.*` sees a new column. Statements are finalized before
 * their connection closes, and the least recently used are finalized when a connection keeps more
 * than STATEMENTS_PER_CONNECTION.
 */
export const STATEMENTS_PER_CONNECTION = 256;

interface Kept {
  statement: sqlite3.Statement;
  busy: boolean;
}

const kept = new WeakMap<sqlite3.Database, Map<string, Kept>>();

/**
 * Whether `query` has one `?` for each value, none of them knex's `??` or `\\?`: then SQLite binds
 * the values in the places the ORM would write them in.
 */
export function placeholdersFit(query: string, params: readonly unknown[]): boolean {
  let marks = 0;
  for (let i = query.indexOf('?'); i !== -1; i = query.indexOf('?', i + 1)) marks++;
  return marks === params.length && !query.includes('??') && !query.includes('\\?');
}

const prepare = (db: sqlite3.Database, query: string) =>
  new Promise<sqlite3.Statement>((resolve, reject) => {
    const statement = db.prepare(query, (error: Error | null) => (error ? reject(error) : resolve(statement)));
  });

const all = (statement: sqlite3.Statement, params: readonly unknown[]) =>
  new Promise<Record<string, unknown>[]>((resolve, reject) => statement.all([...params], (error: Error | null, rows: Record<string, unknown>[]) => (error ? reject(error) : resolve(rows))));

const finalize = (statement: sqlite3.Statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()));

/** The rows of `query` with `params` on `db`, through the statement kept for that text (prepared on first use). */
export async function allPrepared(db: sqlite3.Database, query: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
  let statements = kept.get(db);
  if (!statements) kept.set(db, (statements = new Map()));
  let entry = statements.get(query);
  if (entry?.busy) {
    const oneOff = await prepare(db, query);
    try {
      return await all(oneOff, params);
    } finally {
      await finalize(oneOff);
    }
  }
  if (entry) {
    // Most recently used last: the first in the map is the one to let go.
    statements.delete(query);
    statements.set(query, entry);
  } else {
    entry = { statement: await prepare(db, query), busy: false };
    statements.set(query, entry);
    evict(statements);
  }
  entry.busy = true;
  try {
    return await all(entry.statement, params);
  } catch (error) {
    statements.delete(query);
    void finalize(entry.statement);
    throw error;
  } finally {
    entry.busy = false;
  }
}

function evict(statements: Map<string, Kept>): void {
  for (const [query, entry] of statements) {
    if (statements.size <= STATEMENTS_PER_CONNECTION) return;
    if (entry.busy) continue;
    statements.delete(query);
    void finalize(entry.statement);
  }
}

/** How many statements `db` keeps (for the tests). */
export function keptStatements(db: sqlite3.Database): number {
  return kept.get(db)?.size ?? 0;
}

/** A knex client whose pool closes its connections with `destroyRawConnection`. */
export interface ClosingClient {
  destroyRawConnection(connection: sqlite3.Database): Promise<unknown>;
}

const finalizing = new WeakSet<object>();

/** Makes `client`'s pool finalize the statements a connection keeps before it closes the connection (once per client). */
export function finalizeKeptOnClose(client: ClosingClient): void {
  if (finalizing.has(client)) return;
  finalizing.add(client);
  const destroy = client.destroyRawConnection.bind(client);
  client.destroyRawConnection = async (db) => {
    await finalizeKept(db);
    return destroy(db);
  };
}

/** Finalizes every statement `db` keeps: before it closes (SQLite refuses to close a connection with statements open). */
export async function finalizeKept(db: sqlite3.Database): Promise<void> {
  const statements = kept.get(db);
  if (!statements) return;
  kept.delete(db);
  await Promise.all([...statements.values()].map((entry) => finalize(entry.statement)));
}
