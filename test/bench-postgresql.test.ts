import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCALES, generate } from '../bench/generate.js';
import { loadIntoPostgresql } from '../bench/load-postgresql.js';
import { runBench } from '../bench/run.js';
import { reportNames } from '../bench/queries.js';
import { testPostgresUrl } from './support/hub.js';
import { withClient, withDatabase } from '../bench/postgres-cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'iom-hub-bench-pg-'));
const database = `iom_hub_bench_${process.pid}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await withClient(withDatabase(testPostgresUrl()!, 'postgres'), (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

/** PostgreSQL only (the postgresql vitest project): the benchmark's data on PostgreSQL, the hub on it, checked against the floor on the SQLite file. */
describe('the benchmark on PostgreSQL (smoke: a small generated set, a few requests per query, no timings asserted)', () => {
  it('loads a generated file into PostgreSQL row for row, and the hub there answers every query as the floor does on the SQLite file', async () => {
    const file = join(dir, 'XS.sqlite');
    const lines: string[] = [];
    const generated = await generate(file, SCALES.XS, { log: (line) => lines.push(line) });
    const url = withDatabase(testPostgresUrl()!, database);
    const loaded = await loadIntoPostgresql(file, url, { log: (line) => lines.push(line) });
    for (const [table, count] of Object.entries(generated.rows)) expect(loaded.rows[table], table).toBe(count);
    await expect(loadIntoPostgresql(file, url, { log: () => {} })).rejects.toThrow(/already exists; pass --replace/);

    const results = await runBench({ db: file, databaseUrl: url, scale: 'XS', quick: true, connections: [1, 4], out: join(dir, 'XS.json'), log: (line) => lines.push(line) });
    expect(results.engine).toBe('postgresql');
    expect(results.mismatches).toEqual([]);
    for (const report of reportNames()) expect(results.queries.map((q) => q.name)).toContain(report);
    expect(results.queries.every((q) => q.identical && Object.values(q.hub).every((load) => load.errors === 0))).toBe(true);
    // the page, the token check, and the read in the audit log (begin, the chain's lock and head, the entry, its nominals, commit)
    expect(results.queries.find((q) => q.name === 'cohort-page-100')!.statements).toBeLessThanOrEqual(10);
    expect(results.mixed).toMatchObject({ busyErrors: 0, otherErrors: 0 });
    // The mix did write (one request in 20 a draft save), and saves alone went through at 1 and 4 connections.
    expect(results.mixed!.saves).toBeGreaterThan(0);
    expect(results.mixed!.writesAlone).toMatchObject({ c1: { errors: 0 }, c4: { errors: 0 } });
    expect((results.mixed!.writesAlone as Record<string, { saves: number }>).c1.saves).toBeGreaterThan(0);
    // The run worked on a copy: the loaded database is as it was, and the copy is gone.
    await withClient(url, async (client) => {
      expect(Number((await client.query('SELECT COUNT(*) AS n FROM nominal')).rows[0].n)).toBe(generated.rows.nominal);
      expect((await client.query(`SELECT 1 FROM pg_database WHERE datname = '${database}_run'`)).rows).toEqual([]);
    });
  }, 240_000);
});
