/**
 * Variables editable without the add-in: an exported workbook keeps each variable of its report in
 * a labelled named cell on its Variables sheet; a date (typed as a date or as text) or a year
 * written there by another program (openpyxl, which also drops the custom XML part: the bindings'
 * very hidden sheet keeps them) is what the next `refresh` asks the hub for.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toTable } from '../addin/result-table.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { exportWorkbook, refreshWorkbookFile, VARIABLES_SHEET } from '../server/workbook/report-file.js';
import { XlsxPackage } from '../server/workbook/xlsx-package.js';
import { XlsxWorkbook } from '../server/workbook/xlsx-workbook.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-variable-cells-'));
let t: TestHub;
let runner: QueryRunner;

beforeAll(async () => {
  t = await startTestHub();
  runner = await localRunner(t.orm, 'test: variable cells');
});
afterAll(async () => {
  await runner.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (name: string) => loadReportLibrary().find((r) => r.name === name)!;

/** Sets named cells with openpyxl: `name=date:2013-03-31` writes a real date, `name=text` text. */
async function openpyxlSet(file: string, assignments: Record<string, string>): Promise<void> {
  const script = `
import datetime, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
for pair in sys.argv[2:]:
    name, value = pair.split('=', 1)
    sheet, ref = next(book.defined_names[name].destinations)
    cell = book[sheet][ref.replace('$', '')]
    cell.value = datetime.datetime.strptime(value[5:], '%Y-%m-%d') if value.startswith('date:') else value
book.save(sys.argv[1])
`;
  await run('/usr/bin/python3', ['-c', script, file, ...Object.entries(assignments).map(([k, v]) => `${k}=${v}`)]);
}

/** The caption and the body of the file's first table (row 3 down to the first empty row), as openpyxl reads them. */
async function tableOf(bytes: Uint8Array): Promise<{ caption: string; rows: unknown[][] }> {
  const file = join(dir, `read-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const script = `
import datetime, json, sys, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = []
r = 3
while sheet.cell(r, 1).value is not None:
    rows.append([v.date().isoformat() if isinstance(v, datetime.datetime) else v for v in (c.value for c in sheet[r])])
    r += 1
print(json.dumps({'caption': sheet['A1'].value, 'rows': rows}))
`;
  return JSON.parse((await run('/usr/bin/python3', ['-c', script, file])).stdout);
}

async function expected(name: string, variables: Record<string, unknown>): Promise<unknown[][]> {
  const r = report(name);
  return toTable(dataOf(await t.gql(r.query, variables)), reportLayout(hubSchema(), r.query)).rows.map((row) => row.map((v) => v ?? null));
}

it('export writes each variable in a labelled named cell; a date typed there (as a date, then as text) is used by refresh', async () => {
  const r = report('cohort-snapshot');
  const { bytes, binding } = await exportWorkbook({ client: runner.client, report: r, variables: { partnership: 'thurrock', date: '2012-09-30', groupBy: 'GENDER' } });
  expect(binding.variables).toEqual({ partnership: { cell: 'Partnership' }, date: { cell: 'Date', format: 'date' }, groupBy: { cell: 'GroupBy' }, suppressUnder: { cell: 'SuppressUnder' } });

  // What a person opening the file sees: a label beside each value, the cells named.
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const variables = book.getWorksheet(VARIABLES_SHEET)!;
  expect(book.definedNames.getRanges('Date').ranges).toEqual([`${VARIABLES_SHEET}!$B$4`]);
  expect([3, 4, 5, 6].map((row) => [variables.getCell(`A${row}`).value, variables.getCell(`B${row}`).value])).toEqual([['Partnership', 'thurrock'], ['Date', '2012-09-30'], ['Group by', 'GENDER'], ['Suppress under', null]]);
  expect(String(variables.getCell('C4').value)).toContain('a date');

  const file = join(dir, 'cohort.xlsx');
  writeFileSync(file, bytes);
  const before = await tableOf(bytes);
  expect(before.rows).toEqual(await expected('cohort-snapshot', { partnership: 'thurrock', date: '2012-09-30', groupBy: 'GENDER' }));

  // A date typed as a date (openpyxl writes a date serial with a date format, and drops the custom XML part).
  await openpyxlSet(file, { Date: 'date:2013-03-31' });
  const asDate = await refreshWorkbookFile(readFileSync(file), runner.client);
  expect(asDate.statuses.map((s) => s.state)).toEqual(['done']);
  const march = await expected('cohort-snapshot', { partnership: 'thurrock', date: '2013-03-31', groupBy: 'GENDER' });
  expect(march).not.toEqual(before.rows);
  const afterDate = await tableOf(asDate.bytes!);
  expect(afterDate.rows).toEqual(march);
  expect(afterDate.caption).toContain('31 Mar 2013');

  // The same as text, as a person types it in the UK.
  await openpyxlSet(file, { Date: '30/06/2013' });
  const asText = await refreshWorkbookFile(readFileSync(file), runner.client);
  expect((await tableOf(asText.bytes!)).rows).toEqual(await expected('cohort-snapshot', { partnership: 'thurrock', date: '2013-06-30', groupBy: 'GENDER' }));

  // Something that is not a date is refused, naming the cell; the file is not written.
  await openpyxlSet(file, { Date: 'next Tuesday' });
  const refused = await refreshWorkbookFile(readFileSync(file), runner.client);
  expect(refused.bytes).toBeUndefined();
  expect(refused.statuses[0].error).toMatch(/Variable date: cell Date .*holds "next Tuesday", which is not a date/);
});

it('a financial year typed in its named cell is the year refresh asks for', async () => {
  const { bytes } = await exportWorkbook({ client: runner.client, report: report('cost-share'), variables: { partnership: 'norfolk-suffolk', financialYear: '2014/15' } });
  const file = join(dir, 'cost-share.xlsx');
  writeFileSync(file, bytes);
  await openpyxlSet(file, { FinancialYear: '2015/16' });
  const refreshed = await refreshWorkbookFile(readFileSync(file), runner.client);
  expect(refreshed.statuses.map((s) => s.state)).toEqual(['done']);
  const table = await tableOf(refreshed.bytes!);
  expect(table.rows).toEqual(await expected('cost-share', { partnership: 'norfolk-suffolk', financialYear: '2015/16' }));
  expect(table.caption).toContain('2015/16');
  // The bindings survived openpyxl in their very hidden sheet.
  expect((await new XlsxWorkbook(XlsxPackage.read(refreshed.bytes!)).readBindings())!.bindings[0].variables).toEqual({ partnership: { cell: 'Partnership' }, financialYear: { cell: 'FinancialYear' } });
});
