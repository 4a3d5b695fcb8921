/**
 * The one file that talks to Excel (Excel.run). Everything else in the add-in works on plain data
 * through the WorkbookPort interface, so it is tested without Office.
 */
/// <reference types="office-js" />
import { blockAddress, parseCell, rangeAddress, unquoteSheet } from './cell-address.js';
import { BINDINGS_NAMESPACE, bindingsFromXml, bindingsXml, parseBindingStore, serializeBindingStore, type BindingStore, type BindingTarget } from './binding.js';
import { planChunks, WriteCancelled, writeInChunks, type ChunkProgress } from './chunking.js';
import { asAtOf } from './caption.js';
import { safeCell, type Cell } from './neutralise.js';
import { cellsFor, headerRow, numberFormats, type ResultTable } from './result-table.js';
import { insertBlockedBy, leadingEmptyRows, matchColumns, rowsToInsert, type PlacedTable } from './table-plan.js';
import type { CellReading } from './variables.js';

/** Entire rows Excel inserted to make room for a table that grew: what was below moved down `count` rows. */
export interface RowsInserted {
  sheet: string;
  /** Zero-based index of the first inserted row. */
  row: number;
  count: number;
}

export interface WriteOptions {
  onProgress?: (progress: ChunkProgress) => void;
  signal?: AbortSignal;
  maxBytes?: number;
  onRowsInserted?: (inserted: RowsInserted) => void;
}

export interface WorkbookPort {
  readBindings(): Promise<BindingStore | null>;
  saveBindings(store: BindingStore): Promise<void>;
  /** Named cells as read: value, number format and address (a missing name is reported by name). */
  readNamedCells(names: string[]): Promise<Record<string, CellReading | unknown>>;
  /** Gives a cell a workbook-level name, so a variable can be bound to it. */
  nameCell(name: string, sheet: string, address: string, value: unknown): Promise<void>;
  /** The active sheet and the selected range's top-left cell. */
  selection(): Promise<{ sheet: string; cell: string }>;
  /** Makes (or reuses) a sheet and activates it. */
  ensureSheet(name: string): Promise<void>;
  /** Writes label cells (a template's headings and inputs) at an anchor. */
  writeCells(sheet: string, anchor: string, values: Cell[][], options?: { bold?: boolean; muted?: boolean }): Promise<void>;
  /**
   * Writes a title line ("data as at") and the table below it, or refreshes that table where it now
   * is; returns the address written (title line and table).
   */
  writeTable(target: BindingTarget, caption: string, table: ResultTable, options?: WriteOptions): Promise<string>;
  /** Header and body of a bound table as it is now in the sheet (for Submit). */
  readTable(tableName: string): Promise<{ columns: string[]; rows: unknown[][] }>;
  /** A line chart (x by y, one named series each) over bound tables' columns, its top-left at `chart.at`; replaces a chart of that name. */
  addChart(sheet: string, chart: ChartSpec): Promise<void>;
}

/** A chart over tables' columns: each series names its table and the headers of its x and y columns, so it follows the tables as they grow. */
export interface ChartSpec {
  name: string;
  title: string;
  yTitle?: string;
  /** Top-left cell. */
  at: string;
  series: { name: string; table: string; x: string; y: string }[];
}

/**
 * The bindings are kept twice: in a custom XML part, and as JSON text on a very hidden sheet,
 * which survives programs that drop custom XML parts when they save (openpyxl does).
 */
export const BINDINGS_SHEET = 'IOM_Hub_Bindings';
const BINDINGS_SHEET_NOTE = 'IOM Hub bindings (what each bound table shows, for refresh). Do not edit or delete this sheet.';
const CELL_TEXT_LIMIT = 32_000;

/** A table wider than this many columns prints landscape. */
const PORTRAIT_COLUMNS = 5;

const sheetOf = (address: string) => unquoteSheet(address.slice(0, address.lastIndexOf('!')));

/**
 * Where the rows of a write come from: the values themselves (one request), or a very hidden staging
 * sheet they were written to first, chunk by chunk, and are copied from in one small request, so a
 * cancelled or failed write never reaches the table.
 */
type RowSource = { kind: 'values'; cells: (string | number | boolean)[][] } | { kind: 'staged'; sheet: string };

function fill(context: Excel.RequestContext, range: Excel.Range, source: RowSource, rows: number, col: number, cols: number): void {
  if (source.kind === 'staged') {
    range.copyFrom(context.workbook.worksheets.getItem(source.sheet).getRange(rangeAddress({ top: 0, left: col, bottom: rows - 1, right: col + cols - 1 })), 'Values');
    return;
  }
  range.values = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => source.cells[r]?.[col + c] ?? ''));
}

/** Writes the rows to a new very hidden sheet, chunk by chunk under the request limit; returns its name. */
async function stage(table: ResultTable, cells: (string | number | boolean)[][], options: WriteOptions): Promise<string> {
  const name = `IOM staging ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const width = table.columns.length;
  const formats = numberFormats(table);
  await Excel.run(async (context) => {
    context.workbook.worksheets.add(name).visibility = 'VeryHidden';
    await context.sync();
  });
  try {
    await writeInChunks(
      cells,
      (start, rows) =>
        Excel.run(async (context) => {
          const range = context.workbook.worksheets.getItem(name).getRange(blockAddress('A1', start, rows.length, width));
          // Text stays text (Excel would read "2013-09" as a date), so the copy carries the right values.
          range.numberFormat = rows.map(() => formats);
          range.values = rows as (string | number | boolean)[][];
          await context.sync();
        }),
      options,
    );
  } catch (error) {
    await dropSheet(name);
    throw error;
  }
  return name;
}

async function dropSheet(name: string): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem(name).delete();
    await context.sync();
  }).catch(() => undefined);
}

/** The tables on a sheet and where they are. */
async function tablesOn(context: Excel.RequestContext, sheet: Excel.Worksheet): Promise<PlacedTable[]> {
  const tables = sheet.tables.load('items/name');
  await context.sync();
  const ranges = tables.items.map((table) => ({ name: table.name, range: table.getRange().load('rowIndex,rowCount,columnIndex,columnCount') }));
  await context.sync();
  return ranges.map(({ name, range }) => ({ name, top: range.rowIndex, bottom: range.rowIndex + range.rowCount - 1, left: range.columnIndex, right: range.columnIndex + range.columnCount - 1 }));
}

/** Refuses to insert entire rows that would split a table beside the one being written. */
async function checkInsert(context: Excel.RequestContext, sheet: Excel.Worksheet, row: number, table: string, rows: number): Promise<void> {
  const blocker = insertBlockedBy(await tablesOn(context, sheet), row, table);
  if (blocker) throw new Error(`${table} needs ${rows} more row${rows === 1 ? '' : 's'}, but the table ${blocker.name} beside it spans them; move one of the two tables, then refresh.`);
}

/** A new table at the binding's anchor: title line, header, rows, each column's format from the layout, fitted columns, set up to print. */
async function writeNew(context: Excel.RequestContext, target: BindingTarget, caption: string, table: ResultTable, source: RowSource, body: number, options: WriteOptions): Promise<string> {
  const width = table.columns.length;
  const sheet = context.workbook.worksheets.getItem(target.sheet);
  const anchor = parseCell(target.anchor);
  if (target.address) sheet.getRange(target.address).clear('All');
  // The header and rows go below the title line; what is already there moves down (entire rows inserted), never written over.
  const below = sheet.getRange(rangeAddress({ top: anchor.row + 1, left: anchor.col, bottom: anchor.row + body + 2, right: anchor.col + width - 1 })).load('formulas');
  await context.sync();
  const inserted = rowsToInsert(body + 1, leadingEmptyRows(below.formulas));
  if (inserted) {
    const inside = (await tablesOn(context, sheet)).find((t) => t.top <= anchor.row + 1 && t.bottom >= anchor.row && t.left <= anchor.col + width - 1 && t.right >= anchor.col);
    if (inside) throw new Error(`${target.table} would start inside the table ${inside.name}; choose a cell outside it.`);
    await checkInsert(context, sheet, anchor.row + 1, target.table, inserted);
    sheet.getRange(`${anchor.row + 2}:${anchor.row + 1 + inserted}`).insert('Down');
  }
  const tableAddress = blockAddress(target.anchor, 1, body + 1, width);
  context.application.suspendApiCalculationUntilNextSync();
  // The table first: if its range runs into another table, the request stops before anything is written.
  const created = sheet.tables.add(tableAddress, true);
  created.name = target.table;
  created.style = 'TableStyleMedium2';
  sheet.getRange(blockAddress(target.anchor, 1, 1, width)).values = [headerRow(table)];
  const title = sheet.getRange(blockAddress(target.anchor, 0, 1, 1));
  title.values = [[caption]];
  title.format.font.italic = true;
  title.format.font.color = '#616161';
  const bodyRange = sheet.getRange(blockAddress(target.anchor, 2, body, width));
  bodyRange.numberFormat = Array.from({ length: body }, () => numberFormats(table));
  fill(context, bodyRange, source, body, 0, width);
  // Fit the table only: the caption line may overflow into the next cells.
  sheet.getRange(tableAddress).format.autofitColumns();
  const tables = sheet.tables.getCount();
  await context.sync();
  setUpPrinting(sheet, { wide: width > PORTRAIT_COLUMNS, asAt: asAtOf(caption), headerRow: tables.value === 1 ? String(anchor.row + 2) : undefined });
  await context.sync();
  if (inserted) options.onRowsInserted?.({ sheet: target.sheet, row: anchor.row + 1, count: inserted });
  return blockAddress(target.anchor, 0, body + 2, width);
}

/**
 * Refreshes a table where it is (Table.resize, ExcelApi 1.13): the same table object and name, so
 * structured references, charts over it, the user's formats, widths, filters, conditional formats
 * and their own (calculated) columns stay; result columns are written by name; rows added take the
 * first row's number format; a shrink clears the rows it leaves.
 */
async function refreshTable(context: Excel.RequestContext, existing: Excel.Table, caption: string, table: ResultTable, source: RowSource, rows: number, options: WriteOptions): Promise<string> {
  existing.load('name');
  const whole = existing.getRange().load('address,rowIndex,columnIndex,rowCount,columnCount');
  const header = existing.getHeaderRowRange().load('values');
  const first = existing.getDataBodyRange().getRow(0).load('numberFormat,formulas');
  await context.sync();
  const sheetName = sheetOf(whole.address);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const top = whole.rowIndex;
  const left = whole.columnIndex;
  const oldBody = whole.rowCount - 1;
  const match = matchColumns(header.values[0].map(String), headerRow(table));
  const width = whole.columnCount + match.added.length;
  const body = Math.max(rows, 1);
  const at = (row: number, col: number, height: number, cols: number) => sheet.getRange(rangeAddress({ top: row, left: col, bottom: row + height - 1, right: col + cols - 1 }));

  let inserted = 0;
  if (body > oldBody) {
    const below = at(top + oldBody + 1, left, body - oldBody + 1, width).load('formulas');
    await context.sync();
    inserted = rowsToInsert(body - oldBody, leadingEmptyRows(below.formulas));
    if (inserted) {
      await checkInsert(context, sheet, top + oldBody + 1, existing.name, inserted);
      sheet.getRange(`${top + oldBody + 2}:${top + oldBody + 1 + inserted}`).insert('Down');
    }
  }
  context.application.suspendApiCalculationUntilNextSync();
  for (const { index, name } of match.renamed) at(top, left + index, 1, 1).values = [[name]];
  for (const name of match.added) existing.columns.add(null as unknown as undefined, undefined, name);
  existing.resize(at(top, left, body + 1, width));
  if (body < oldBody) at(top + body + 1, left, oldBody - body, width).clear('All');
  if (top > 0) at(top - 1, left, 1, 1).values = [[caption]];

  const formats = numberFormats(table);
  const fresh = new Set([...match.renamed.map((r) => r.index), ...match.added.map((_, i) => whole.columnCount + i)]);
  if (match.noColumns) {
    // No columns in the answer: every column that is not the user's formula is emptied to one row.
    first.formulas[0].forEach((formula, c) => {
      if (!(typeof formula === 'string' && formula.startsWith('='))) at(top + 1, left + c, 1, 1).values = [['']];
    });
  }
  match.columnOf.forEach((col, j) => {
    // Formats before values, so text stays text: the user's format for rows added; the field's format for a new column, or for a
    // column in the General format (no format chosen: a table another program wrote).
    const keep = !fresh.has(col) && first.numberFormat[0][col] !== 'General';
    if (!keep) at(top + 1, left + col, body, 1).numberFormat = Array.from({ length: body }, () => [formats[j]]);
    else if (body > oldBody) at(top + 1 + oldBody, left + col, body - oldBody, 1).numberFormat = Array.from({ length: body - oldBody }, () => [first.numberFormat[0][col]]);
    fill(context, at(top + 1, left + col, body, 1), source, body, j, 1);
  });
  if (match.added.length) at(top, left + whole.columnCount, body + 1, match.added.length).format.autofitColumns();
  const tables = sheet.tables.getCount();
  await context.sync();
  setUpPrinting(sheet, { wide: width > PORTRAIT_COLUMNS, asAt: asAtOf(caption), headerRow: tables.value === 1 ? String(top + 1) : undefined });
  await context.sync();
  if (inserted) options.onRowsInserted?.({ sheet: sheetName, row: top + oldBody + 1, count: inserted });
  const captionRow = Math.max(top - 1, 0);
  return rangeAddress({ top: captionRow, left, bottom: top + body, right: left + width - 1 });
}

export const excelWorkbook: WorkbookPort = {
  async readBindings() {
    return Excel.run(async (context) => {
      const part = context.workbook.customXmlParts.getByNamespace(BINDINGS_NAMESPACE).getOnlyItemOrNullObject();
      const sheet = context.workbook.worksheets.getItemOrNullObject(BINDINGS_SHEET);
      await context.sync();
      if (!part.isNullObject) {
        const xml = part.getXml();
        await context.sync();
        return bindingsFromXml(xml.value);
      }
      if (sheet.isNullObject) return null;
      const used = sheet.getUsedRange().load('values');
      await context.sync();
      const json = used.values.slice(1).map((row) => String(row[0] ?? '')).join('');
      return json ? parseBindingStore(json) : null;
    });
  },

  async saveBindings(store) {
    await Excel.run(async (context) => {
      const part = context.workbook.customXmlParts.getByNamespace(BINDINGS_NAMESPACE).getOnlyItemOrNullObject();
      const existing = context.workbook.worksheets.getItemOrNullObject(BINDINGS_SHEET);
      await context.sync();
      if (part.isNullObject) context.workbook.customXmlParts.add(bindingsXml(store));
      else part.setXml(bindingsXml(store));
      const sheet = existing.isNullObject ? context.workbook.worksheets.add(BINDINGS_SHEET) : existing;
      sheet.visibility = Excel.SheetVisibility.veryHidden;
      const json = serializeBindingStore(store);
      const lines = [BINDINGS_SHEET_NOTE, ...Array.from({ length: Math.ceil(json.length / CELL_TEXT_LIMIT) }, (_, i) => json.slice(i * CELL_TEXT_LIMIT, (i + 1) * CELL_TEXT_LIMIT))];
      sheet.getRange('A:A').clear();
      const cells = sheet.getRange(`A1:A${lines.length}`);
      // Text, so a piece that looks like a number or a formula stays as written.
      cells.numberFormat = lines.map(() => ['@']);
      cells.values = lines.map((line) => [safeCell(line)]);
      await context.sync();
    });
  },

  async readNamedCells(names) {
    return Excel.run(async (context) => {
      const items = names.map((name) => ({ name, item: context.workbook.names.getItemOrNullObject(name) }));
      await context.sync();
      const missing = items.filter(({ item }) => item.isNullObject).map(({ name }) => name);
      if (missing.length) throw new Error(`The workbook has no cell named ${missing.join(', ')}.`);
      const ranges = items.map(({ name, item }) => ({ name, range: item.getRange().getCell(0, 0).load('values,numberFormat,address') }));
      await context.sync();
      return Object.fromEntries(ranges.map(({ name, range }): [string, CellReading] => [name, { value: range.values[0][0], numberFormat: range.numberFormat[0][0], address: range.address }]));
    });
  },

  async nameCell(name, sheet, address, value) {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem(sheet).getRange(address);
      range.values = [[safeCell(value as Cell)]];
      range.format.fill.color = '#FFF4CE';
      const existing = context.workbook.names.getItemOrNullObject(name);
      await context.sync();
      if (!existing.isNullObject) existing.delete();
      context.workbook.names.add(name, range, 'Variable for IOM Hub reports');
      await context.sync();
    });
  },

  async selection() {
    return Excel.run(async (context) => {
      const range = context.workbook.getSelectedRange().load('address');
      await context.sync();
      return { sheet: sheetOf(range.address), cell: range.address.split('!').pop()!.split(':')[0].replace(/\$/g, '') };
    });
  },

  async ensureSheet(name) {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItemOrNullObject(name);
      await context.sync();
      (sheet.isNullObject ? context.workbook.worksheets.add(name) : sheet).activate();
      await context.sync();
    });
  },

  async writeCells(sheet, anchor, values, { bold = false, muted = false } = {}) {
    await Excel.run(async (context) => {
      const width = Math.max(...values.map((row) => row.length));
      const padded = values.map((row) => [...row.map(safeCell), ...Array(width - row.length).fill('')]);
      const range = context.workbook.worksheets.getItem(sheet).getRange(blockAddress(anchor, 0, values.length, width));
      range.values = padded;
      if (bold) range.format.font.bold = true;
      if (muted) range.format.font.color = '#616161';
      await context.sync();
    });
  },

  async writeTable(target, caption, table, options = {}) {
    const cells = cellsFor(table, table.rows);
    const staged = planChunks(cells, options.maxBytes).length > 1 ? await stage(table, cells, options) : undefined;
    try {
      if (options.signal?.aborted) throw new WriteCancelled();
      const source: RowSource = staged ? { kind: 'staged', sheet: staged } : { kind: 'values', cells };
      return await Excel.run(async (context) => {
        const existing = context.workbook.tables.getItemOrNullObject(target.table);
        await context.sync();
        if (!existing.isNullObject) return refreshTable(context, existing, caption, table, source, cells.length, options);
        return writeNew(context, target, caption, table, source, Math.max(cells.length, 1), options);
      });
    } finally {
      if (staged) await dropSheet(staged);
    }
  },

  async readTable(tableName) {
    return Excel.run(async (context) => {
      const table = context.workbook.tables.getItemOrNullObject(tableName);
      await context.sync();
      if (table.isNullObject) throw new Error(`The table ${tableName} is no longer in the workbook.`);
      const header = table.getHeaderRowRange().load('values');
      const body = table.getDataBodyRange().load('values');
      await context.sync();
      return { columns: header.values[0].map(String), rows: body.values };
    });
  },

  async addChart(sheet, chart) {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const old = ws.charts.getItemOrNullObject(chart.name);
      await context.sync();
      if (!old.isNullObject) old.delete();
      const column = (table: string, header: string) => context.workbook.tables.getItem(table).columns.getItem(header).getDataBodyRange();
      const [first] = chart.series;
      // Lines through points (x, y): each series keeps its own months, so published and computed line up by date.
      const created = ws.charts.add(Excel.ChartType.xyscatterLines, column(first.table, first.y), Excel.ChartSeriesBy.columns);
      created.name = chart.name;
      created.title.text = chart.title;
      chart.series.forEach((s, i) => {
        const series = i === 0 ? created.series.getItemAt(0) : created.series.add(s.name);
        series.name = s.name;
        series.setXAxisValues(column(s.table, s.x));
        series.setValues(column(s.table, s.y));
      });
      if (chart.yTitle) created.axes.valueAxis.title.text = chart.yTitle;
      created.legend.position = Excel.ChartLegendPosition.bottom;
      created.setPosition(chart.at);
      await context.sync();
    });
  },
};

/**
 * A sheet the add-in writes prints one page wide, landscape when a table is wide, with the sheet's
 * name and "Data as at …" in the page header and page numbers in the footer; a sheet with one
 * table repeats its header row on each page (ExcelApi 1.9: worksheet.pageLayout).
 */
function setUpPrinting(sheet: Excel.Worksheet, { wide, asAt, headerRow }: { wide: boolean; asAt: string; headerRow?: string }): void {
  const layout = sheet.pageLayout;
  if (wide) layout.orientation = Excel.PageOrientation.landscape;
  layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  const pages = layout.headersFooters.defaultForAllPages;
  pages.leftHeader = '&"-,Bold"&A';
  pages.rightHeader = `Data as at ${asAt}`.replace(/&/g, '&&');
  pages.leftFooter = 'IOM Hub';
  pages.rightFooter = 'Page &P of &N';
  if (headerRow) layout.setPrintTitleRows(`$${headerRow}:$${headerRow}`);
}
