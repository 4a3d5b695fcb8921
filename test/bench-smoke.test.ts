import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCALES, generate } from '../bench/generate.js';
import { runBench } from '../bench/run.js';
import { reportNames } from '../bench/queries.js';

const dir = mkdtempSync(join(tmpdir(), 'iom-hub-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the benchmark (smoke: scale S, a few requests per query, no timings asserted)', () => {
  it('generates S, runs every query against the real hub and its floor, and the answers are identical', async () => {
    const file = join(dir, 'S.sqlite');
    const lines: string[] = [];
    const generated = await generate(file, SCALES.S, { log: (line) => lines.push(line) });
    expect(generated.rows.nominal).toBe(10_000);
    expect(generated.rows.offence).toBe(100_000);
    expect(lines.at(-1)).toMatch(/rows\/s/);

    const results = await runBench({ db: file, scale: 'S', quick: true, out: join(dir, 'S.json'), log: (line) => lines.push(line) });
    expect(results.mismatches).toEqual([]);
    expect(results.queries.every((q) => q.identical)).toBe(true);
    for (const report of reportNames()) expect(results.queries.map((q) => q.name)).toContain(report);
    const page = results.queries.find((q) => q.name === 'cohort-page-100')!;
    expect(page.rows).toBe(100);
    // three for the page, the token check, and the read in the audit log (begin, the chain's head, the entry, its nominals, commit): counted at the driver
    expect(page.statements).toBeLessThanOrEqual(9);
    expect(results.queries.every((q) => Object.values(q.hub).every((load) => load.errors === 0))).toBe(true);
    expect(results.mixed).toMatchObject({ busyErrors: 0, otherErrors: 0 });
    // The mix did write (one request in 20 a draft save), and saves alone went through at 1 and 4 connections.
    expect(results.mixed!.saves).toBeGreaterThan(0);
    expect(results.mixed!.writesAlone).toMatchObject({ c1: { errors: 0 }, c4: { errors: 0 } });
    expect((results.mixed!.writesAlone as Record<string, { saves: number }>).c1.saves).toBeGreaterThan(0);
  }, 240_000);
});
