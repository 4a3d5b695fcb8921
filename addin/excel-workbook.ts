/**
 * The one file that talks to Excel (Excel.run). Everything else in the add-in works on plain data
 * through the WorkbookPort interface, so it is tested without Office.
 */
/// <reference types="office-js" />
import { blockAddress } from './cell-address.js';
import { BINDINGS_NAMESPACE, bindingsFromXml, bindingsXml, parseBindingStore, serializeBindingStore, type BindingStore, type BindingTarget } from './binding.js';
import { writeInChunks, type ChunkProgress } from './chunking.js';
import { asAtOf } from './caption.js';
import { safeCell, type Cell } from './neutralise.js';
import { cellsFor, headerRow, numberFormats, type ResultTable } from './result-table.js';

export interface WriteOptions {
  onProgress?: (progress: ChunkProgress) => void;
  signal?: AbortSignal;
  maxBytes?: number;
}

export interface WorkbookPort {
  readBindings(): Promise<BindingStore | null>;
  saveBindings(store: BindingStore): Promise<void>;
  /** Values of named cells (a missing name is reported by name). */
  readNamedCells(names: string[]): Promise<Record<string, unknown>>;
  /** Gives a cell a workbook-level name, so a variable can be bound to it. */
  nameCell(name: string, sheet: string, address: string, value: unknown): Promise<void>;
  /** The active sheet and the selected range's top-left cell. */
  selection(): Promise<{ sheet: string; cell: string }>;
  /** Makes (or reuses) a sheet and activates it. */
  ensureSheet(name: string): Promise<void>;
  /** Writes label cells (a template's headings and inputs) at an anchor. */
  writeCells(sheet: string, anchor: string, values: Cell[][], options?: { bold?: boolean; muted?: boolean }): Promise<void>;
  /** Writes a title line ("data as at") and the table below it; returns the address written. */
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
      const ranges = items.map(({ name, item }) => ({ name, range: item.getRange().load('values') }));
      await context.sync();
      return Object.fromEntries(ranges.map(({ name, range }) => [name, range.values[0][0]]));
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
      const [sheet, address] = range.address.split('!');
      return { sheet: sheet.replace(/^'|'$/g, '').replace(/''/g, "'"), cell: address.split(':')[0].replace(/\$/g, '') };
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

  async writeTable(target, caption, table, { onProgress, signal, maxBytes } = {}) {
    const width = table.columns.length;
    // A table always has a body row, even when the result has none.
    const bodyRows = Math.max(table.rows.length, 1);
    const address = blockAddress(target.anchor, 0, bodyRows + 2, width);
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(target.sheet);
      const old = context.workbook.tables.getItemOrNullObject(target.table);
      await context.sync();
      if (!old.isNullObject) old.convertToRange();
      if (target.address) sheet.getRange(target.address).clear();
      const title = sheet.getRange(blockAddress(target.anchor, 0, 1, 1));
      title.values = [[caption]];
      title.format.font.italic = true;
      title.format.font.color = '#616161';
      const header = sheet.getRange(blockAddress(target.anchor, 1, 1, width));
      header.values = [headerRow(table)];
      await context.sync();
    });
    const formats = numberFormats(table);
    await writeInChunks(
      table.rows,
      (start, rows) =>
        Excel.run(async (context) => {
          context.application.suspendApiCalculationUntilNextSync();
          const range = context.workbook.worksheets.getItem(target.sheet).getRange(blockAddress(target.anchor, 2 + start, rows.length, width));
          range.numberFormat = rows.map(() => formats);
          range.values = cellsFor(table, rows as Cell[][]);
          await context.sync();
        }),
      { onProgress, signal, maxBytes },
    );
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(target.sheet);
      const tableAddress = blockAddress(target.anchor, 1, bodyRows + 1, width);
      // An empty answer keeps its header over one blank row, formatted for what will come.
      if (!table.rows.length) sheet.getRange(blockAddress(target.anchor, 2, 1, width)).numberFormat = [formats];
      const created = sheet.tables.add(tableAddress, true);
      created.name = target.table;
      created.style = 'TableStyleMedium2';
      // Fit the table only: the caption line may overflow into the next cells.
      sheet.getRange(tableAddress).format.autofitColumns();
      const tables = sheet.tables.getCount();
      await context.sync();
      setUpPrinting(sheet, { wide: width > PORTRAIT_COLUMNS, asAt: asAtOf(caption), headerRow: tables.value === 1 ? tableAddress.split(':')[0].replace(/^[A-Z]+/, '') : undefined });
      await context.sync();
    });
    return address;
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
