import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertBinding } from '../addin/binding.js';
import { blankWorkbook } from '../server/workbook/blank-workbook.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { refreshWorkbookFile } from '../server/workbook/report-file.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { FIXTURE_QUERY, templateWorkbook, type RiskRow } from './support/xlsx-fixture.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-refresh-fail-'));
let t: TestHub;
let runner: QueryRunner;
let rows: RiskRow[];

beforeAll(async () => {
  t = await startTestHub();
  runner = await localRunner(t.orm, 'test: refresh failures');
  rows = dataOf(await t.gql<{ fundingRisks: RiskRow[] }>(FIXTURE_QUERY, { partnership: 'norfolk-suffolk', financialYear: '2015/16' })).fundingRisks.slice(0, 2);
});
afterAll(async () => {
  await runner.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npx iom-hub refresh when a binding fails', () => {
  it('exits non-zero naming the binding whose query the hub refused, and leaves the file byte for byte as it was', { timeout: 120_000 }, async () => {
    const bytes = templateWorkbook({
      rows,
      editStore: (store) =>
        upsertBinding(store, {
          ...store.bindings[0],
          id: 'broken-1',
          title: 'Broken section',
          source: { kind: 'query', query: 'query Broken { fundingRisks(partnership: "norfolk-suffolk") { nope } }' },
          variables: {},
          target: { sheet: 'Notes', anchor: 'D1', table: 'IOM_Broken' },
        }),
    });
    const file = join(dir, 'pack.xlsx');
    writeFileSync(file, bytes);
    const failed = await run('node', ['bin/iom-hub.js', 'refresh', file, '--database', t.databaseUrl], { cwd: ROOT, timeout: 60_000 }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^refreshed {2}Funding risks: 8 rows/m);
    expect(failed.stderr).toMatch(/FAILED {5}binding "Broken section" \(broken-1\): (query: )?Cannot query field "nope"/);
    expect(failed.stderr).toContain(`Nothing was written: ${file} is unchanged.`);
    expect(Buffer.compare(readFileSync(file), Buffer.from(bytes))).toBe(0);
    expect(readdirSync(dir)).toEqual(['pack.xlsx']);
  });

  it('names a variable bound to a cell the workbook does not have, and gives no file', async () => {
    const bytes = templateWorkbook({ rows, editStore: (store) => ({ ...store, bindings: [{ ...store.bindings[0], variables: { ...store.bindings[0].variables, financialYear: { cell: 'BudgetYear' } } }] }) });
    const { statuses, bytes: out } = await refreshWorkbookFile(bytes, runner.client);
    expect(statuses).toEqual([expect.objectContaining({ id: 'funding-risk-register:risks', state: 'error', error: 'The workbook has no cell named BudgetYear.' })]);
    expect(out).toBeUndefined();
  });

  it('refuses a growth that would run the table into another table', async () => {
    const bytes = templateWorkbook({
      rows,
      editStore: (store) => upsertBinding(store, { ...store.bindings[0], id: 'second', title: 'Second', target: { sheet: 'Funding risks', anchor: 'A12', table: 'IOM_Second' } }),
    });
    const { statuses, bytes: out } = await refreshWorkbookFile(bytes, runner.client);
    expect(statuses.map((s) => s.state)).toEqual(['done', 'error']);
    expect(statuses[1].error).toMatch(/run into the table IOM_Funding_risk_register_risks at A8:C1\d/);
    expect(out).toBeUndefined();
  });

  it('refuses a growth that would need rows inserted across a table beside it', async () => {
    const bytes = templateWorkbook({
      rows,
      noteRow: 12,
      editStore: (store) => ({ ...store, bindings: [{ ...store.bindings[0], id: 'beside', title: 'Beside', target: { sheet: 'Funding risks', anchor: 'E9', table: 'IOM_Beside' } }, ...store.bindings] }),
    });
    const { statuses, bytes: out } = await refreshWorkbookFile(bytes, runner.client);
    expect(statuses.map((s) => s.state)).toEqual(['done', 'error']);
    expect(statuses[1].error).toBe('The table IOM_Funding_risk_register_risks needs 6 more rows, but the table IOM_Beside beside it spans them; move one of the two tables apart.');
    expect(out).toBeUndefined();
  });

  it('says so when the file is not a workbook, or has no bindings', async () => {
    await expect(refreshWorkbookFile(Buffer.from('not a zip'), runner.client)).rejects.toThrow('The file is not an .xlsx workbook');
    await expect(refreshWorkbookFile(blankWorkbook('Sheet1').toBytes(), runner.client)).rejects.toThrow(/has no IOM Hub bindings/);
  });
});
