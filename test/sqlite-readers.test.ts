import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/** SQLite only: reports read on reader connections beside the one writer (server/database/sqlite-readers.ts). */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

interface Connection {
  execute(sql: string, params?: unknown[], method?: 'all' | 'get' | 'run'): Promise<unknown>;
}
const driver = () => t.orm.em.getDriver() as unknown as { replicas: Connection[]; getConnection(type: 'read' | 'write'): Connection };

/** A statement that keeps its connection busy for a second or more on any machine (SQLite has no sleep). */
const LONG = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000000) SELECT count(*) AS c FROM n';
const ESTABLISHMENT = '{ establishment(partnership: "norfolk-suffolk", financialYear: "2014/15") { totalFte totalBudget } }';

async function whileBusy(hold: () => Promise<unknown>): Promise<{ reportAt: number; holdAt: number }> {
  let holdAt = 0;
  const held = hold().then(() => (holdAt = performance.now()));
  await new Promise((resolve) => setTimeout(resolve, 20));
  const { establishment } = dataOf(await t.gql(ESTABLISHMENT));
  const reportAt = performance.now();
  expect(establishment).toEqual({ totalFte: 23, totalBudget: 1_023_944 });
  await held;
  return { reportAt, holdAt };
}

describe('reads on SQLite', () => {
  it('run on three read-only reader connections beside the writer', async () => {
    expect(driver().replicas).toHaveLength(3);
    const reader = driver().getConnection('read');
    expect(driver().replicas).toContain(reader);
    await expect(reader.execute('CREATE TABLE not_here (a integer)')).rejects.toThrow(/readonly|read-only/i);
    expect(await reader.execute("SELECT count(*) AS c FROM partnership", [], 'get')).toEqual({ c: 5 });
  });

  it('answer a finance report while a long read holds a reader', async () => {
    const { reportAt, holdAt } = await whileBusy(() => driver().getConnection('read').execute(LONG, [], 'get'));
    expect(reportAt).toBeLessThan(holdAt);
  });

  it('answer a finance report while long reads fill every reader: the first reader is kept for short statements', async () => {
    await driver().getConnection('read').execute(LONG, [], 'get'); // once: the hub now knows it takes long
    // As many long reads as there are readers: by "least busy" alone one would hold each reader, the report's too.
    const done: number[] = [];
    const longs = driver().replicas.map(() => driver().getConnection('read').execute(LONG, [], 'get').then(() => done.push(performance.now())));
    const { establishment } = dataOf(await t.gql(ESTABLISHMENT));
    const reportAt = performance.now();
    expect(establishment).toEqual({ totalFte: 23, totalBudget: 1_023_944 });
    await Promise.all(longs);
    expect(reportAt).toBeLessThan(Math.min(...done));
  });

  it('answer a finance report while a long transaction holds the writer', async () => {
    const { reportAt, holdAt } = await whileBusy(() => t.orm.em.fork().transactional(async (tx) => tx.getConnection().execute(LONG, [], 'get', tx.getTransactionContext())));
    expect(reportAt).toBeLessThan(holdAt);
  });

  it('show a mutation its own write in its answer, and the next query too', async () => {
    const line = { grade: 'Probation officer', fte: 1.5, budget: 51_234, employingAgency: 'norfolk-constabulary' };
    const added = dataOf(
      await t.gql('mutation ($line: EstablishmentLineInput!) { addEstablishmentLine(partnership: "norfolk-suffolk", financialYear: "2015/16", line: $line) { id grade fte budget employingAgency { code } } }', { line }),
    ).addEstablishmentLine;
    expect(added).toMatchObject({ grade: 'Probation officer', fte: 1.5, budget: 51_234, employingAgency: { code: 'norfolk-constabulary' } });
    const { establishment } = dataOf(await t.gql('{ establishment(partnership: "norfolk-suffolk", financialYear: "2015/16") { lines { id budget } } }'));
    expect(establishment.lines).toContainEqual({ id: added.id, budget: 51_234 });
  });
});
