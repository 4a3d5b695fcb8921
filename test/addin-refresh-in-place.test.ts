/**
 * Refreshing a bound table on a fake Excel that behaves as Excel's documentation says: structured
 * references, charts over tables, per-cell formats, calculated columns, inserted rows, the 5 MB
 * request limit. A refresh must keep everything the user built on the table.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { WriteCancelled } from '../addin/chunking.js';
import { excelWorkbook, type RowsInserted } from '../addin/excel-workbook.js';
import { toTable as layOut, type CellKind, type LayoutColumn, type ReportLayout } from '../addin/result-table.js';
import { FakeWorkbook } from './support/fake-excel.js';

let book: FakeWorkbook;
beforeEach(() => {
  book = new FakeWorkbook();
  (globalThis as any).Excel = book.api();
});

/** A list's fields as the hub lays them out (headers as field paths, as an analyst may choose). */
const column = (path: string, kind: CellKind, type: string, numberFormat: string): LayoutColumn => ({ path, label: path, unit: null, header: path, type, kind, numberFormat, lists: [''] });
const LAYOUTS: Record<string, ReportLayout> = {
  costs: { query: '{ costs { item amount } }', columns: [column('item', 'TEXT', 'String', '@'), column('amount', 'NUMBER', 'Money', '£#,##0.00;[Red]-£#,##0.00')], measures: [] },
  big: { query: '{ big { id text } }', columns: [column('id', 'NUMBER', 'Count', '#,##0'), column('text', 'TEXT', 'String', '@')], measures: [] },
};
const toTable = (data: Record<string, unknown>, layout = LAYOUTS.costs) => layOut(data, layout, { headers: 'paths' });
const chartOver = (table: string) => ({ name: `${table}_chart`, title: 'Costs', at: 'H3', series: [{ name: 'amount', table, x: 'item', y: 'amount' }] });

const target = { sheet: 'Sheet1', anchor: 'A3', table: 'IOM_Costs' };
const costs = (n: number, start = 1) => toTable({ costs: Array.from({ length: n }, (_, i) => ({ item: `Post ${start + i}`, amount: 1000 * (start + i) })) });
const write = (n: number, address?: string) => excelWorkbook.writeTable({ ...target, address }, `Costs — data as at now (${n})`, costs(n));
const sum = (n: number) => (1000 * n * (n + 1)) / 2;

describe('a bound table refreshed in place', () => {
  it('keeps formulas, the chart, formats, widths, column order and the user’s calculated column as it grows and shrinks', async () => {
    await write(3);
    // What a finance officer builds on the table.
    book.setCell('Sheet1', 'F1', '=SUM(IOM_Costs[amount])');
    book.setCell('Sheet1', 'G1', '=COUNTA(IOM_Costs[[item]])');
    await excelWorkbook.addChart('Sheet1', chartOver('IOM_Costs'));
    book.setFormat('Sheet1', 'B5:B7', '#,##0');
    book.setColumnWidth('Sheet1', 'B', 99);
    book.swapTableColumns('IOM_Costs', 'item', 'amount');
    book.addTableColumn('IOM_Costs', 'In thousands', '=[@amount]/1000');
    expect(book.tableValues('IOM_Costs')[1]).toEqual([1000, 'Post 1', 1]);

    const grown = await write(9);
    expect(grown).toBe('A3:C13');
    const table = book.table('IOM_Costs')!;
    expect(table.columns).toEqual(['amount', 'item', 'In thousands']);
    expect(book.tableValues('IOM_Costs').slice(1)).toEqual(Array.from({ length: 9 }, (_, i) => [1000 * (i + 1), `Post ${i + 1}`, i + 1]));
    expect(book.cell('Sheet1', 'F1')).toBe(sum(9));
    expect(book.formulaOf('Sheet1', 'F1')).toBe('=SUM(IOM_Costs[amount])');
    expect(book.cell('Sheet1', 'G1')).toBe(9);
    // The chart's series followed the amount column to where the user moved it, and the table to its new size.
    expect(book.chartSeries('IOM_Costs_chart')).toEqual([{ name: 'amount', values: 'Sheet1!A5:A13', categories: 'Sheet1!B5:B13' }]);
    expect(['A5', 'A13'].map((cell) => book.formatOf('Sheet1', cell))).toEqual(['#,##0', '#,##0']);
    expect(book.columnWidth('Sheet1', 'B')).toBe(99);
    expect(String(book.cell('Sheet1', 'A3'))).toContain('(9)');

    await write(2, grown);
    expect(book.tableValues('IOM_Costs')).toEqual([['amount', 'item', 'In thousands'], [1000, 'Post 1', 1], [2000, 'Post 2', 2]]);
    expect(book.cell('Sheet1', 'F1')).toBe(sum(2));
    expect(book.chartSeries('IOM_Costs_chart').map((s) => [s.values, s.categories])).toEqual([['Sheet1!A5:A6', 'Sheet1!B5:B6']]);
    for (const cell of ['A7', 'B7', 'C7', 'A13', 'C13']) expect(book.cell('Sheet1', cell) ?? '', cell).toBe('');
    expect(book.formatOf('Sheet1', 'A6')).toBe('#,##0');
  });

  it('gives a column left in the General format (a table another program wrote) the field’s format; a format the user chose is kept (above)', async () => {
    await write(3);
    book.setFormat('Sheet1', 'B5:B7', 'General');
    await write(4);
    expect(['B5', 'B8'].map((cell) => book.formatOf('Sheet1', cell))).toEqual(['£#,##0.00;[Red]-£#,##0.00', '£#,##0.00;[Red]-£#,##0.00']);
  });

  it('moves what is below a growing table down, references and names with it, and uses free rows first', async () => {
    await write(2);
    book.setCell('Sheet1', 'A8', 'Total');
    book.setCell('Sheet1', 'B8', '=SUM(B5:B6)+B20');
    book.setCell('Sheet1', 'B20', 5);
    const moved: RowsInserted[] = [];
    // Two rows free below (7 and 8 are not): the table needs 4 more and keeps one empty row.
    await excelWorkbook.writeTable(target, 'Costs', costs(6), { onRowsInserted: (i) => moved.push(i) });
    expect(moved).toEqual([{ sheet: 'Sheet1', row: 6, count: 4 }]);
    expect(book.cell('Sheet1', 'A12')).toBe('Total');
    expect(book.formulaOf('Sheet1', 'B12')).toBe('=SUM(B5:B6)+B24');
    expect(book.cell('Sheet1', 'B24')).toBe(5);
    expect(book.tableValues('IOM_Costs')).toHaveLength(7);
    expect(book.cell('Sheet1', 'A11') ?? '').toBe('');
  });

  it('a cancelled write of a large result leaves the table exactly as it was, and no staging sheet', async () => {
    const big = (n: number, text: string) => toTable({ rows: Array.from({ length: n }, (_, i) => ({ id: i, text: `${text} ${'x'.repeat(400)}` })) }, LAYOUTS.big);
    const t = { sheet: 'Sheet1', anchor: 'A1', table: 'IOM_Big' };
    await excelWorkbook.writeTable(t, 'Big', big(50, 'old'));
    book.setFormat('Sheet1', 'A3:A52', '0');
    const before = { values: book.tableValues('IOM_Big'), format: book.formatOf('Sheet1', 'A40'), sheets: [...book.sheetData.keys()] };
    const controller = new AbortController();
    const writing = excelWorkbook.writeTable(t, 'Big', big(3000, 'new'), {
      maxBytes: 100_000,
      signal: controller.signal,
      onProgress: (p) => p.chunk === 2 && controller.abort(),
    });
    await expect(writing).rejects.toBeInstanceOf(WriteCancelled);
    expect(book.tableValues('IOM_Big')).toEqual(before.values);
    expect(book.formatOf('Sheet1', 'A40')).toBe(before.format);
    expect([...book.sheetData.keys()]).toEqual(before.sheets);
  });

  it('writes a 12 MB result through requests under the 5 MB limit, then refreshes it smaller', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ id: i, text: 'x'.repeat(2000) }));
    const t = { sheet: 'Sheet1', anchor: 'A1', table: 'IOM_Big' };
    const progress: number[] = [];
    const address = await excelWorkbook.writeTable(t, 'Big', toTable({ rows }, LAYOUTS.big), { onProgress: (p) => progress.push(p.rowsWritten) });
    expect(book.largestRequest).toBeLessThan(5_000_000);
    expect(progress.length).toBeGreaterThan(2);
    expect(book.tableValues('IOM_Big')).toHaveLength(3001);
    expect(book.tableValues('IOM_Big')[3000]).toEqual([2999, 'x'.repeat(2000)]);
    await excelWorkbook.writeTable({ ...t, address }, 'Small', toTable({ rows: rows.slice(0, 2) }, LAYOUTS.big));
    expect(book.tableValues('IOM_Big')).toHaveLength(3);
    expect(book.cell('Sheet1', 'A10') ?? '').toBe('');
  });

  it('a write refused by Excel leaves the previous table as it was', async () => {
    await write(3);
    const before = book.tableValues('IOM_Costs');
    // A budget set too high: one 6 MB request, which Excel refuses as a whole.
    const huge = toTable({ rows: Array.from({ length: 2500 }, (_, i) => ({ item: 'y'.repeat(2500), amount: i })) });
    await expect(excelWorkbook.writeTable(target, 'Huge', huge, { maxBytes: 50_000_000 })).rejects.toThrow(/RequestPayloadSizeLimitExceeded/);
    expect(book.tableValues('IOM_Costs')).toEqual(before);
  });

  it('keeps the header of an answer with no columns, and fills it again when columns come back', async () => {
    await write(3);
    await excelWorkbook.writeTable(target, 'Costs', toTable({ costs: null }));
    expect(book.tableValues('IOM_Costs')).toEqual([['item', 'amount'], ['', '']]);
    await write(2);
    expect(book.tableValues('IOM_Costs')).toEqual([['item', 'amount'], ['Post 1', 1000], ['Post 2', 2000]]);
  });

  it('the fake host is Excel as documented: convertToRange fixes structured references and unhooks charts', async () => {
    await write(3);
    book.setCell('Sheet1', 'F1', '=SUM(IOM_Costs[amount])');
    await excelWorkbook.addChart('Sheet1', chartOver('IOM_Costs'));
    await Excel.run(async (context) => {
      context.workbook.tables.getItem('IOM_Costs').convertToRange();
      await context.sync();
    });
    expect(book.formulaOf('Sheet1', 'F1')).toBe('=SUM($B$5:$B$7)');
    expect(book.cell('Sheet1', 'F1')).toBe(sum(3));
    expect(book.chartSeries('IOM_Costs_chart')[0].values).toBe('Sheet1!B5:B7');
    // A host without ExcelApi 1.13 has no Table.resize.
    const other = { sheet: 'Sheet1', anchor: 'A20', table: 'IOM_Other' };
    await excelWorkbook.writeTable(other, 'Other', costs(2));
    (globalThis as any).Excel = book.api({ excelApi: '1.12' });
    await expect(excelWorkbook.writeTable(other, 'Other', costs(3))).rejects.toThrow('ApiNotFound: Table.resize needs ExcelApi 1.13');
  });
});
