import { availableParallelism } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureWorkers, measureWorkersSetting, onThisMachine, parallelMeasures, readInParallel } from '../server/database/postgresql-measures.js';
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
    current_setting('transaction_read_only') AS read_only, current_setting('max_parallel_workers_per_gather') AS workers`;

  it('runs in a read-only transaction of its own with parallel plans costing nothing, and the settings end with it', async () => {
    const before = (await connection.query(SETTINGS)).rows[0];
    expect(before.setup).not.toBe('0');
    expect(before.read_only).toBe('off');
    // The test server is on this machine: a worker per gather for each core but the leader's, never more than the server allows.
    expect(onThisMachine(connection.host)).toBe(true);
    const workers = String(Math.min(Number(before.workers), availableParallelism() - 1));
    expect(await readInParallel(connection, SETTINGS)).toEqual([{ setup: '0', tuple: '0', tables: '64kB', indexes: '0', read_only: 'on', workers }]);
    expect((await connection.query(SETTINGS)).rows[0]).toEqual(before);
  });

  it('reads a table of a few rows (the catalogue of access methods) without starting a worker for it', async () => {
    const plan = async (query: string) => (await readInParallel(connection, `EXPLAIN ${query}`)).map((row) => String(row['QUERY PLAN'])).join('\n');
    const table = (await connection.query("SELECT pg_relation_size('pg_am') / current_setting('block_size')::int AS pages")).rows[0];
    expect(Number(table.pages)).toBeLessThan(8);
    expect(await plan('SELECT amtype, COUNT(*) FROM pg_am GROUP BY amtype')).not.toMatch(/Gather|Parallel/);
    // A table of 8 pages or more (the catalogue of columns) is still read in parallel, by no more workers than the cap.
    const columns = (await connection.query("SELECT pg_relation_size('pg_attribute') / current_setting('block_size')::int AS pages")).rows[0];
    expect(Number(columns.pages)).toBeGreaterThanOrEqual(8);
    const workers = Math.min(Number((await connection.query('SHOW max_parallel_workers_per_gather')).rows[0].max_parallel_workers_per_gather), availableParallelism() - 1);
    const wide = await plan('SELECT attnum, COUNT(*) FROM pg_attribute GROUP BY attnum');
    if (workers > 0) {
      expect(wide).toMatch(/Parallel Seq Scan on pg_attribute/);
      expect(Number(/Workers Planned: (\d+)/.exec(wide)?.[1])).toBeLessThanOrEqual(workers);
    } else expect(wide).not.toMatch(/Gather/);
  });

  it('takes a worker per gather for each core but the leader\'s on a server on this machine, its own setting elsewhere, or the cap set', () => {
    for (const host of [undefined, '', '/var/run/postgresql', 'localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(onThisMachine(host)).toBe(true);
    for (const host of ['db.example.org', '10.0.0.5', '192.168.1.20', '127.example.org', 'localhost.example.org', '::2']) expect(onThisMachine(host)).toBe(false);
    expect(measureWorkers('127.0.0.1', null, 2)).toBe(1);
    expect(measureWorkers('/run/postgresql', null, 8)).toBe(7);
    expect(measureWorkers('localhost', null, 1)).toBe(0);
    expect(measureWorkers('db.example.org', null, 2)).toBeNull();
    expect(measureWorkers('db.example.org', 3, 2)).toBe(3);
    expect(measureWorkers('127.0.0.1', 0, 8)).toBe(0);
    expect(measureWorkersSetting(undefined)).toBeNull();
    expect(measureWorkersSetting('')).toBeNull();
    expect(measureWorkersSetting('4')).toBe(4);
    expect(measureWorkersSetting('0')).toBe(0);
    for (const value of ['-1', '1.5', 'two', ' 2']) expect(() => measureWorkersSetting(value)).toThrow(new RegExp(`IOM_HUB_DB_MEASURE_WORKERS must be a whole number of workers, 0 or more \\(got "${value.replace('.', '\\.')}"\\)`));
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
