import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../server/access/caller.js';
import { readFromReplicas } from '../server/db/read-connection.js';
import { reportSql } from '../server/db/sql.js';
import { namedStatements } from '../server/database/postgresql-statements.js';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * A report's short statements run on its read connections through statements kept prepared: by
 * name on PostgreSQL (server/database/postgresql-statements.ts), on each reader on SQLite
 * (server/db/sqlite-statements.ts). Neither may hand back a wrong or stale answer: many
 * parameter sets at once, a table changed under a kept statement.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: false });
});
afterAll(() => t.close());

const postgresql = () => t.databaseUrl.startsWith('postgres');
const write = (statement: string) => t.orm.em.getConnection('write').execute(statement, [], 'run');
/** A report's EntityManager: its reads go to the read connections, as a query operation's do. */
function reportEm() {
  const { em } = t.hub.contextFor(systemCaller('test'));
  readFromReplicas(em);
  return em;
}
const PROBE = 'SELECT p.* FROM probe p WHERE p.id = :id';

describe('report statements kept prepared', () => {
  beforeAll(async () => {
    await write('CREATE TABLE probe (id integer PRIMARY KEY, label text NOT NULL, pence integer NOT NULL)');
    await write(`INSERT INTO probe (id, label, pence) VALUES ${Array.from({ length: 50 }, (_, i) => `(${i + 1}, 'p${i + 1}', ${(i + 1) * 100 + 7})`).join(', ')}`);
  });

  it('answer many parameter sets sent at once, each its own', async () => {
    const ids = Array.from({ length: 80 }, (_, i) => (i * 13) % 50 + 1);
    const answers = await Promise.all(ids.map((id) => reportSql(reportEm(), PROBE, { id })));
    answers.forEach((rows, i) => expect(rows).toEqual([{ id: ids[i], label: `p${ids[i]}`, pence: ids[i] * 100 + 7 }]));
    const lists = await Promise.all([[1, 2], [3, 4, 5], [1, 2]].map((ids) => reportSql(reportEm(), 'SELECT p.id FROM probe p WHERE p.id IN (:ids) ORDER BY p.id', { ids })));
    expect(lists).toEqual([[{ id: 1 }, { id: 2 }], [{ id: 3 }, { id: 4 }, { id: 5 }], [{ id: 1 }, { id: 2 }]]);
  });

  it('see a table changed under a kept statement', async () => {
    // Kept on every read connection first.
    await Promise.all(Array.from({ length: 12 }, () => reportSql(reportEm(), PROBE, { id: 1 })));
    await write('ALTER TABLE probe ADD COLUMN note text');
    await write("UPDATE probe SET note = 'changed' WHERE id = 1");
    const answers = await Promise.all(Array.from({ length: 12 }, () => reportSql(reportEm(), PROBE, { id: 1 })));
    for (const rows of answers) expect(rows).toEqual([{ id: 1, label: 'p1', pence: 107, note: 'changed' }]);
  });

  it('on PostgreSQL, are prepared by name on the report connections', async () => {
    if (!postgresql()) return; // SQLite's kept statements: test/sqlite-statements.test.ts
    const driver = t.orm.em.getDriver() as unknown as { replicas: { getKnex(): { client: { pool: { used: { resource: unknown }[]; free: { resource: unknown }[] } } } }[] };
    await Promise.all(Array.from({ length: 4 }, () => reportSql(reportEm(), PROBE, { id: 2 })));
    const named = driver.replicas.flatMap((replica) => {
      const { pool } = replica.getKnex().client;
      return [...pool.free, ...pool.used].flatMap(({ resource }) => Object.keys((resource as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements));
    });
    expect(named.some((name) => name.startsWith('iom_report_'))).toBe(true);
  });

  it('can be turned off on PostgreSQL (IOM_HUB_DB_NAMED_STATEMENTS), and a wrong value is told', () => {
    expect([undefined, '', 'true', 'false'].map((value) => namedStatements(value))).toEqual([true, true, true, false]);
    expect(() => namedStatements('no')).toThrow('IOM_HUB_DB_NAMED_STATEMENTS must be true or false (got "no").');
  });
});
