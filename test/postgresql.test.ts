import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/database/database.js';
import { dataOf, startTestHub, testPostgresUrl, type TestHub } from './support/hub.js';
import { runStatements, withDatabase } from '../bench/postgres-cluster.js';

/** PostgreSQL only (the postgresql vitest project). */
describe('the PostgreSQL database', () => {
  it('has committed migrations that match the entities exactly', async () => {
    const server = testPostgresUrl()!;
    const name = `iom_hub_schema_${process.pid}`;
    await runStatements(server, [`drop database if exists ${name}`, `create database ${name}`]);
    const orm = await openDatabase({ databaseUrl: withDatabase(server, name) });
    try {
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    } finally {
      await orm.close();
      await runStatements(server, [`drop database ${name}`]);
    }
  });

  it('compares the dates kept as ISO text byte for byte on a server whose own collation is a language\'s (en-GB)', async () => {
    const server = testPostgresUrl()!;
    const name = `iom_hub_en_gb_${process.pid}`;
    await runStatements(server, [`drop database if exists ${name}`, `create database ${name} template template0 locale_provider icu icu_locale 'en-GB' locale 'C'`]);
    const orm = await openDatabase({ databaseUrl: withDatabase(server, name) });
    try {
      const sql = orm.em.getConnection();
      // The database orders text by a language's rules ("a" before "B"), not byte for byte.
      expect((await sql.execute<{ language: boolean }[]>(`SELECT 'a' < 'B' AS language`))[0].language).toBe(true);
      // Every date column, those added later too: named *_date or date_of_birth, and so written by the hub as ISO text.
      const columns = await sql.execute<{ name: string; type: string; collation: string | null }[]>(`
        SELECT c.table_name || '.' || c.column_name AS name, c.data_type AS type, c.collation_name AS collation
        FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND (c.column_name LIKE '%\\_date' OR c.column_name = 'date_of_birth') ORDER BY 1`);
      expect(columns.length).toBeGreaterThanOrEqual(16);
      expect(columns.filter((column: { type: string; collation: string | null }) => ['character varying', 'text'].includes(column.type) && column.collation !== 'C')).toEqual([]);
    } finally {
      await orm.close();
      await runStatements(server, [`drop database ${name}`]);
    }
  });
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
