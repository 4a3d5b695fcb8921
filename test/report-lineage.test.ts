import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { exportCommand } from '../server/cli/export.command.js';
import { Role } from '../server/access/role.js';
import type { Caller } from '../server/access/caller.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { localRunner, openRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { exportWorkbook, refreshWorkbookFile } from '../server/workbook/report-file.js';
import { XlsxPackage } from '../server/workbook/xlsx-package.js';
import { XlsxWorkbook } from '../server/workbook/xlsx-workbook.js';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * Lineage: each request made for a workbook's binding names the workbook and the binding, so
 * `report(name) { usedBy }` lists the workbooks that run it. One workbook is exported and refreshed
 * in-process (the command line on the hub's database); the other, with two bindings of the same
 * report, is refreshed over HTTP with a token (the command line against a running hub).
 */
let t: TestHub;
let local: QueryRunner;
let remote: QueryRunner;
let analyst: Caller;
let board: Caller;
let url: string;
let financeToken: string;
let dir: string;

const report = loadReportLibrary().find((r) => r.name === 'cost-share')!;
const variables = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
const USED_BY = '{ report(name: "cost-share") { usedBy { workbook title lastRefreshedAt lastRefreshedBy bindings versions } } }';

beforeAll(async () => {
  t = await startTestHub();
  url = `http://127.0.0.1:${await t.hub.listen(0, '127.0.0.1')}`;
  const token = await t.token(Role.FINANCE, ['norfolk-suffolk']);
  financeToken = token.token;
  dir = mkdtempSync(join(tmpdir(), 'iom-hub-lineage-'));
  analyst = (await t.token(Role.ANALYST, ['norfolk-suffolk'])).caller;
  board = (await t.token(Role.BOARD, ['norfolk-suffolk'])).caller;
  local = await localRunner(t.orm, 'command line: refresh');
  remote = await openRunner({ url, token: token.token, operation: 'test' });
});
afterAll(async () => {
  await local.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The workbook id an exported or refreshed file carries in its bindings. */
async function workbookIdOf(bytes: Uint8Array): Promise<string> {
  return ((await new XlsxWorkbook(XlsxPackage.read(bytes)).readBindings()) as { workbook?: string }).workbook!;
}

it('lists both workbooks in usedBy, with how many of their bindings run the report and who refreshed them', async () => {
  // Workbook 1: exported and refreshed by the command line on the hub's own database.
  const exported = await exportWorkbook({ client: local.client, report, variables, lineage: { forBinding: local.forBinding, title: 'plan.xlsx' } });
  const first = await workbookIdOf(exported.bytes);
  expect(first).toMatch(/^wb-/);
  const refreshed = await refreshWorkbookFile(exported.bytes, local.client, { lineage: { forBinding: local.forBinding, title: 'plan.xlsx' } });
  expect(await workbookIdOf(refreshed.bytes!)).toBe(first);

  // Workbook 2: two bindings of the report, refreshed over HTTP by a finance token.
  const other = await exportWorkbook({ client: remote.client, report, variables });
  const book = new XlsxWorkbook(XlsxPackage.read(other.bytes));
  const store = (await book.readBindings())!;
  const second = { ...store.bindings[0], id: 'second-binding', target: { ...store.bindings[0].target, anchor: 'A40', table: 'IOM_Second', address: undefined } };
  await book.saveBindings({ ...store, bindings: [...store.bindings, second] });
  const both = await refreshWorkbookFile(book.toBytes(), remote.client, { lineage: { forBinding: remote.forBinding, title: 'Board pack Q3 — Norfolk.xlsx' } });
  expect(both.statuses.map((s) => s.state)).toEqual(['done', 'done']);
  const secondId = await workbookIdOf(both.bytes!);

  const { usedBy } = dataOf(await t.gql(USED_BY, {}, analyst)).report;
  expect(usedBy).toEqual([
    { workbook: secondId, title: 'Board pack Q3 — Norfolk.xlsx', lastRefreshedAt: expect.any(String), lastRefreshedBy: expect.stringContaining('finance'), bindings: 2, versions: [1] },
    { workbook: first, title: 'plan.xlsx', lastRefreshedAt: expect.any(String), lastRefreshedBy: 'the hub (command line: refresh)', bindings: 1, versions: [1] },
  ]);

  // Who uses a report is for analysts and admins.
  expect(errorOf(await t.gql(USED_BY, {}, board)).code).toBe('FORBIDDEN');
});

it('records nothing for a request that names no workbook, or one that fails', async () => {
  const before = dataOf(await t.gql(USED_BY, {}, analyst)).report.usedBy;
  await remote.client.request(report.query, variables);
  await expect(remote.forBinding({ workbook: 'wb-failing', binding: 'b1' }).request(report.query, { partnership: 'no-such', financialYear: '2014/15' })).rejects.toThrow();
  expect(dataOf(await t.gql(USED_BY, {}, analyst)).report.usedBy).toEqual(before);
});

it('exports with a parameter set shared with the caller\'s partnership (export --parameters), the export then in usedBy', async () => {
  const set = { partnership: 'norfolk-suffolk', financialYear: '2013/14' };
  dataOf(await t.gql('mutation ($x: SaveParameterSetInput!) { saveParameterSet(input: $x) { name } }', { x: { report: 'cost-share', name: 'Q3 board pack, Norfolk', variables: JSON.stringify(set), partnership: 'norfolk-suffolk' } }, analyst));
  const file = join(dir, 'q3.xlsx');
  const quiet = [vi.spyOn(console, 'log').mockImplementation(() => {}), vi.spyOn(console, 'error').mockImplementation(() => {})];
  try {
    expect(await exportCommand.run(['cost-share', '--parameters', 'Q3 board pack, Norfolk', '--out', file, '--url', url, '--token', financeToken])).toBe(0);
    await expect(exportCommand.run(['cost-share', '--parameters', 'Q4', '--out', file, '--url', url, '--token', financeToken])).rejects.toThrow('--parameters: the report cost-share has no parameter set "Q4" you may use (it has "Q3 board pack, Norfolk").');
  } finally {
    quiet.forEach((spy) => spy.mockRestore());
  }
  // The set's variables, in the workbook's named cells (editable without the add-in).
  const exported = new XlsxWorkbook(XlsxPackage.read(readFileSync(file)));
  const store = (await exported.readBindings())!;
  expect(store.bindings[0].variables).toEqual({ partnership: { cell: 'Partnership' }, financialYear: { cell: 'FinancialYear' } });
  expect(await exported.readNamedCells(['Partnership', 'FinancialYear'])).toEqual({ Partnership: 'norfolk-suffolk', FinancialYear: '2013/14' });
  const { usedBy } = dataOf(await t.gql(USED_BY, {}, analyst)).report;
  expect(usedBy[0]).toMatchObject({ workbook: await workbookIdOf(readFileSync(file)), title: 'q3.xlsx', bindings: 1 });
});

it('the add-in sends the lineage headers the hub reads', async () => {
  const addin = await import('../addin/lineage.js');
  const hub = await import('../server/reports/lineage.js');
  expect(addin.LINEAGE_HEADERS).toEqual(hub.LINEAGE_HEADERS);
  const lineage = { workbook: 'wb-1', binding: 'b-1', title: 'Board pack, Q3 (draft).xlsx', report: 'cost-share' };
  expect(addin.lineageHeaders(lineage)).toEqual(hub.lineageHeaders(lineage));
  expect(hub.lineageOf((name) => addin.lineageHeaders(lineage)[name])).toEqual(lineage);
});

it('counts a binding whose query the add-in reshaped (a list read page by page) under the report it was made from', async () => {
  const publish = 'mutation ($x: PublishReportInput!) { publishReport(input: $x) { name version } }';
  const query = 'query ($partnership: String!) { cohort(partnership: $partnership, first: 2) { nodes { id } } }';
  dataOf(await t.gql(publish, { x: { name: 'cohort-ids', title: 'Cohort ids', description: 'Member ids, two a page.', query, exampleVariables: JSON.stringify({ partnership: 'norfolk-suffolk' }), sharedWith: ['norfolk-suffolk'] } }, analyst));
  const published = { ...report, name: 'cohort-ids', title: 'Cohort ids', query };
  const exported = await exportWorkbook({ client: local.client, report: published as typeof report, variables: { partnership: 'norfolk-suffolk' }, lineage: { forBinding: local.forBinding, title: 'ids.xlsx' } });
  const { usedBy } = dataOf(await t.gql('{ report(name: "cohort-ids") { usedBy { workbook title bindings } } }', {}, analyst)).report;
  expect(usedBy).toEqual([{ workbook: await workbookIdOf(exported.bytes), title: 'ids.xlsx', bindings: 1 }]);
});
