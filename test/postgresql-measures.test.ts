import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parallelMeasures, readInParallel } from '../server/database/postgresql-measures.js';
import { testPostgresUrl } from './support/hub.js';

/** PostgreSQL only (the postgresql vitest project): the measures' statements with parallel plans made cheap for them alone. */
describe("a measure's long statement on PostgreSQL", () => {
  let connection: pg.Client;
  beforeAll(async () => {
    connection = new pg.Client({ connectionString: testPostgresUrl()! });
    await connection.connect();
  });
  afterAll(() => connection.end());

  const SETTINGS = `SELECT current_setting('parallel_setup_cost') AS setup, current_setting('parallel_tuple_cost') AS tuple,
    current_setting('min_parallel_table_scan_size') AS tables, current_setting('min_parallel_index_scan_size') AS indexes,
    current_setting('transaction_read_only') AS read_only`;

  it('runs in a read-only transaction of its own with parallel plans costing nothing, and the settings end with it', async () => {
    const before = (await connection.query(SETTINGS)).rows[0];
    expect(before.setup).not.toBe('0');
    expect(before.read_only).toBe('off');
    expect(await readInParallel(connection, SETTINGS)).toEqual([{ setup: '0', tuple: '0', tables: '0', indexes: '0', read_only: 'on' }]);
    expect((await connection.query(SETTINGS)).rows[0]).toEqual(before);
  });

  it('leaves the connection usable and the settings ended when the statement fails, and cannot write', async () => {
    const before = (await connection.query(SETTINGS)).rows[0];
    await expect(readInParallel(connection, 'SELECT 1 / 0')).rejects.toThrow(/division by zero/);
    await expect(readInParallel(connection, 'CREATE TEMPORARY TABLE t (x int)')).rejects.toThrow(/read-only transaction/);
    expect((await connection.query(SETTINGS)).rows[0]).toEqual(before);
    expect((await connection.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('is turned off by IOM_HUB_DB_PARALLEL_MEASURES=false, and any other value is refused', () => {
    expect(parallelMeasures(undefined)).toBe(true);
    expect(parallelMeasures('true')).toBe(true);
    expect(parallelMeasures('false')).toBe(false);
    expect(() => parallelMeasures('no')).toThrow(/IOM_HUB_DB_PARALLEL_MEASURES must be true or false \(got "no"\)/);
  });
});
