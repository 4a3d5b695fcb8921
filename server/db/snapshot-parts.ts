import type { EntityManager } from '@mikro-orm/core';
import type pg from 'pg';
import { engineOf, forEngine } from './dialect.js';
import { bindNamed, type SqlParams } from './named-params.js';
import { isConnectionError, readConnection, readFailure } from './read-connection.js';
import { rollBackOrDiscard } from './pooled-connection.js';
import { sql } from './sql.js';

/**
 * Test only: awaited on PostgreSQL once the first part has taken the parts' snapshot and before
 * the other parts start, so a test can commit a write in between. Null in the product.
 */
export const snapshotPartsTest: { betweenParts: (() => Promise<void>) | null } = { betweenParts: null };

/** The knex pool's counts (tarn's). */
interface PoolCounts {
  max: number;
  numFree(): number;
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

interface PartsConnection {
  ensureConnection(): Promise<void>;
  getKnex(): { client: { pool: PoolCounts; acquireConnection(): Promise<pg.Client>; releaseConnection(connection: pg.Client): Promise<unknown> } };
  config: { get(key: 'onQuery'): (sql: string, params: readonly unknown[]) => string };
  platform: { formatQuery(sql: string, params: readonly unknown[]): string };
  executeQuery<T>(query: string, run: () => Promise<T>, context: object): Promise<T>;
}

const BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * Runs `query` once per set of `parts` parameters at once (a measure taken in parts of the members,
 * its parts added up after), each part on a connection of its own, all reading one state of the
 * database. On PostgreSQL the first part's connection opens a read-only REPEATABLE READ transaction
 * and exports its snapshot (one message); each other part's connection imports it, runs its part
 * and commits in one message; the first commits once every part is done. Reads go where sql()
 * sends them (a replica for a report: every part on the same server). Inside a transaction the
 * parts run in it, as sql() runs them. SQLite runs the parts as before, each on a reader of its
 * own: a snapshot cannot be shared between SQLite connections, so a write committed between the
 * parts' starts may be seen by the later parts only.
 */
export async function sqlInParts<T = Record<string, unknown>>(em: EntityManager, query: string, parts: readonly SqlParams[]): Promise<T[][]> {
  if (engineOf(em) !== 'postgresql' || parts.length < 2 || em.getTransactionContext()) return Promise.all(parts.map((params) => sql<T>(em, query, params)));
  const connection = readConnection(em) as unknown as PartsConnection;
  await connection.ensureConnection();
  const client = connection.getKnex().client;
  const statements = parts.map((params) => {
    const { sql: text, bindings } = bindNamed(forEngine(em, query), params);
    return { text: connection.config.get('onQuery')(text, bindings), bindings };
  });
  const logged = <R>(index: number, run: () => Promise<R>) =>
    connection.executeQuery(connection.platform.formatQuery(statements[index].text, statements[index].bindings), run, { query: statements[index].text, params: statements[index].bindings });
  const written = (index: number) => connection.platform.formatQuery(statements[index].text, statements[index].bindings);
  const held: pg.Client[] = [];
  let committed = false;
  try {
    const first = await client.acquireConnection();
    held.push(first);
    const [, exported] = (await first.query(`${BEGIN}; SELECT pg_export_snapshot() AS id`)) as unknown as pg.QueryResult[];
    const importing = `${BEGIN}; SET TRANSACTION SNAPSHOT '${String(exported.rows[0].id)}'`;
    if (snapshotPartsTest.betweenParts) await snapshotPartsTest.betweenParts();
    let onFirst: Promise<unknown> = Promise.resolve();
    const settled = await Promise.allSettled(
      statements.map((_, index) => {
        // A part takes a connection of its own only when the pool gives one at once (the acquire is
        // made now, in this turn of the event loop): a request holding the first connection never
        // waits for another, so requests holding one each cannot wait on each other for good. Else
        // the part runs on the first connection after the parts before it there, in the same snapshot.
        const own = index > 0 && spareConnection(client.pool) ? client.acquireConnection() : null;
        if (own)
          return logged(index, async () => {
            const other = await own;
            held.push(other);
            const results = (await other.query(`${importing}; ${written(index)}; COMMIT`)) as unknown as pg.QueryResult[];
            return results[2].rows as T[];
          });
        const onItsTurn = onFirst.then(() => logged(index, async () => (await first.query(written(index))).rows as T[]));
        onFirst = onItsTurn.catch(() => undefined);
        return onItsTurn;
      }),
    );
    // A lost connection first: a part that failed after it (its snapshot no longer there to import) only follows from it.
    const failed = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failed.length) throw failed.find(isConnectionError) ?? failed[0];
    await first.query('COMMIT');
    committed = true;
    return settled.map((result) => (result as PromiseFulfilledResult<T[]>).value);
  } catch (error) {
    // A replica that could not be reached, or whose connection was lost, fails the report as any
    // read on it does, and is set aside for the next reports.
    throw readFailure(connection, error);
  } finally {
    // A part that failed left its transaction open (or aborted): each connection goes back to the
    // pool outside any, or is closed.
    await Promise.all(
      held.map(async (part) => {
        if (!committed) await rollBackOrDiscard(part, (open) => open.query('ROLLBACK'));
        await client.releaseConnection(part);
      }),
    );
  }
}

/** Whether the pool gives a connection without waiting for one to be released: one free, or room to open one, and no one waiting before. */
function spareConnection(pool: PoolCounts): boolean {
  return pool.numPendingAcquires() === 0 && (pool.numFree() > 0 || pool.numUsed() + pool.numFree() + pool.numPendingCreates() < pool.max);
}
