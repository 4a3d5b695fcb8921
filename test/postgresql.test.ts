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
