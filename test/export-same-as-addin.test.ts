import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { excelWorkbook } from '../addin/excel-workbook.js';
import { clientOf } from '../addin/hub-client.js';
import { runBinding } from '../addin/refresh.js';
import type { Binding } from '../addin/binding.js';
import { blankWorkbook } from '../server/workbook/blank-workbook.js';
import { XlsxWorkbook } from '../server/workbook/xlsx-workbook.js';
import { reportLayout } from '../server/reports/report-layout.js';
import { hubSchema } from '../server/schema.js';
import { FakeWorkbook } from './support/fake-excel.js';

/** An answer with every kind of column: money, percent, a date-time, text that looks like a formula, nulls, booleans, a nested list. */
const answer = {
  costShare: {
    total: 1023944,
    frozen: true,
    agreedAt: '2014-04-01T09:00:00.000Z',
    note: null,
    shares: [
      { agency: '=HYPERLINK("http://x","y")', percent: 56.5, contribution: 578528.36, agencyCode: '-5 on last year' },
      { agency: 'Suffolk Constabulary', percent: 43.5, contribution: 445415.64, agencyCode: 'suffolk-constabulary' },
    ],
  },
};
const QUERY = 'query Q($partnership: String!) { costShare(partnership: $partnership, financialYear: "2014/15") { total frozen agreedAt note shares { agency percent contribution agencyCode } } }';
/** The hub as both writers see it: the query's layout from the real schema, no partnership names, and the answer. */
const client = clientOf(async <T>(query: string, variables?: Record<string, unknown>) => {
  if (query.includes('reportLayout')) return { data: { reportLayout: reportLayout(hubSchema(), String(variables!.query)) } as T };
  if (query.includes('PartnershipNames')) return { data: { partnerships: [] } as T };
  return { data: answer as T };
});
const now = () => new Date(2026, 10, 22, 18, 5);
const binding: Binding = {
  id: 'b1',
  title: 'Cost share',
  source: { kind: 'query', query: QUERY },
  variables: { partnership: { value: 'norfolk-suffolk' } },
  layout: 'rows',
  target: { sheet: 'Sheet1', anchor: 'B2', table: 'IOM_Cost_share' },
};

describe('the command line writes the table the add-in writes', () => {
  it('same caption, header, values and number formats in an .xlsx file as in Excel', async () => {
    const book = new FakeWorkbook();
    (globalThis as any).Excel = book.api();
    const inExcel = await runBinding(binding, { client, workbook: excelWorkbook, now });

    const file = new XlsxWorkbook(blankWorkbook('Sheet1'));
    const inFile = await runBinding(binding, { client, workbook: file, now });
    expect(inFile.target.address).toBe(inExcel.target.address);
    expect(inFile.lastRefresh?.rows).toBe(inExcel.lastRefresh?.rows);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.toBytes()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Sheet1')!;
    const plain = (v: ExcelJS.CellValue) => (v instanceof Date ? (v.getTime() / 86_400_000 + 25_569) : (v ?? undefined));
    for (let row = 2; row <= 5; row++)
      for (let col = 2; col <= 9; col++) {
        const address = `${String.fromCharCode(64 + col)}${row}`;
        expect(plain(sheet.getCell(address).value), address).toEqual(book.cell('Sheet1', address) === '' ? undefined : book.cell('Sheet1', address));
        if (row >= 4) expect(sheet.getCell(address).numFmt ?? 'General', address).toBe(book.formatOf('Sheet1', address) ?? 'General');
      }
    expect(String(sheet.getCell('B2').value)).toMatch(/^Cost share — partnership norfolk-suffolk — data as at 22 Nov 2026 18:05 \S+ — Cost share v\d+: How a partnership shares its establishment budget .* add up to the total exactly\.$/);
  });
});
