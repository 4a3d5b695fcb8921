import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindingsFromXml, upsertBinding } from '../addin/binding.js';
import { spreadsheetForm } from '../server/units/scalars.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { refreshWorkbookFile } from '../server/workbook/report-file.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { convert, libreOfficeAvailable, sheetAsCsv } from './support/libreoffice.js';
import { FIXTURE_QUERY, FIXTURE_SHEET, FIXTURE_TABLE, HEADER_ROW, templateWorkbook, type RiskRow } from './support/xlsx-fixture.js';

const VARS = { partnership: 'norfolk-suffolk', financialYear: '2015/16' };
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-refresh-'));
let t: TestHub;
let runner: QueryRunner;

beforeAll(async () => {
  t = await startTestHub();
  runner = await localRunner(t.orm, 'test: refresh');
});
afterAll(async () => {
  await runner.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const hubRisks = async (): Promise<(RiskRow & { id: string; version: number })[]> =>
  dataOf(await t.gql<{ fundingRisks: (RiskRow & { id: string; version: number })[] }>(FIXTURE_QUERY.replace('certainty }', 'certainty id version }'), VARS)).fundingRisks;

const partsOf = (bytes: Uint8Array) => unzipSync(bytes);
const text = (parts: Record<string, Uint8Array>, path: string) => strFromU8(parts[path]);
/** A cell's XML as written (`<c r="D5" …>…</c>`). */
const cellXml = (sheet: string, ref: string) => new RegExp(`<c r="${ref}"[^>]*?(?:/>|>.*?</c>)`).exec(sheet)?.[0];

async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

/** Checks a refreshed file against the hub's current answer and against the file it came from. */
async function expectRefreshed(input: Uint8Array, output: Uint8Array, previousRows: number) {
  const risks = await hubRisks();
  const n = risks.length;
  const last = HEADER_ROW + n;
  const before = partsOf(input);
  const after = partsOf(output);

  // Untouched parts are byte for byte what they were.
  for (const path of ['xl/drawings/drawing1.xml', 'xl/drawings/_rels/drawing1.xml.rels', 'xl/worksheets/_rels/sheet1.xml.rels', 'xl/sharedStrings.xml', 'customXml/itemProps1.xml', '_rels/.rels'])
    expect(Buffer.from(after[path]).equals(Buffer.from(before[path])), path).toBe(true);
  // The other sheet's formula over the table is kept, its saved (now stale) result dropped, so any program calculates it afresh.
  expect(cellXml(text(after, 'xl/worksheets/sheet2.xml'), 'B2')).toMatch(/^<c r="B2"[^>]*><f>SUM\(IOM_[A-Za-z_]+\[exposure\]\)<\/f><\/c>$/);

  // The chart survives and its series follow the table's new rows; its caches hold the new values.
  const chart = text(after, 'xl/charts/chart1.xml');
  expect(chart).toContain(`<c:f>'${FIXTURE_SHEET}'!$B$${HEADER_ROW}</c:f>`);
  expect(chart).toContain(`<c:f>'${FIXTURE_SHEET}'!$A$${HEADER_ROW + 1}:$A$${last}</c:f>`);
  expect(chart).toContain(`<c:f>'${FIXTURE_SHEET}'!$B$${HEADER_ROW + 1}:$B$${last}</c:f>`);
  expect(chart).toContain('<c:title>');
  expect(chart.match(/<c:ptCount val="(\d+)"\/>/g)).toEqual(['<c:ptCount val="1"/>', `<c:ptCount val="${n}"/>`, `<c:ptCount val="${n}"/>`]);
  const cachedExposure = [...chart.split('<c:numCache>')[1].matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v>/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(cachedExposure).toEqual(risks.flatMap((r, i) => (r.exposure === null ? [] : [[i, r.exposure]])));

  // The table part, the named range over its column, the calculation settings.
  const table = text(after, 'xl/tables/table1.xml');
  expect(table).toContain(`ref="A${HEADER_ROW}:C${last}"`);
  expect(table).toContain(`<autoFilter ref="A${HEADER_ROW}:C${last}"/>`);
  const workbookXml = text(after, 'xl/workbook.xml');
  expect(workbookXml).toContain(`<definedName name="RiskTitles">'${FIXTURE_SHEET}'!$A$${HEADER_ROW + 1}:$A$${last}</definedName>`);
  expect(workbookXml).toContain(`<definedName name="Year">'${FIXTURE_SHEET}'!$B$5</definedName>`);
  expect(workbookXml).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
  expect(after['xl/calcChain.xml']).toBeUndefined();
  expect(text(after, 'xl/_rels/workbook.xml.rels')).not.toContain('calcChain');
  expect(text(after, '[Content_Types].xml')).not.toContain('calcChain');

  // Formulas outside the table and the note below it are as they were; a formula's saved result is dropped.
  const sheetBefore = text(before, 'xl/worksheets/sheet1.xml');
  const sheetAfter = text(after, 'xl/worksheets/sheet1.xml');
  const withoutResult = (xml: string | undefined) => xml?.replace(/(<\/f>)<v>[^<]*<\/v>/, '$1').replace(/ t="(str|n)"/, '');
  for (const ref of ['A1', 'B4', 'D4', 'B5', 'D5', 'A40']) expect(cellXml(sheetAfter, ref), ref).toBe(withoutResult(cellXml(sheetBefore, ref)));
  expect(cellXml(sheetAfter, 'D4')).not.toContain('<v>');
  expect(sheetAfter).toContain('<drawing r:id="rId2"/>');
  expect(sheetAfter).toContain('<dimension ref="A1:D40"/>'); // the cells it covers

  // The binding records the refresh.
  const store = bindingsFromXml(text(after, 'customXml/item1.xml'));
  expect(store.bindings[0].lastRefresh).toMatchObject({ rows: n });
  expect(store.bindings[0].target.address).toBe(`A7:C${last}`);

  // An independent reader (exceljs) sees the hub's answer in the table, formatted, and nothing left of the old rows.
  const workbook = await readBack(output);
  const sheet = workbook.getWorksheet(FIXTURE_SHEET)!;
  expect(String(sheet.getCell('A7').value)).toMatch(/^Funding risks — Norfolk & Suffolk 180 Joint IOM, financial year 2015\/16 — data as at \d+ \w{3} \d{4} \d\d:\d\d [A-Z]+$/);
  expect(String(sheet.getCell('A7').value)).not.toContain('1 Nov 2026 09:00');
  expect([1, 2, 3].map((c) => sheet.getRow(HEADER_ROW).getCell(c).value)).toEqual(['title', 'exposure', 'certainty']);
  risks.forEach((risk, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([risk.title, risk.exposure, risk.certainty]);
    expect(row.getCell(2).numFmt).toBe(spreadsheetForm('Money').numberFormat);
  });
  for (let r = last + 1; r <= HEADER_ROW + previousRows; r++) for (const c of [1, 2, 3]) expect(sheet.getRow(r).getCell(c).value, `row ${r}`).toBeNull();
  expect((sheet.getCell('D5').value as { formula: string }).formula).toBe('"Risks in "&Year');
  expect((sheet.getCell('D4').value as { formula: string }).formula).toBe(`COUNTA(${FIXTURE_TABLE}[title])`);
  expect(sheet.getCell('A40').value).toBe('Prepared by the board secretary');
  const notes = workbook.getWorksheet('Notes')!;
  expect(notes.getCell('A1').value).toBe('Board notes');
  expect((notes.getCell('B2').value as { formula: string }).formula).toBe(`SUM(${FIXTURE_TABLE}[exposure])`);
  return risks;
}

describe('refresh of a workbook the add-in made from its funding-risk register template', () => {
  let grown: Uint8Array;

  it('grows the bound table when the hub has more rows, keeping the chart, its drawing and everything else', async () => {
    const start = await hubRisks();
    const input = templateWorkbook({ rows: start });
    for (const title of ['Home Office grant ends', 'Council reserve drawdown', 'PCC commissioning review'])
      dataOf(await t.gql('mutation($r: FundingRiskInput!) { addFundingRisk(partnership: "norfolk-suffolk", financialYear: "2015/16", risk: $r) { id } }', { r: { title, exposure: 12_345.67, certainty: 'UNCERTAIN' } }));

    const { statuses, bytes } = await refreshWorkbookFile(input, runner.client);
    expect(statuses).toEqual([expect.objectContaining({ id: 'funding-risk-register:risks', state: 'done', rows: start.length + 3 })]);
    const risks = await expectRefreshed(input, bytes!, start.length);
    expect(risks).toHaveLength(start.length + 3);
    grown = bytes!;
    writeFileSync(join(dir, 'grown.xlsx'), grown);
  });

  it('shrinks it again when rows go, clearing the rows it left', async () => {
    const risks = await hubRisks();
    for (const risk of risks.slice(0, 4)) dataOf(await t.gql('mutation($id: ID!, $v: Int!) { removeFundingRisk(id: $id, expectedVersion: $v) }', { id: risk.id, v: risk.version }));
    const { bytes } = await refreshWorkbookFile(grown, runner.client);
    const left = await expectRefreshed(grown, bytes!, risks.length);
    expect(left).toHaveLength(risks.length - 4);
    writeFileSync(join(dir, 'shrunk.xlsx'), bytes!);
  });

  it('refreshes a variable bound to a named cell from that cell', async () => {
    const input = templateWorkbook({ rows: [], year: '2014/15' });
    const { bytes } = await refreshWorkbookFile(input, runner.client);
    const expected = dataOf(await t.gql<{ fundingRisks: RiskRow[] }>(FIXTURE_QUERY, { ...VARS, financialYear: '2014/15' })).fundingRisks;
    const sheet = (await readBack(bytes!)).getWorksheet(FIXTURE_SHEET)!;
    expect(String(sheet.getCell('A7').value)).toContain('Norfolk & Suffolk 180 Joint IOM, financial year 2014/15');
    expect(sheet.getRow(HEADER_ROW + 1).getCell(1).value).toBe(expected[0]?.title ?? null);
  });

  it('gives a section that has no table yet (the hub could not answer when the template was built) its table', async () => {
    const input = templateWorkbook({
      rows: await hubRisks(),
      editStore: (store) =>
        upsertBinding(store, {
          id: 'funding-risk-register:position',
          title: 'Funding position',
          source: { kind: 'query', query: 'query P($partnership: String!, $financialYear: String!) { fundingPosition(partnership: $partnership, financialYear: $financialYear) { plannedCost gap } }' },
          variables: { partnership: { cell: 'Partnership' }, financialYear: { value: '2014/15' } },
          layout: 'rows',
          target: { sheet: 'Notes', anchor: 'D1', table: 'IOM_Funding_position' },
          lastRefresh: { at: '', rows: 0, ms: 0, error: 'Cannot reach the hub' },
        }),
    });
    const { bytes, statuses } = await refreshWorkbookFile(input, runner.client);
    expect(statuses.map((s) => s.state)).toEqual(['done', 'done']);
    const after = partsOf(bytes!);
    expect(text(after, 'xl/tables/table2.xml')).toMatch(/id="2" name="IOM_Funding_position" displayName="IOM_Funding_position" ref="D2:E3"/);
    expect(text(after, 'xl/worksheets/_rels/sheet2.xml.rels')).toContain('Target="../tables/table2.xml"');
    expect(text(after, 'xl/worksheets/sheet2.xml')).toMatch(/<tableParts count="1"><tablePart r:id="rId1"\/><\/tableParts><\/worksheet>$/);
    expect(text(after, '[Content_Types].xml')).toContain('<Override PartName="/xl/tables/table2.xml"');
    const position = dataOf(await t.gql<{ fundingPosition: { plannedCost: number; gap: number } }>('{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2014/15") { plannedCost gap } }')).fundingPosition;
    const notes = (await readBack(bytes!)).getWorksheet('Notes')!;
    expect([notes.getCell('D3').value, notes.getCell('E3').value]).toEqual([position.plannedCost, position.gap]);
    expect(notes.getCell('A1').value).toBe('Board notes');
    expect(bindingsFromXml(text(after, 'customXml/item1.xml')).bindings[1].lastRefresh?.error).toBeUndefined();
  });

  it('opens in LibreOffice: the refreshed workbook converts to PDF, and its cells read back as the hub answers', { timeout: 120_000 }, async (ctx) => {
    if (!libreOfficeAvailable()) return ctx.skip();
    const file = join(dir, 'shrunk.xlsx');
    const pdf = await convert(file, 'pdf');
    expect(pdf).toMatch(/shrunk\.pdf$/);
    const rows = await sheetAsCsv(file);
    const risks = await hubRisks();
    expect(rows[HEADER_ROW - 1].slice(0, 3)).toEqual(['title', 'exposure', 'certainty']);
    // LibreOffice read the chart over the table's new rows: saved again by LibreOffice, it still has it.
    const resaved = partsOf(readFileSync(await convert(file, 'xlsx:Calc MS Excel 2007 XML')));
    const charts = Object.keys(resaved).filter((path) => /^xl\/charts\/chart\d+\.xml$/.test(path));
    expect(charts).toHaveLength(1);
    expect(text(resaved, charts[0])).toContain(`$A$${HEADER_ROW + 1}:$A$${HEADER_ROW + risks.length}`);
    expect(rows.slice(HEADER_ROW, HEADER_ROW + risks.length).map((r) => [r[0], r[1] === '' ? null : Number(r[1]), r[2]])).toEqual(risks.map((r) => [r.title, r.exposure, r.certainty]));
  });
});

describe('refresh of a table the user has made their own', () => {
  const CALCULATED = { name: 'exposure in £k', formula: `${FIXTURE_TABLE}[[#This Row],[exposure]]/1000` };

  it('keeps the user’s column order, number format and calculated column, which fills the rows the table grew by', async () => {
    const risks = await hubRisks();
    const start = risks.slice(0, 2);
    const input = templateWorkbook({ rows: start, exposureFirst: true, calculated: CALCULATED, wholePounds: true });
    const { statuses, bytes } = await refreshWorkbookFile(input, runner.client);
    expect(statuses[0]).toMatchObject({ state: 'done', rows: risks.length });
    const last = HEADER_ROW + risks.length;
    const after = partsOf(bytes!);
    const tablePart = text(after, 'xl/tables/table1.xml');
    expect(tablePart).toContain(`ref="A${HEADER_ROW}:D${last}"`);
    expect(tablePart).toContain(`<tableColumn id="2" name="exposure"/><tableColumn id="1" name="title"/><tableColumn id="3" name="certainty"/><tableColumn id="4" name="exposure in £k">`);
    const sheet = (await readBack(bytes!)).getWorksheet(FIXTURE_SHEET)!;
    expect([1, 2, 3, 4].map((c) => sheet.getRow(HEADER_ROW).getCell(c).value)).toEqual(['exposure', 'title', 'certainty', CALCULATED.name]);
    risks.forEach((risk, i) => {
      const row = sheet.getRow(HEADER_ROW + 1 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value], `row ${HEADER_ROW + 1 + i}`).toEqual([risk.exposure, risk.title, risk.certainty]);
      expect(row.getCell(1).numFmt, `row ${HEADER_ROW + 1 + i}`).toBe('#,##0');
      expect((row.getCell(4).value as { formula: string }).formula, `row ${HEADER_ROW + 1 + i}`).toBe(CALCULATED.formula);
    });
  });

  it('moves what is below a grown table down, and the drawing and references that point there', async () => {
    const start = (await hubRisks()).slice(0, 2);
    const grownBy = (await hubRisks()).length - start.length;
    const input = templateWorkbook({ rows: start, noteRow: 12 });
    const { statuses, bytes } = await refreshWorkbookFile(input, runner.client);
    expect(statuses[0].state).toBe('done');
    const after = partsOf(bytes!);
    // One row was free under the table: the note moves down by the growth, keeping that gap.
    const noteRow = 12 + grownBy;
    const sheet = (await readBack(bytes!)).getWorksheet(FIXTURE_SHEET)!;
    expect(sheet.getCell(`A${noteRow}`).value).toBe('Prepared by the board secretary');
    expect(sheet.getRow(noteRow - 1).getCell(1).value).toBeNull();
    expect(text(after, 'xl/tables/table1.xml')).toContain(`ref="A${HEADER_ROW}:C${HEADER_ROW + 2 + grownBy}"`);
    // The chart's drawing spanned the inserted rows: it grows with them, as in Excel.
    const drawing = text(after, 'xl/drawings/drawing1.xml');
    expect(drawing).toContain('<xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row>');
    expect(drawing).toContain(`<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${22 + grownBy}</xdr:row>`);
    expect(text(after, 'xl/worksheets/sheet1.xml')).toContain(`<dimension ref="A1:D${noteRow}"/>`);
  });
});
