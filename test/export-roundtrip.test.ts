import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportCommand } from '../server/cli/export.command.js';
import { refreshCommand } from '../server/cli/refresh.command.js';
import { runnerFromOptions } from '../server/cli/runner-options.js';
import { bindingsFromXml } from '../addin/binding.js';
import { toTable } from '../addin/result-table.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { loadReportLibrary, type SavedReportDefinition } from '../server/reports/report-library.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { exportCsv, exportWorkbook, refreshWorkbookFile, reportVariables } from '../server/workbook/report-file.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { libreOfficeAvailable, sheetAsCsv } from './support/libreoffice.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-export-'));
let t: TestHub;
let runner: QueryRunner;

beforeAll(async () => {
  t = await startTestHub();
  runner = await localRunner(t.orm, 'test: export');
});
afterAll(async () => {
  await runner.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (name: string) => loadReportLibrary().find((r) => r.name === name)!;
const RISKS = { partnership: 'norfolk-suffolk', financialYear: '2015/16' };
/** Text a spreadsheet would take for a formula, and text that needs quoting in CSV. */
const TRICKY = ['=HYPERLINK("http://example.org","click")', 'Cut, "maybe"\nnext year', '@SUM(1)'];

async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

/** What exceljs reads from a cell, in the hub's terms: dates back to YYYY-MM-DD, empty as null. */
function plain(value: ExcelJS.CellValue): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return value ?? null;
}

/** The file's table (anchor A1: caption, header in row 2) against the hub's answer, asked separately. */
async function expectTableMatchesHub(bytes: Uint8Array, r: SavedReportDefinition, variables: Record<string, unknown>) {
  const answer = dataOf(await t.gql(r.query, variables));
  const expected = toTable(answer, reportLayout(hubSchema(), r.query));
  const sheet = await readBack(bytes);
  const caption = String(sheet.getCell('A1').value);
  expect(caption).toContain(r.title);
  expect(caption).toMatch(/data as at \d+ \w{3} \d{4} \d\d:\d\d [A-Z]+/);
  const header = expected.columns.map((_, c) => sheet.getRow(2).getCell(c + 1).value);
  expect(header).toEqual(expected.columns.map((c) => c.header));
  // Dates and months as the hub gives them: a month is held as its first day.
  const asHub = (value: unknown, c: number) => (expected.columns[c].kind === 'MONTH' && typeof value === 'string' ? value.slice(0, 7) : value);
  const rows = expected.rows.map((_, i) => expected.columns.map((__, c) => asHub(plain(sheet.getRow(3 + i).getCell(c + 1).value), c)));
  expect(rows).toEqual(expected.rows);
  expected.columns.forEach((column, c) => {
    expect(sheet.getRow(3).getCell(c + 1).numFmt ?? 'General', column.header).toBe(column.numberFormat);
  });
  // Nothing below the table.
  expect(sheet.getRow(3 + Math.max(expected.rows.length, 1)).getCell(1).value ?? null).toBeNull();
  return expected;
}

describe('npx iom-hub export', () => {
  it.each(loadReportLibrary().map((r) => [r.name, r] as const))('%s: the workbook holds the hub answer, formatted, with its binding', async (_name, r) => {
    const variables = JSON.parse(r.variables);
    const { bytes, binding } = await exportWorkbook({ client: runner.client, report: r, variables });
    await expectTableMatchesHub(bytes, r, variables);
    const parts = unzipSync(bytes);
    const store = bindingsFromXml(strFromU8(parts['customXml/item1.xml']));
    expect(store.bindings).toEqual([binding]);
    expect(binding).toMatchObject({ source: { kind: 'report', report: r.name, query: r.query }, layout: 'rows', target: { anchor: 'A1' } });
    expect(strFromU8(parts['xl/tables/table1.xml'])).toContain(`name="${binding.target.table}"`);
  });

  it('export → change in the hub → refresh: an independent reader sees the hub new answer, formula-like text kept as text', { timeout: 120_000 }, async () => {
    const r = report('funding-risks');
    const { bytes } = await exportWorkbook({ client: runner.client, report: r, variables: RISKS });
    for (const title of TRICKY) dataOf(await t.gql('mutation($r: FundingRiskInput!) { addFundingRisk(partnership: "norfolk-suffolk", financialYear: "2015/16", risk: $r) { id } }', { r: { title, certainty: 'EXPECTED', exposure: 1500.5 } }));
    const { bytes: refreshed, statuses } = await refreshWorkbookFile(bytes, runner.client);
    expect(statuses[0].state).toBe('done');
    const expected = await expectTableMatchesHub(refreshed!, r, RISKS);
    expect(expected.rows.map((row) => row[0])).toEqual(expect.arrayContaining(TRICKY));

    if (!libreOfficeAvailable()) return;
    const file = join(dir, 'risks.xlsx');
    writeFileSync(file, refreshed!);
    const raw = await sheetAsCsv(file);
    expect(raw[1].slice(0, expected.columns.length)).toEqual(expected.columns.map((c) => c.header));
    const asText = (v: unknown) => (v === null ? '' : String(v));
    expect(raw.slice(2, 2 + expected.rows.length).map((row) => row.slice(0, expected.columns.length))).toEqual(expected.rows.map((row) => row.map(asText)));
    const shown = await sheetAsCsv(file, true);
    const exposure = expected.columns.findIndex((c) => c.path === 'exposure');
    expect(shown[2 + expected.rows.length - 1][exposure]).toBe('£1,500.50');
  });

  it('CSV: RFC 4180 (CRLF, quoted fields), the header of labels with units (or paths), formula-like text neutralised', async () => {
    const r = report('funding-risks');
    const csv = await exportCsv({ client: runner.client, report: r, variables: RISKS });
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv, { record_delimiter: '\r\n' }) as string[][];
    const expected = toTable(dataOf(await t.gql(r.query, RISKS)), reportLayout(hubSchema(), r.query));
    expect(rows[0]).toEqual(expected.columns.map((c) => c.header));
    expect(rows[0]).toContain('Exposure (£)');
    const paths = parse(await exportCsv({ client: runner.client, report: r, variables: RISKS, headers: 'paths' }), { record_delimiter: '\r\n' }) as string[][];
    expect(paths[0]).toEqual(expected.columns.map((c) => c.path));
    expect(rows.slice(1)).toEqual(expected.rows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'string' && /^[=+\-@]/.test(v) ? `'${v}` : String(v)))));
    expect(rows.some((row) => row[0] === 'Cut, "maybe"\nnext year')).toBe(true);
  });

  it('checks the variables against the report: unknown names and wrong types are named', () => {
    expect(() => reportVariables(report('cost-share'), { year: '2014/15' })).toThrow(/The report cost-share has no variable year \(it has partnership: String!, financialYear: String!\)/);
    expect(reportVariables(report('cohort-snapshot'), { partnership: 'thurrock', date: '2012-09-30', suppressUnder: '5' })).toEqual({ partnership: 'thurrock', date: '2012-09-30', suppressUnder: 5 });
    expect(() => reportVariables(report('cohort-snapshot'), { suppressUnder: 'five' })).toThrow(/suppressUnder: "five" is not a whole number/);
  });
});

describe('the command line, as a real process', () => {
  const cli = (...args: string[]) => run('node', ['bin/iom-hub.js', ...args], { cwd: ROOT, timeout: 60_000 });

  it('exports a workbook and a CSV from the local database, refreshes the workbook, and says what it did', { timeout: 120_000 }, async () => {
    const database = t.databaseUrl;
    const xlsx = join(dir, 'cost-share.xlsx');
    const exported = await cli('export', 'cost-share', '--partnership', 'norfolk-suffolk', '--year', '2014/15', '--format', 'xlsx', '--out', xlsx, '--database', database);
    expect(exported.stdout).toMatch(/^Cost share: 2 rows from the local database in \d+ ms\.$/m);
    await expectTableMatchesHub(readFileSync(xlsx), report('cost-share'), { partnership: 'norfolk-suffolk', financialYear: '2014/15' });

    const refreshed = join(dir, 'cost-share-refreshed.xlsx');
    const result = await cli('refresh', xlsx, '--out', refreshed, '--database', database);
    expect(result.stdout).toMatch(/^refreshed {2}Cost share: 2 rows in \d+ ms$/m);
    expect(result.stderr).toContain(`Wrote ${refreshed}`);
    await expectTableMatchesHub(readFileSync(refreshed), report('cost-share'), { partnership: 'norfolk-suffolk', financialYear: '2014/15' });

    const csv = join(dir, 'snapshot.csv');
    await cli('export', 'cohort-snapshot', '--partnership', 'thurrock', '--var', 'date=2012-09-30', '--var', 'groupBy=GENDER', '--out', csv, '--database', database);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toMatch(/^Date,Period starts after,Total,Red,Amber,Green,In prison/);
  });

  it('makes a board pack with --as board: every count as a board token sees it, rounded to base 5', { timeout: 120_000 }, async () => {
    const said: string[] = [];
    const spies = [vi.spyOn(console, 'log'), vi.spyOn(console, 'error')].map((spy) => spy.mockImplementation((text: string) => void said.push(text)));
    // Columns under the schema's labels.
    const layout = reportLayout(hubSchema(), loadReportLibrary().find((r) => r.name === 'cohort-snapshot')!.query);
    const header = (path: string) => layout.columns.find((c) => c.path === path)!.header;
    const pick = (row: Record<string, unknown>) => ['total', 'red', 'amber', 'green', 'inPrison', 'added', 'removed', 'reoffended'].map((name) => Number(row[header(name)]));
    const csvRow = (file: string) => {
      const [header, first] = readFileSync(file, 'utf8').split('\r\n').map((line) => line.split(','));
      return Object.fromEntries(header.map((name, i) => [name, first[i]]));
    };
    try {
      const snapshot = ['cohort-snapshot', '--partnership', 'thurrock', '--var', 'date=2012-09-30', '--database', t.databaseUrl];
      const csv = join(dir, 'board-snapshot.csv');
      expect(await exportCommand.run([...snapshot, '--out', csv, '--as', 'board'])).toBe(0);
      expect(pick(csvRow(csv))).toEqual([50, 15, 15, 5, 15, 5, 0, 10]);

      // A workbook exported as the hub itself (51, as counted), refreshed for the board.
      const xlsx = join(dir, 'board-pack.xlsx');
      expect(await exportCommand.run([...snapshot, '--out', xlsx])).toBe(0);
      const total = async () => {
        const sheet = await readBack(readFileSync(xlsx));
        return sheet.getRow(3).getCell((sheet.getRow(2).values as unknown[]).indexOf(header('total'))).value;
      };
      expect(await total()).toBe(51);
      expect(await refreshCommand.run([xlsx, '--as', 'board', '--database', t.databaseUrl])).toBe(0);
      expect(said.join('\n')).toContain('data from the local database, as a board token sees it');
      expect(await total()).toBe(50);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(() => runnerFromOptions({ as: 'analyst' }, 'test')).toThrow('--as analyst: the command line reads the database as the hub itself, or with --as board as a board token sees it.');
    expect(() => runnerFromOptions({ as: 'board', url: 'https://hub.example.org', token: 'x' }, 'test')).toThrow('against a running hub the token decides what the file gets: give it a board token.');
  });

  it('explains itself: --help lists the reports; a missing variable or unknown report is named', { timeout: 120_000 }, async () => {
    expect(exportCommand.help).toContain('cost-share, establishment');
    expect(refreshCommand.help).toContain('cron');
    const missing = await cli('export', 'cost-share', '--partnership', 'norfolk-suffolk', '--out', join(dir, 'x.xlsx'), '--database', t.databaseUrl).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Variable financialYear needs a value.');
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((text: string) => void errors.push(text));
    try {
      expect(await exportCommand.run(['no-such-report', '--out', join(dir, 'x.xlsx')])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toContain('There is no saved report or template "no-such-report"');
  });
});
