import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { loadDemoDataIfFresh } from '../server/demo/load-demo.js';
import { dataOf, startTestHub, testPostgresUrl, type TestHub } from './support/hub.js';
import { runStatements, withDatabase } from '../bench/postgres-cluster.js';

/** Runs `work` on a new database made for it on the test server (migrated as the hub makes it), dropped after. */
async function onNewDatabase(name: string, work: (orm: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>): Promise<void> {
  const server = testPostgresUrl()!;
  const database = `iom_hub_${name}_${process.pid}`;
  await runStatements(server, [`drop database if exists ${database}`, `create database ${database}`]);
  const orm = await openDatabase({ databaseUrl: withDatabase(server, database) });
  try {
    await work(orm);
  } finally {
    await orm.close();
    await runStatements(server, [`drop database ${database}`]);
  }
}

/** PostgreSQL only (the postgresql vitest project). */
describe('the PostgreSQL database', () => {
  it('has committed migrations that match the entities exactly', () =>
    onNewDatabase('schema', async (orm) => {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    }));
});

describe('the offences on PostgreSQL', () => {
  it('are kept in three indexes and the primary key, none on the category alone, and an offence of a category that is not there is refused', () =>
    onNewDatabase('offence_indexes', async (orm) => {
      const sql = orm.em.getConnection();
      const indexes = (await sql.execute<{ indexname: string }[]>("SELECT indexname FROM pg_indexes WHERE tablename = 'offence' ORDER BY indexname")).map((row: { indexname: string }) => row.indexname);
      expect(indexes).toEqual(['offence_nominal_id_offence_date_category_id_outcome_date_index', 'offence_nominal_id_reference_unique', 'offence_offence_date_nominal_id_category_id_outcome_date_index', 'offence_pkey']);
      expect(await loadDemoDataIfFresh(orm)).toBe(true);
      const [{ n: before }] = await sql.execute('SELECT COUNT(*)::int AS n FROM offence');
      const offence = (category: string) => `INSERT INTO offence (version, updated_at, nominal_id, category_id, offence_date, outcome, outcome_date)
        SELECT 1, now(), MIN(n.id), ${category}, '2015-01-01', 'CONVICTION', '2015-02-01' FROM nominal n`;
      await expect(sql.execute(offence('(SELECT MAX(id) + 1 FROM crime_category)'))).rejects.toThrow(/offence_category_id_foreign/);
      await sql.execute(offence('(SELECT MIN(id) FROM crime_category)'));
      expect(await sql.execute('SELECT COUNT(*)::int AS n FROM offence')).toEqual([{ n: before + 1 }]);
    }));
});

describe('concurrent updates of one record on PostgreSQL', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const ADD = `mutation ($line: EstablishmentLineInput!) { addEstablishmentLine(partnership: "barnet", financialYear: "2015/16", line: $line) { id version } }`;
  const UPDATE = `mutation ($id: ID!, $v: Int!, $line: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $line) { version budget } }`;

  it('let one of eight saves from the same version win, on separate connections; the rest get CONFLICT with the current version', async () => {
    const { id } = dataOf(await t.gql(ADD, { line: { grade: 'Police officer', fte: 1, budget: 10_000, employingAgency: 'met-police' } })).addEstablishmentLine;
    for (let round = 1; round <= 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.gql(UPDATE, { id, v: round, line: { grade: 'Police officer', fte: 1, budget: 10_000 + round * 100 + i } })),
      );
      const winners = results.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(winners[0].data!.updateEstablishmentLine.version).toBe(round + 1);
      for (const loser of results.filter((r) => r.errors))
        expect(loser.errors![0].extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: round, currentVersion: round + 1 });
    }
  });
});
