import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { allPrepared, finalizeKept, keptStatements, placeholdersFit } from '../server/db/sqlite-statements.js';
import { bindsAsWritten } from '../server/database/direct-reads.js';

/**
 * SQLite only: the statements each reader connection keeps prepared (server/db/sqlite-statements.ts)
 * must never hand back a wrong or stale answer: two parameter sets at once, a schema changed under a
 * kept statement, a connection closed and opened again.
 */
interface Connection {
  execute(sql: string, params?: unknown[], method?: 'all' | 'get' | 'run'): Promise<unknown>;
  getKnex(): { client: { acquireConnection(): Promise<sqlite3.Database>; releaseConnection(c: sqlite3.Database): Promise<unknown> } };
}
const driverOf = (orm: MikroORM) => orm.em.getDriver() as unknown as { replicas: Connection[]; getConnection(type: 'read' | 'write'): Connection };

/** The raw connection of a reader (its one pooled connection), for counting what it keeps. */
async function rawOf(reader: Connection): Promise<sqlite3.Database> {
  const client = reader.getKnex().client;
  const db = await client.acquireConnection();
  await client.releaseConnection(db);
  return db;
}

let dir: string;
let orm: MikroORM;
const write = (sql: string) => driverOf(orm).getConnection('write').execute(sql, [], 'run');
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iom-statements-'));
  orm = await openDatabase({ databaseUrl: `sqlite:${join(dir, 'hub.sqlite')}`, migrate: false });
  await write('CREATE TABLE ledger (id integer PRIMARY KEY, agency text NOT NULL, pence integer NOT NULL)');
  await write(`INSERT INTO ledger (id, agency, pence) VALUES ${Array.from({ length: 200 }, (_, i) => `(${i + 1}, 'a${i % 7}', ${(i + 1) * 101})`).join(', ')}`);
});
afterAll(async () => {
  await orm?.close();
  rmSync(dir, { recursive: true, force: true });
});

const BY_AGENCY = 'SELECT id, pence FROM ledger WHERE agency = ? ORDER BY id';
const expected = (agency: number) => Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 7 === agency).map((i) => ({ id: i + 1, pence: (i + 1) * 101 }));

describe('statements kept on the SQLite reader connections', () => {
  it('run a reader\'s reads through one kept statement per text, each call with its own values', async () => {
    const [reader] = driverOf(orm).replicas;
    const db = await rawOf(reader);
    const before = keptStatements(db);
    for (const agency of [3, 5, 3]) expect(await reader.execute(BY_AGENCY, [`a${agency}`])).toEqual(expected(agency));
    expect(keptStatements(db)).toBe(before + 1);
    expect(await reader.execute('SELECT sum(pence) AS total FROM ledger WHERE id <= ?', [10], 'get')).toEqual({ total: 5555 });
  });

  it('answer many parameter sets sent at once, on every reader and on one raw connection', async () => {
    const reads = Array.from({ length: 60 }, (_, i) => i % 7);
    const answers = await Promise.all(reads.map((agency) => driverOf(orm).getConnection('read').execute(BY_AGENCY, [`a${agency}`])));
    answers.forEach((rows, i) => expect(rows).toEqual(expected(reads[i])));
    // On one connection directly, two calls share one kept statement at once: the second must not rebind the first's.
    const db = await rawOf(driverOf(orm).replicas[1]);
    const direct = await Promise.all(reads.map((agency) => allPrepared(db, BY_AGENCY, [`a${agency}`])));
    direct.forEach((rows, i) => expect(rows).toEqual(expected(reads[i])));
  });

  it('see a schema changed under a kept statement', async () => {
    const reader = driverOf(orm).replicas[2];
    const WHOLE = 'SELECT l.* FROM ledger l WHERE l.id = ?';
    expect(await reader.execute(WHOLE, [1], 'get')).toEqual({ id: 1, agency: 'a0', pence: 101 });
    await write('ALTER TABLE ledger ADD COLUMN note text');
    await write("UPDATE ledger SET note = 'added' WHERE id = 1");
    expect(await reader.execute(WHOLE, [1], 'get')).toEqual({ id: 1, agency: 'a0', pence: 101, note: 'added' });
    await write('DROP TABLE ledger');
    await write('CREATE TABLE ledger (id integer PRIMARY KEY, pence integer NOT NULL)');
    await write('INSERT INTO ledger (id, pence) VALUES (1, 7)');
    expect(await reader.execute(WHOLE, [1], 'get')).toEqual({ id: 1, pence: 7 });
    await write('DROP TABLE ledger');
    await expect(reader.execute(WHOLE, [1], 'get')).rejects.toThrow(/no such table: ledger/);
    // A statement that failed is not kept: once the table is back it is prepared again.
    await write('CREATE TABLE ledger (id integer PRIMARY KEY, agency text NOT NULL, pence integer NOT NULL)');
    await write(`INSERT INTO ledger (id, agency, pence) VALUES ${Array.from({ length: 200 }, (_, i) => `(${i + 1}, 'a${i % 7}', ${(i + 1) * 101})`).join(', ')}`);
    expect(await reader.execute(WHOLE, [2], 'get')).toEqual({ id: 2, agency: 'a1', pence: 202 });
  });

  it('are finalized before their connection closes, and a connection opened again prepares its own', async () => {
    const db = await rawOf(driverOf(orm).replicas[0]);
    expect(keptStatements(db)).toBeGreaterThan(0);
    const closed: (Error | null)[] = [];
    const close = db.close.bind(db);
    db.close = ((callback?: (error: Error | null) => void) => close((error) => { closed.push(error); callback?.(error); })) as typeof db.close;
    await orm.close();
    expect(closed).toEqual([null]);
    expect(keptStatements(db)).toBe(0);
    orm = await openDatabase({ databaseUrl: `sqlite:${join(dir, 'hub.sqlite')}`, migrate: false });
    const reader = driverOf(orm).replicas[0];
    expect(await reader.execute(BY_AGENCY, ['a4'])).toEqual(expected(4));
    expect(await rawOf(reader)).not.toBe(db);
  });

  it('a raw connection with kept statements closes cleanly once they are finalized', async () => {
    const db = new sqlite3.Database(join(dir, 'hub.sqlite'));
    expect(await allPrepared(db, 'SELECT count(*) AS n FROM ledger WHERE pence > ?', [0])).toEqual([{ n: 200 }]);
    await finalizeKept(db);
    await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  });

  it('take only values SQLite compares as the ORM writes them in, in the places it writes them', () => {
    expect(bindsAsWritten(['x', 2, null, -5])).toBe(true);
    expect(bindsAsWritten([true])).toBe(false);
    expect(bindsAsWritten([new Date()])).toBe(false);
    expect(bindsAsWritten([1.5])).toBe(false);
    expect(bindsAsWritten([2 ** 40])).toBe(false);
    expect(bindsAsWritten([[1, 2]])).toBe(false);
    expect(placeholdersFit('SELECT ?, ?', ['x', 2])).toBe(true);
    expect(placeholdersFit('SELECT ?', [])).toBe(false);
    expect(placeholdersFit("SELECT '?', ?", [1])).toBe(false);
    expect(placeholdersFit('SELECT ??', ['a'])).toBe(false);
  });
});
