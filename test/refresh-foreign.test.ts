import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyStore, upsertBinding } from '../addin/binding.js';
import { spreadsheetForm } from '../server/units/scalars.js';
import { localRunner, type QueryRunner } from '../server/workbook/query-runner.js';
import { refreshWorkbookFile } from '../server/workbook/report-file.js';
import { XlsxPackage } from '../server/workbook/xlsx-package.js';
import { XlsxWorkbook } from '../server/workbook/xlsx-workbook.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
let runner: QueryRunner;
beforeAll(async () => {
  t = await startTestHub();
  runner = await localRunner(t.orm, 'test: foreign workbook');
});
afterAll(async () => {
  await runner.close();
  await t.close();
});

const QUERY = 'query S($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { shares { agency percent contribution } } }';

describe('refresh of a workbook another program saved', () => {
  it('reads its shared strings, named cell and table, and rewrites the table leaving its other cells and sheets alone', async () => {
    // Written by exceljs: shared strings, its own styles and table XML, a defined name, a formula.
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet('Plan');
    sheet.getCell('A1').value = 'Year';
    sheet.getCell('B1').value = '2014/15';
    source.definedNames.add("'Plan'!$B$1", 'PlanYear');
    sheet.getCell('D1').value = { formula: 'LEN(PlanYear)', result: 7 };
    sheet.getCell('A3').value = 'Shares (old)';
    sheet.addTable({ name: 'IOM_Shares', ref: 'A4', headerRow: true, columns: [{ name: 'shares.agency' }, { name: 'shares.percent' }, { name: 'shares.contribution' }], rows: [['Old agency', 100, 1]] });
    // The user chose a format for the share column; the others are General.
    sheet.getCell('B5').numFmt = '0.0';
    source.addWorksheet('Other').getCell('A1').value = 'kept';
    const written = new XlsxWorkbook(XlsxPackage.read(new Uint8Array(await source.xlsx.writeBuffer())));
    await written.saveBindings(
      upsertBinding(emptyStore(), {
        id: 'shares', title: 'Shares', source: { kind: 'query', query: QUERY }, layout: 'rows',
        variables: { partnership: { value: 'norfolk-suffolk' }, financialYear: { cell: 'PlanYear' } },
        target: { sheet: 'Plan', anchor: 'A3', table: 'IOM_Shares', address: 'A3:C5' },
      }),
    );

    const { bytes, statuses } = await refreshWorkbookFile(written.toBytes(), runner.client);
    expect(statuses[0]).toMatchObject({ state: 'done', rows: 2 });
    const shares = dataOf(await t.gql<{ costShare: { shares: { agency: string; percent: number; contribution: number }[] } }>(QUERY, { partnership: 'norfolk-suffolk', financialYear: '2014/15' })).costShare.shares;

    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(bytes!) as unknown as ArrayBuffer);
    const plan = back.getWorksheet('Plan')!;
    expect(String(plan.getCell('A3').value)).toMatch(/^Shares — Norfolk & Suffolk 180 Joint IOM, financial year 2014\/15 — data as at .* — Cost share v\d+: How a partnership shares .*$/);
    expect([5, 6].map((r) => [1, 2, 3].map((c) => plan.getRow(r).getCell(c).value))).toEqual(shares.map((s) => [s.agency, s.percent, s.contribution]));
    // As in Excel, a refresh writes values only: a format the user chose stays, rows added take its first row's; a column left in
    // the General format (no format chosen, as this program wrote it) gets the field's format from the schema.
    expect([plan.getCell('B5').numFmt, plan.getCell('B6').numFmt]).toEqual(['0.0', '0.0']);
    expect([plan.getCell('C5').numFmt, plan.getCell('C6').numFmt]).toEqual([spreadsheetForm('Money').numberFormat, spreadsheetForm('Money').numberFormat]);
    expect((plan.getCell('D1').value as { formula: string }).formula).toBe('LEN(PlanYear)');
    expect(plan.getCell('B1').value).toBe('2014/15');
    expect(back.getWorksheet('Other')!.getCell('A1').value).toBe('kept');
    expect((plan as unknown as { getTable(name: string): { table: { tableRef: string } } }).getTable('IOM_Shares').table.tableRef).toBe('A4:C6');
  });
});
