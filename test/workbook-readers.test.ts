/**
 * Golden workbooks, read by other people's readers: every saved report and every template exported
 * as .xlsx and read back with openpyxl (Debian's python3-openpyxl) and LibreOffice. Headers and
 * number formats are the schema's; sheets print one page wide with "Data as at" in the page header;
 * a file post-processed by openpyxl or re-saved by LibreOffice still refreshes; a formula over a
 * refreshed table shows its new value in LibreOffice with default settings.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Binding } from '../addin/binding.js';
import { loadReportLibrary } from '../server/reports/report-library.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { exportCsv, exportTemplate, exportWorkbook, refreshWorkbookFile, TEMPLATES, VARIABLES_SHEET } from '../server/workbook/report-file.js';
import { BINDINGS_SHEET } from '../server/workbook/xlsx-workbook.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { convert, libreOfficeAvailable, sheetAsCsv } from './support/libreoffice.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const READER = new URL('./support/openpyxl-read.py', import.meta.url).pathname;
const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-readers-'));
let t: TestHub;
let runner: QueryRunner;

interface ReadTable {
  name: string;
  ref: string;
  headers: string[];
  tableColumns: string[];
  formats: string[];
  firstRow: unknown[];
  rows: number;
}
interface ReadSheet {
  title: string;
  state: string;
  A1: string | null;
  orientation: string | null;
  fitToPage: boolean;
  fitToWidth: number | null;
  fitToHeight: number | null;
  printTitleRows: string | null;
  /** openpyxl gives it as `'Sheet'!$A$1:$H$40`. */
  printArea: string | null;
  oddHeader: { left: string | null; right: string | null };
  oddFooter: { left: string | null; right: string | null };
  tables: ReadTable[];
}

/** What openpyxl reads from each file (one Python process for all of them). */
async function openpyxlRead(files: string[]): Promise<Record<string, { sheets: ReadSheet[] }>> {
  const { stdout } = await run(PYTHON, [READER, 'read', ...files], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return JSON.parse(stdout);
}

const openpyxlResave = (from: string, to: string, ...formulas: string[]) => run(PYTHON, [READER, 'resave', from, to, ...formulas], { timeout: 120_000 });

beforeAll(async () => {
  t = await startTestHub();
  runner = await localRunner(t.orm, 'test: readers');
});
afterAll(async () => {
  await runner.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const TEMPLATE_VALUES: Record<string, Record<string, string>> = {
  'cost-share-plan': { partnership: 'norfolk-suffolk', financialYear: '2014/15' },
  'establishment-budget': { partnership: 'norfolk-suffolk', financialYear: '2014/15' },
  'funding-risk-register': { partnership: 'norfolk-suffolk', financialYear: '2015/16' },
  'performance-pack': { partnership: 'norfolk-suffolk', date: '2014-08-31', from: '2013-09', to: '2014-08', area: 'Suffolk', method: 'MOST_RELEVANT_OFFENCE' },
  'medium-term-plan-sheet': { partnership: 'norfolk-suffolk', financialYear: '2014/15', years: '4', payAwardPercent: '1', incrementsPercent: '1.5', nonPayInflationPercent: '2' },
};

/** Each bound table as openpyxl reads it against the schema's layout of its query: headers, and formats where there is a row. */
function expectTablesAsTheSchemaSays(sheets: ReadSheet[], bindings: Binding[], file: string) {
  for (const binding of bindings) {
    if (binding.lastRefresh?.error) continue;
    const layout = reportLayout(hubSchema(), binding.source.query);
    const table = sheets.flatMap((s) => s.tables).find((x) => x.name === binding.target.table);
    expect(table, `${file}: table ${binding.target.table}`).toBeDefined();
    expect(table!.headers, `${file}: ${binding.title}`).toEqual(layout.columns.map((c) => c.header));
    expect(table!.tableColumns).toEqual(table!.headers);
    // The first body row carries each column's format, also when the answer is empty.
    expect(table!.formats, `${file}: ${binding.title}`).toEqual(layout.columns.map((c) => c.numberFormat));
  }
}

/** `A` → 1, `AB` → 28. */
const columnNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** Every sheet the hub wrote prints one page wide, landscape when wide, with "Data as at" in its page header. */
function expectPrintSetUp(sheets: ReadSheet[], file: string) {
  for (const sheet of sheets.filter((s) => s.state === 'visible')) {
    const where = `${file}: ${sheet.title}`;
    expect(sheet.fitToPage, where).toBe(true);
    expect([sheet.fitToWidth, sheet.fitToHeight], where).toEqual([1, 0]);
    expect(sheet.oddHeader.left, where).toBe('&A');
    // An export's variables: no data of the hub's on the sheet, so no "Data as at".
    if (sheet.title === VARIABLES_SHEET && !sheet.tables.length) continue;
    expect(sheet.oddHeader.right, where).toMatch(/^Data as at \d+ \w{3} \d{4} \d\d:\d\d [A-Z]+$/);
    expect(sheet.oddFooter.right, where).toBe('Page &P of &N');
    // The print area ends at the last column the tables (and charts) use: a caption's long text does not widen the page.
    const lastColumn = Math.max(...sheet.tables.map((x) => columnNumber(/:([A-Z]+)\d+$/.exec(x.ref)![1])));
    expect(columnNumber(/:\$([A-Z]+)\$\d+$/.exec(sheet.printArea ?? '')?.[1] ?? 'A'), where).toBeGreaterThanOrEqual(lastColumn);
    expect(columnNumber(/:\$([A-Z]+)\$\d+$/.exec(sheet.printArea ?? '')?.[1] ?? 'A'), where).toBeLessThanOrEqual(lastColumn + 10);
    const widest = Math.max(...sheet.tables.map((x) => x.headers.length));
    expect(sheet.orientation, where).toBe(widest > 5 ? 'landscape' : 'portrait');
    if (sheet.tables.length === 1) {
      const headerRow = /\d+/.exec(sheet.tables[0].ref)![0];
      expect(sheet.printTitleRows, where).toBe(`$${headerRow}:$${headerRow}`);
    }
  }
  expect(sheets.find((s) => s.title === BINDINGS_SHEET)?.state, file).toBe('veryHidden');
}

describe('exported workbooks, read by openpyxl', () => {
  it('every saved report: headers and number formats from the schema, captions in words, set up to print', { timeout: 300_000 }, async () => {
    const files: { file: string; binding: Binding; title: string }[] = [];
    for (const report of loadReportLibrary()) {
      const { bytes, binding } = await exportWorkbook({ client: runner.client, report, variables: JSON.parse(report.variables) });
      const file = join(dir, `${report.name}.xlsx`);
      writeFileSync(file, bytes);
      files.push({ file, binding, title: report.title });
    }
    const read = await openpyxlRead(files.map((f) => f.file));
    for (const { file, binding, title } of files) {
      const { sheets } = read[file];
      expectTablesAsTheSchemaSays(sheets, [binding], file);
      expectPrintSetUp(sheets, file);
      const caption = sheets[0].A1!;
      expect(caption, file).toMatch(new RegExp(`^${title.replace(/[()]/g, '\\$&')} — .*data as at \\d+ \\w{3} \\d{4} \\d\\d:\\d\\d [A-Z]+`));
      // Partnerships by name, never by code.
      expect(caption, file).not.toMatch(/norfolk-suffolk|west-midlands|thurrock/);
    }
    const rate = read[files.find((f) => f.binding.source.kind === 'report' && f.binding.source.report === 'priority-crime-rate')!.file].sheets[0];
    // For a measure, its definition and version: the definition names its version here.
    expect(rate.A1).toMatch(/ — Pre-IOM vs live-IOM priority crime rate \(priority crime rate v1\), 12-month rolling\. .*rates\)\.?/);
    expect(rate.tables[0].headers).toContain('Source');
    const snapshot = read[files.find((f) => f.binding.source.kind === 'report' && f.binding.source.report === 'cohort-snapshot')!.file].sheets[0];
    expect(snapshot.A1).toMatch(/^Cohort snapshot — Thurrock IOM, date \d+ \w{3} \d{4}.* — data as at \d+ \w{3} \d{4} \d\d:\d\d [A-Z]+ — Cohort snapshot v1\. Members: /);
  });

  it('an analyst\'s own query that leaves out `source`: published and computed rows still say which they are', { timeout: 120_000 }, async () => {
    const query = 'query MyRate($partnership: String!, $from: String!, $to: String!, $area: String, $method: PriorityRateMethod) { priorityCrimeRate(partnership: $partnership, from: $from, to: $to, area: $area, method: $method) { month percentChange } }';
    const report = { name: 'my-rate', title: 'My rate', description: 'Mine', query, variables: '{}' } as (typeof loadReportLibrary extends () => (infer R)[] ? R : never);
    const variables = { partnership: 'norfolk-suffolk', from: '2013-09', to: '2014-08', area: 'Suffolk', method: 'MOST_RELEVANT_OFFENCE' };
    const { bytes, binding } = await exportWorkbook({ client: runner.client, report, variables });
    const file = join(dir, 'my-rate.xlsx');
    writeFileSync(file, bytes);
    const [sheet] = (await openpyxlRead([file]))[file].sheets;
    expect(sheet.tables[0].headers).toEqual(['Month', 'Change (%)', 'Source']);
    expect(sheet.tables[0].formats).toEqual(['mmm yyyy', '0.00"%"', '@']);
    expect(binding.columns!.map((c) => c.path)).toEqual(['month', 'percentChange', 'source']);
    const csv = await exportCsv({ client: runner.client, report, variables });
    const sources = csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[2]);
    expect(new Set(sources)).toEqual(new Set(['published', 'computed']));
  });

  it('every template: each section\'s table, and the sheet set up to print', { timeout: 300_000 }, async () => {
    const files: { file: string; bindings: Binding[] }[] = [];
    for (const template of TEMPLATES) {
      const { bytes, store } = await exportTemplate({ client: runner.client, template, values: TEMPLATE_VALUES[template.id] });
      expect(store.bindings.map((b) => b.lastRefresh?.error ?? null), template.id).toEqual(template.sections.map(() => null));
      const file = join(dir, `${template.id}.xlsx`);
      writeFileSync(file, bytes);
      files.push({ file, bindings: store.bindings });
    }
    const read = await openpyxlRead(files.map((f) => f.file));
    for (const { file, bindings } of files) {
      expectTablesAsTheSchemaSays(read[file].sheets, bindings, file);
      expectPrintSetUp(read[file].sheets, file);
    }
    // The performance pack tells published from computed: a source column in each rate table.
    const pack = read[files.find((f) => f.file.endsWith('performance-pack.xlsx'))!.file].sheets[0];
    const rates = pack.tables.filter((x) => x.headers[1] === 'Source');
    expect(rates.map((x) => x.firstRow[1])).toEqual(['published', 'computed']);
  });

  it('a null object and an empty answer keep the header and the formats', { timeout: 120_000 }, async () => {
    const report = loadReportLibrary().find((r) => r.name === 'cost-share')!;
    const planned = await exportWorkbook({ client: runner.client, report, variables: { partnership: 'norfolk-suffolk', financialYear: '2014/15' } });
    // No plan for 2016/17: costShare is null.
    expect(dataOf(await t.gql(report.query, { partnership: 'norfolk-suffolk', financialYear: '2016/17' }))).toEqual({ costShare: null });
    const none = await exportWorkbook({ client: runner.client, report, variables: { partnership: 'norfolk-suffolk', financialYear: '2016/17' } });
    const risks = loadReportLibrary().find((r) => r.name === 'funding-risks')!;
    const empty = await exportWorkbook({ client: runner.client, report: risks, variables: { partnership: 'norfolk-suffolk', financialYear: '2016/17' } });
    const files = [planned, none, empty].map(({ bytes }, i) => {
      const file = join(dir, `empty-${i}.xlsx`);
      writeFileSync(file, bytes);
      return file;
    });
    const read = await openpyxlRead(files);
    const [a, b, c] = files.map((file) => read[file].sheets[0]);
    expect(b.tables[0].headers).toEqual(a.tables[0].headers);
    expect(b.tables[0].formats).toEqual(a.tables[0].formats);
    expect(b.tables[0].rows).toBe(1);
    expect(b.A1).toMatch(/ — no rows for these variables( — |$)/);
    expect(c.tables[0].headers).toEqual(reportLayout(hubSchema(), risks.query).columns.map((x) => x.header));
    expect(c.A1).toMatch(/ — no rows for these variables( — |$)/);
  });
});

describe('files that other programs saved, and formulas over refreshed tables', () => {
  it('openpyxl load → save, then LibreOffice re-save: refresh still refreshes, and LibreOffice shows a SUM over the table at its new value', { timeout: 600_000 }, async (ctx) => {
    if (!libreOfficeAvailable()) return ctx.skip();
    const report = loadReportLibrary().find((r) => r.name === 'funding-risks')!;
    const VARS = { partnership: 'norfolk-suffolk', financialYear: '2015/16' };
    const exposures = async () => dataOf(await t.gql<{ fundingRisks: { exposure: number | null }[] }>('query($partnership: String!, $financialYear: String!) { fundingRisks(partnership: $partnership, financialYear: $financialYear) { exposure } }', VARS)).fundingRisks;
    const { bytes, binding } = await exportWorkbook({ client: runner.client, report, variables: VARS });
    const exported = join(dir, 'risks.xlsx');
    writeFileSync(exported, bytes);
    const exposureColumn = String.fromCharCode(65 + reportLayout(hubSchema(), report.query).columns.findIndex((c) => c.path === 'exposure'));

    // LibreOffice alone re-saves the file as the hub wrote it: it still refreshes.
    const byLibreOffice = await convert(exported, 'xlsx:Calc MS Excel 2007 XML');
    const openedByLibreOffice = await refreshWorkbookFile(readFileSync(byLibreOffice), runner.client);
    expect(openedByLibreOffice.statuses).toEqual([expect.objectContaining({ id: binding.id, state: 'done' })]);
    const kept = await openpyxlRead([byLibreOffice]);
    expect(kept[byLibreOffice].sheets.find((s) => s.title === BINDINGS_SHEET)?.state).toMatch(/hidden/i);

    // A Python step adds a total and a count beside the table (far enough right not to be in the way).
    const post = join(dir, 'risks-openpyxl.xlsx');
    await openpyxlResave(exported, post, `L1=SUM(${exposureColumn}3:${exposureColumn}200)`, `M1=COUNT(${exposureColumn}3:${exposureColumn}200)`);
    const postParts = unzipSync(readFileSync(post));
    expect(Object.keys(postParts).some((p) => p.startsWith('customXml/')), 'openpyxl drops custom XML parts').toBe(false);
    const afterOpenpyxl = await refreshWorkbookFile(readFileSync(post), runner.client);
    expect(afterOpenpyxl.statuses).toEqual([expect.objectContaining({ id: binding.id, state: 'done' })]);

    // LibreOffice saves it again, with the formulas' results as they were then.
    const resaved = await convert(post, 'xlsx:Calc MS Excel 2007 XML');
    const before = await exposures();
    expect((await sheetAsCsv(resaved))[0].slice(11, 13)).toEqual([String(before.reduce((s, r) => s + (r.exposure ?? 0), 0)), String(before.filter((r) => r.exposure !== null).length)]);

    // The hub changes; the re-saved file refreshes; LibreOffice, default settings, shows the new total.
    dataOf(await t.gql('mutation($r: FundingRiskInput!) { addFundingRisk(partnership: "norfolk-suffolk", financialYear: "2015/16", risk: $r) { id } }', { r: { title: 'Council reserve drawdown', certainty: 'EXPECTED', exposure: 4321.25 } }));
    const after = await exposures();
    const refreshed = await refreshWorkbookFile(readFileSync(resaved), runner.client);
    expect(refreshed.statuses).toEqual([expect.objectContaining({ id: binding.id, state: 'done', rows: after.length })]);
    const final = join(dir, 'risks-final.xlsx');
    writeFileSync(final, refreshed.bytes!);
    const shown = await sheetAsCsv(final);
    const total = after.reduce((s, r) => s + (r.exposure ?? 0), 0);
    expect(total).not.toBe(before.reduce((s, r) => s + (r.exposure ?? 0), 0));
    expect(Number(shown[0][11])).toBeCloseTo(total, 2);
    expect(Number(shown[0][12])).toBe(after.filter((r) => r.exposure !== null).length);
    // The table holds the new rows and its header, as LibreOffice reads it.
    expect(shown[1].slice(0, 2)).toEqual(reportLayout(hubSchema(), report.query).columns.slice(0, 2).map((c) => c.header));
    expect(shown.slice(2).map((row) => row[0])).toContain('Council reserve drawdown');
  });

  it('pictures for a person: the cost-share plan and the performance pack through LibreOffice (test/artifacts/)', { timeout: 300_000 }, async (ctx) => {
    if (!libreOfficeAvailable()) return ctx.skip();
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const id of ['cost-share-plan', 'performance-pack']) {
      const template = TEMPLATES.find((x) => x.id === id)!;
      const { bytes } = await exportTemplate({ client: runner.client, template, values: TEMPLATE_VALUES[id] });
      const file = join(dir, `${id}.xlsx`);
      writeFileSync(file, bytes);
      copyFileSync(file, join(ARTIFACTS, `${id}.xlsx`));
      const pdf = await convert(file, 'pdf');
      copyFileSync(pdf, join(ARTIFACTS, `${id}.pdf`));
      // LibreOffice's Calc has no PNG export of a whole page: the PDF's first page as a picture (poppler-utils).
      await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, join(ARTIFACTS, id)], { timeout: 120_000 });
      expect(readFileSync(join(ARTIFACTS, `${id}.png`)).subarray(1, 4).toString()).toBe('PNG');
      // One page wide: the PDF has as many pages as the sheet is tall, never a page of stray columns.
      const pages = (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages, id).toBeLessThanOrEqual(2);
    }
  });
});
