import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import { testPostgresUrl } from './support/hub.js';
import { runStatements, withDatabase } from './support/postgres-cluster.js';

/** PostgreSQL only (the postgresql vitest project): the PostgreSQL migrations against the entities. */
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
