import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCALES, generate } from '../bench/generate.js';
import { peersTable, runBench } from '../bench/run.js';
import { postgresBinaries } from '../bench/postgres-cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'iom-hub-bench-peers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!postgresBinaries())('the benchmark with its peers (smoke: scale XS, a few requests per query, no timings asserted)', () => {
  it('asks PostGraphile the finance reports and lists and DuckDB the measures; every answer equals the hub\'s and the floor\'s', async () => {
    const file = join(dir, 'XS.sqlite');
    await generate(file, SCALES.XS, { log: () => {} });
    const only = ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'referrals-flat', 'cohort-page-100', 'priority-crime-rate', 'cost-of-crime', 'reoffending-rates-one', 'cohort-snapshot', 'scenario'];
    const results = await runBench({ db: file, scale: 'XS', quick: true, peers: true, noMixed: true, only, connections: [1, 4], turns: 3, out: join(dir, 'XS.json'), log: () => {} });
    expect(results.engine).toBe('postgresql');
    expect(results.mismatches).toEqual([]);
    const peer = (name: string, which: string) => results.queries.find((q) => q.name === name)!.peers![which];
    for (const name of only.slice(0, 6)) expect(peer(name, 'postgraphile')).toMatchObject({ identical: true });
    // Three runs each at the most connections, taken in turn; each side's median is the one kept.
    for (const name of only.slice(0, 6)) {
      const { rpsRuns, load } = peer(name, 'postgraphile');
      const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[1];
      expect([rpsRuns!.hub.length, rpsRuns!.peer.length]).toEqual([3, 3]);
      expect(results.queries.find((q) => q.name === name)!.hub.c4.rps).toBe(median(rpsRuns!.hub));
      expect(load!.c4.rps).toBe(median(rpsRuns!.peer));
    }
    for (const name of only.slice(6, 10)) {
      expect(peer(name, 'duckdb')).toMatchObject({ identical: true });
      expect(peer(name, 'postgraphile').cannot).toMatch(/aggregates over windows/);
    }
    expect(peer('scenario', 'postgraphile').cannot).toMatch(/no table holds the answer/);
    expect(results.peerPeakRssMb!.postgraphile).toBeGreaterThan(0);
    const table = peersTable(results);
    expect(table).toMatch(/\| cost-share \| postgraphile \| yes \|/);
    expect(table).toMatch(/\| priority-crime-rate \| duckdb \| yes \|/);
    expect(table).toMatch(/scenario on postgraphile: the scenario models staffing/);
  }, 300_000);
});
