/**
 * The add-in's workbook port (what running a binding needs) on an .xlsx file instead of Excel:
 * bindings from the custom XML part, named cells from defined names, and a bound table written
 * at the zip + XML level. A refresh changes only the bound block's cells, its table part, the
 * references that followed the table (defined names, chart series) and the bindings part.
 */
import type { Element } from '@xmldom/xmldom';
import { BINDINGS_NAMESPACE, bindingsFromXml, bindingsXml, parseBindingStore, serializeBindingStore, type BindingStore, type BindingTarget } from '../../addin/binding.js';
import { asAtOf } from '../../addin/caption.js';
import type { ChartSpec, WriteOptions } from '../../addin/excel-workbook.js';
import type { TemplatePort } from '../../addin/templates.js';
import type { Cell } from '../../addin/neutralise.js';
import { cellsFor, headerRow, numberFormats, type ResultTable } from '../../addin/result-table.js';
import { insertBlockedBy, matchColumns, rowsToInsert } from '../../addin/table-plan.js';
import { columnName, followTable, overlaps, parseCell, parseQualified, parseRange, quoteSheet, rangeAddress, type Range } from '../../addin/cell-address.js';
import { DOMParser } from '@xmldom/xmldom';
import { insertRows } from './insert-rows.js';
import { chartAnchorXml, EMPTY_DRAWING, lineChartXml } from './xlsx-chart.js';
import { childrenNamed, descendantsNamed, firstChild, NS, REL_TYPE, type XlsxPackage } from './xlsx-package.js';
import { PORTRAIT_COLUMNS, setUpPrinting } from './xlsx-print.js';
import { XlsxStyles } from './xlsx-styles.js';
import { SheetPart } from './sheet-part.js';

const TABLE_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';
const WORKSHEET_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const DRAWING_REL = `${NS.rel}/drawing`;
const CHART_REL = `${NS.rel}/chart`;
/**
 * The bindings are also kept on this very hidden sheet (the JSON in column A, in pieces a cell can
 * hold), because programs that rewrite a file may drop custom XML parts (openpyxl does)
 * but keep sheets. The custom XML part is read first; the sheet when the part is gone.
 */
export const BINDINGS_SHEET = 'IOM_Hub_Bindings';
const BINDINGS_SHEET_NOTE = 'IOM Hub bindings (what each bound table shows, for refresh). Do not edit or delete this sheet.';
const CELL_TEXT_LIMIT = 32_000;
const CUSTOM_XML_PROPS_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml';
const TABLE_STYLE = 'TableStyleMedium2';

interface SheetInfo {
  name: string;
  path: string;
}

interface TableInfo {
  path: string;
  sheetPath: string;
  name: string;
  ref: Range;
  root: Element;
}

type Value = string | number | boolean;

/** An element in the same namespace and with the same prefix as its document's root. */
function create(parent: Element, name: string): Element {
  const root = parent.ownerDocument!.documentElement!;
  return parent.ownerDocument!.createElementNS(root.namespaceURI, root.prefix ? `${root.prefix}:${name}` : name);
}

/** Text of a string item or inline string (rich-text runs joined, phonetic runs left out). */
function textOf(element: Element | undefined): string {
  if (!element) return '';
  return descendantsNamed(element, 't')
    .filter((t) => (t.parentNode as Element | null)?.localName !== 'rPh')
    .map((t) => t.textContent ?? '')
    .join('');
}

export class XlsxWorkbook implements TemplatePort {
  private styles?: XlsxStyles;
  private cellsChanged = false;
  private readonly sheetParts = new Map<string, SheetPart>();

  constructor(readonly pkg: XlsxPackage) {}

  sheets(): SheetInfo[] {
    const workbook = this.pkg.xml('xl/workbook.xml').documentElement!;
    const rels = this.pkg.relationships('xl/workbook.xml');
    return childrenNamed(firstChild(workbook, 'sheets') ?? workbook, 'sheet').map((sheet) => ({
      name: sheet.getAttribute('name') ?? '',
      path: rels.find((rel) => rel.id === sheet.getAttributeNS(NS.rel, 'id'))?.path ?? '',
    }));
  }

  private sheetPath(name: string): string {
    const sheet = this.sheets().find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!sheet?.path) throw new Error(`The workbook has no sheet "${name}".`);
    return sheet.path;
  }

  /** A worksheet's rows and elements, read once; written back only if changed. */
  private sheet(path: string): SheetPart {
    let part = this.sheetParts.get(path);
    if (!part) this.sheetParts.set(path, (part = new SheetPart(this.pkg.text(path))));
    return part;
  }

  private sharedStrings(): string[] {
    const rel = this.pkg.relationships('xl/workbook.xml').find((r) => r.type.endsWith('/sharedStrings'));
    if (!rel || !this.pkg.has(rel.path)) return [];
    return childrenNamed(this.pkg.xml(rel.path).documentElement!, 'si').map(textOf);
  }

  private tables(): TableInfo[] {
    return this.sheets().flatMap((sheet) =>
      this.pkg
        .relationships(sheet.path)
        .filter((rel) => rel.type === REL_TYPE.table && this.pkg.has(rel.path))
        .map((rel) => {
          const root = this.pkg.xml(rel.path).documentElement!;
          return { path: rel.path, sheetPath: sheet.path, name: root.getAttribute('displayName') || root.getAttribute('name') || '', ref: parseRange(root.getAttribute('ref') ?? 'A1'), root };
        }),
    );
  }

  private customXmlParts(): string[] {
    return this.pkg.paths().filter((path) => /^customXml\/item\d+\.xml$/.test(path));
  }

  async readBindings(): Promise<BindingStore | null> {
    const part = this.customXmlParts().find((path) => this.pkg.text(path).includes(BINDINGS_NAMESPACE));
    if (part) return bindingsFromXml(this.pkg.text(part));
    const sheet = this.sheets().find((s) => s.name === BINDINGS_SHEET);
    if (!sheet?.path) return null;
    const cells = this.sheet(sheet.path);
    const pieces: string[] = [];
    for (let row = 1; ; row++) {
      const text = cells.value(row, 0, this.sharedStrings());
      if (typeof text !== 'string' || text === '') break;
      pieces.push(text);
    }
    return pieces.length ? parseBindingStore(pieces.join('')) : null;
  }

  async saveBindings(store: BindingStore): Promise<void> {
    this.saveBindingsSheet(store);
    const existing = this.customXmlParts().find((path) => this.pkg.text(path).includes(BINDINGS_NAMESPACE));
    if (existing) return this.pkg.setText(existing, bindingsXml(store));
    let n = 1;
    while (this.pkg.has(`customXml/item${n}.xml`) || this.pkg.has(`customXml/itemProps${n}.xml`)) n += 1;
    const item = `customXml/item${n}.xml`;
    const props = `customXml/itemProps${n}.xml`;
    this.pkg.setText(item, bindingsXml(store));
    const guid = crypto.randomUUID().toUpperCase();
    this.pkg.setText(
      props,
      `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{${guid}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="${BINDINGS_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`,
    );
    this.pkg.addRelationship(item, REL_TYPE.customXmlProps, props);
    this.pkg.declareContentType(CUSTOM_XML_PROPS_CONTENT_TYPE, { part: props });
    this.pkg.declareContentType('application/xml', { extension: 'xml' });
    this.pkg.addRelationship('xl/workbook.xml', REL_TYPE.customXml, item);
  }

  /** The bindings on the very hidden sheet: a note in A1, the JSON from A2 down. */
  private saveBindingsSheet(store: BindingStore): void {
    const path = this.sheets().find((s) => s.name === BINDINGS_SHEET)?.path ?? this.addSheet(BINDINGS_SHEET, 'veryHidden');
    const cells = this.sheet(path);
    const json = serializeBindingStore(store);
    const bounds = cells.bounds();
    if (bounds) cells.clear(bounds);
    cells.set(0, 0, BINDINGS_SHEET_NOTE, 0);
    for (let i = 0; i * CELL_TEXT_LIMIT < json.length; i++) cells.set(i + 1, 0, json.slice(i * CELL_TEXT_LIMIT, (i + 1) * CELL_TEXT_LIMIT), 0);
    firstChild(cells.doc.documentElement!, 'dimension')?.setAttribute('ref', cells.dimension());
  }

  /** Adds a worksheet (after the others) and returns its part's path. */
  private addSheet(name: string, state?: 'hidden' | 'veryHidden'): string {
    const path = this.pkg.freePath('xl/worksheets/sheet');
    this.pkg.setText(
      path,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}"><dimension ref="A1"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="40" width="18" customWidth="1"/></cols><sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    );
    this.pkg.declareContentType(WORKSHEET_CONTENT_TYPE, { part: path });
    const rId = this.pkg.addRelationship('xl/workbook.xml', REL_TYPE.worksheet, path);
    const doc = this.pkg.xml('xl/workbook.xml');
    const sheets = firstChild(doc.documentElement!, 'sheets')!;
    const sheet = create(sheets, 'sheet');
    sheet.setAttribute('name', name);
    sheet.setAttribute('sheetId', String(Math.max(0, ...childrenNamed(sheets, 'sheet').map((s) => Number(s.getAttribute('sheetId')) || 0)) + 1));
    if (state) sheet.setAttribute('state', state);
    sheet.setAttributeNS(NS.rel, 'r:id', rId);
    sheets.appendChild(sheet);
    this.pkg.touch('xl/workbook.xml');
    return path;
  }

  /** Makes a sheet if the workbook has none of that name (a template's sheet). */
  async ensureSheet(name: string): Promise<void> {
    if (!this.sheets().some((s) => s.name.toLowerCase() === name.toLowerCase())) this.addSheet(name);
  }

  /** Writes a template's heading or note cells. */
  async writeCells(sheet: string, anchor: string, values: Cell[][], { bold = false, muted = false }: { bold?: boolean; muted?: boolean } = {}): Promise<void> {
    const cells = this.sheet(this.sheetPath(sheet));
    const style = (this.styles ??= new XlsxStyles(this.pkg)).text({ bold, muted });
    const { row, col } = parseCell(anchor);
    values.forEach((line, r) => line.forEach((value, c) => cells.set(row + r, col + c, value === '' ? null : value, style)));
    firstChild(cells.doc.documentElement!, 'dimension')?.setAttribute('ref', cells.dimension());
    this.cellsChanged = true;
  }

  /** A template's input cell: the value, the input fill, and a workbook-level name pointing at it. */
  async nameCell(name: string, sheet: string, address: string, value: unknown): Promise<void> {
    const cells = this.sheet(this.sheetPath(sheet));
    const { row, col } = parseCell(address);
    cells.set(row, col, value === '' || value === undefined ? null : (value as Cell), (this.styles ??= new XlsxStyles(this.pkg)).input());
    this.defineName(name, `${quoteSheet(sheet)}!$${columnName(col)}$${row + 1}`);
    this.cellsChanged = true;
  }

  /** Sets a defined name (workbook-level, or the sheet's own with `localSheetId`), replacing one of that name and scope. */
  private defineName(name: string, formula: string | null, localSheetId?: number): void {
    const doc = this.pkg.xml('xl/workbook.xml');
    const workbook = doc.documentElement!;
    let names = firstChild(workbook, 'definedNames');
    const scope = (d: Element) => (d.hasAttribute('localSheetId') ? Number(d.getAttribute('localSheetId')) : undefined);
    const found = names && childrenNamed(names, 'definedName').find((d) => d.getAttribute('name')?.toLowerCase() === name.toLowerCase() && scope(d) === localSheetId);
    if (formula === null) {
      if (found) {
        names!.removeChild(found);
        this.pkg.touch('xl/workbook.xml');
      }
      return;
    }
    if (!names) {
      names = create(workbook, 'definedNames');
      const after = ['calcPr', 'oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst'];
      workbook.insertBefore(names, after.map((n) => firstChild(workbook, n)).find(Boolean) ?? null);
    }
    const element = found ?? create(names, 'definedName');
    element.setAttribute('name', name);
    if (localSheetId !== undefined) element.setAttribute('localSheetId', String(localSheetId));
    element.textContent = formula;
    if (!found) names.appendChild(element);
    this.pkg.touch('xl/workbook.xml');
  }

  async readNamedCells(names: string[]): Promise<Record<string, unknown>> {
    const workbook = this.pkg.xml('xl/workbook.xml').documentElement!;
    const defined = childrenNamed(firstChild(workbook, 'definedNames') ?? workbook, 'definedName');
    const lookup = (name: string) => {
      const matches = defined.filter((d) => d.getAttribute('name')?.toLowerCase() === name.toLowerCase());
      return matches.find((d) => !d.hasAttribute('localSheetId')) ?? matches[0];
    };
    const missing = names.filter((name) => !lookup(name));
    if (missing.length) throw new Error(`The workbook has no cell named ${missing.join(', ')}.`);
    const shared = this.sharedStrings();
    const values: Record<string, unknown> = {};
    for (const name of names) {
      const ref = parseQualified(lookup(name)!.textContent ?? '');
      if (!ref) throw new Error(`The name ${name} does not point at a cell (it is "${lookup(name)!.textContent}").`);
      values[name] = this.sheet(this.sheetPath(ref.sheet)).value(ref.range.top, ref.range.left, shared);
    }
    return values;
  }

  async writeTable(target: BindingTarget, caption: string, table: ResultTable, options: WriteOptions = {}): Promise<string> {
    const sheetPath = this.sheetPath(target.sheet);
    const sheetName = this.sheets().find((s) => s.path === sheetPath)!.name;
    let tables = this.tables();
    let existing = tables.find((t) => t.name.toLowerCase() === target.table.toLowerCase());
    if (existing && existing.sheetPath !== sheetPath) throw new Error(`The table ${target.table} is not on the sheet "${target.sheet}" any more.`);
    const cells = this.sheet(sheetPath);
    // The caption cell is the binding's own even before its first table (a template section the hub could not answer shows its message there).
    if (!existing) for (const old of [target.address, target.anchor].filter((a): a is string => Boolean(a))) cells.clear(parseRange(old));

    // Result columns go to the table's columns of the same name, wherever they are; the user's own columns stay.
    const oldColumns = existing ? childrenNamed(firstChild(existing.root, 'tableColumns') ?? existing.root, 'tableColumn').map((c) => c.getAttribute('name') ?? '') : [];
    const match = existing ? matchColumns(oldColumns, headerRow(table)) : { columnOf: table.columns.map((_, i) => i), added: [] as string[], renamed: [] as Array<{ index: number; name: string }>, noColumns: false };
    const anchor = parseCell(target.anchor);
    const top = existing ? existing.ref.top : anchor.row + 1;
    const left = existing ? existing.ref.left : anchor.col;
    const width = existing ? oldColumns.length + match.added.length : table.columns.length;
    const body = Math.max(table.rows.length, 1);
    const oldBottom = existing ? existing.ref.bottom : top - 1;

    const runsInto = (blocker: TableInfo) => new Error(`The table would now reach ${rangeAddress({ top, left, bottom: top + body, right: left + width - 1 })} and run into the table ${blocker.name} at ${rangeAddress(blocker.ref)}; move one of them apart.`);
    const under = !existing && tables.find((t) => t.sheetPath === sheetPath && overlaps(t.ref, { top: Math.max(top - 1, 0), bottom: top, left, right: left + width - 1 }));
    if (under) throw runsInto(under);

    // A table that grows gets entire rows inserted below it when the rows it needs hold something, so what is there moves down.
    const growth = top + body - oldBottom;
    if (growth > 0) {
      const scan = { top: oldBottom + 1, left, bottom: oldBottom + growth + 1, right: left + width - 1 };
      const filled = cells.occupied(scan).map((ref) => parseCell(ref).row);
      const inserted = rowsToInsert(growth, filled.length ? Math.min(...filled) - scan.top : growth + 1);
      if (inserted) {
        const blocker = insertBlockedBy(tables.map((t) => ({ name: t.name, ...t.ref })), oldBottom + 1, existing?.name);
        if (blocker) throw new Error(`The table ${target.table} needs ${growth} more row${growth === 1 ? '' : 's'}, but the table ${blocker.name} beside it spans them; move one of the two tables apart.`);
        insertRows({ pkg: this.pkg, sheets: this.sheets(), part: (path) => this.sheet(path) }, { sheet: sheetName, at: oldBottom + 1, count: inserted });
        options.onRowsInserted?.({ sheet: sheetName, row: oldBottom + 1, count: inserted });
        tables = this.tables();
        existing = existing && tables.find((t) => t.path === existing!.path);
      }
    }
    const tableRange = { top, left, bottom: top + body, right: left + width - 1 };
    const address = rangeAddress({ ...tableRange, top: Math.max(top - 1, 0) });
    const blocking = tables.find((t) => t !== existing && t.sheetPath === sheetPath && overlaps(t.ref, parseRange(address)));
    if (blocking) throw runsInto(blocking);

    // Excel writes values only: a kept column's cells keep the format the user chose, rows added take its first row's. A column in
    // the General format (no format chosen: a table another program wrote) takes the hub's format for its field.
    const styles = (this.styles ??= new XlsxStyles(this.pkg));
    const userStyle = new Map<number, number[]>();
    if (existing)
      for (const col of match.columnOf)
        if (col < oldColumns.length && !match.renamed.some((r) => r.index === col) && styles.numberFormatOfStyle(cells.styleOf(top + 1, left + col)) !== 'General')
          userStyle.set(col, Array.from({ length: Math.max(existing.ref.bottom - top, 1) }, (_, r) => cells.styleOf(top + 1 + r, left + col)));
    if (existing) {
      // Body cells of the result's columns, and rows a shrink leaves (the user's columns too: they are outside the table now).
      for (const col of match.columnOf) cells.clear({ top: top + 1, bottom: existing.ref.bottom, left: left + col, right: left + col });
      if (existing.ref.bottom > tableRange.bottom) cells.clear({ top: tableRange.bottom + 1, bottom: existing.ref.bottom, left, right: existing.ref.right });
    }
    if (top > 0) cells.set(top - 1, left, caption, styles.caption());
    const names = headerRow(table);
    const headerStyle = styles.header();
    const headers = existing ? [...match.renamed, ...match.added.map((name, i) => ({ index: oldColumns.length + i, name }))] : names.map((name, index) => ({ index, name }));
    for (const { index, name } of headers) cells.set(top, left + index, name, headerStyle);
    const formats = numberFormats(table);
    const values = cellsFor(table, table.rows);
    // An empty answer keeps its header over one blank row, formatted for what will come.
    (values.length ? values : [names.map(() => '')]).forEach((row, r) =>
      row.forEach((value, c) => {
        // Like Excel given `'text`: the text without its apostrophe, marked as text (quote prefix).
        const quoted = typeof value === 'string' && value.startsWith("'");
        const kept = userStyle.get(match.columnOf[c]);
        const style = kept && !quoted ? (kept[r] ?? kept[0]) : styles.cell(formats[c], quoted);
        cells.set(top + 1 + r, left + match.columnOf[c], value === '' ? null : quoted ? value.slice(1) : value, style);
      }),
    );
    if (existing) this.fillCalculatedColumns(existing, cells, oldColumns, match.columnOf, tableRange);
    firstChild(cells.doc.documentElement!, 'dimension')?.setAttribute('ref', cells.dimension());

    const columns = existing ? [...oldColumns.map((name, i) => match.renamed.find((r) => r.index === i)?.name ?? name), ...match.added] : names;
    if (existing) this.updateTable(existing, tableRange, columns);
    else this.createTable(sheetPath, target.table, tableRange, columns, tables);
    this.setUpPrinting(target.sheet, cells, width > PORTRAIT_COLUMNS, asAtOf(caption), tableRange.top);
    const resultColumn = (col: number) => match.columnOf.indexOf(col - left);
    if (existing) this.followReferences(target.sheet, existing.ref, tableRange, (row, col) => (row === tableRange.top ? columns[col - left] : values[row - tableRange.top - 1]?.[resultColumn(col)]));
    this.cellsChanged = true;
    return address;
  }

  /**
   * The sheet prints one page wide, landscape when a table is wide, with the sheet's name and the
   * data's time in the page header; a sheet with one table repeats its header row on every page.
   */
  private setUpPrinting(sheet: string, cells: SheetPart, wide: boolean, asAt: string, headerRow: number): void {
    setUpPrinting(cells, { landscape: wide, asAt });
    const path = this.sheetPath(sheet);
    const index = this.sheets().findIndex((s) => s.path === path);
    const tablesHere = this.tables().filter((t) => t.sheetPath === path).length;
    this.defineName('_xlnm.Print_Titles', tablesHere === 1 ? `${quoteSheet(sheet)}!$${headerRow + 1}:$${headerRow + 1}` : null, index);
    this.setPrintArea(sheet);
  }

  /**
   * The sheet prints its cells and charts, from A1: a caption's text that runs on past the last
   * column (a measure's definition) is not printed past it, so it does not shrink the page to fit.
   */
  private setPrintArea(sheet: string): void {
    const path = this.sheetPath(sheet);
    const area = this.sheet(path).bounds();
    if (!area) return;
    let { right, bottom } = area;
    const drawing = this.pkg.relationships(path).find((r) => r.type === DRAWING_REL);
    if (drawing)
      for (const anchor of childrenNamed(this.pkg.xml(drawing.path).documentElement!, 'twoCellAnchor')) {
        const to = firstChild(anchor, 'to');
        const at = (name: string) => Number(to && firstChild(to, name)?.textContent);
        if (Number.isInteger(at('col'))) right = Math.max(right, at('col'));
        if (Number.isInteger(at('row'))) bottom = Math.max(bottom, at('row'));
      }
    const index = this.sheets().findIndex((s) => s.path === path);
    this.defineName('_xlnm.Print_Area', `${quoteSheet(sheet)}!$A$1:$${columnName(right)}$${bottom + 1}`, index);
  }

  /** A sheet of the hub's without a table (an export's Variables): one page wide, portrait, its name in the page header. */
  printPlain(sheet: string): void {
    setUpPrinting(this.sheet(this.sheetPath(sheet)), { landscape: false });
  }

  /** A chart of lines through (x, y) points, one series per table, beside the tables it reads. */
  async addChart(sheet: string, chart: ChartSpec): Promise<void> {
    const sheetPath = this.sheetPath(sheet);
    const shared = this.sharedStrings();
    const series = chart.series.map((s) => {
      const table = this.tables().find((t) => t.name.toLowerCase() === s.table.toLowerCase());
      if (!table) throw new Error(`The chart ${chart.title} reads the table ${s.table}, which the workbook does not have.`);
      const names = childrenNamed(firstChild(table.root, 'tableColumns')!, 'tableColumn').map((c) => c.getAttribute('name'));
      const tableSheet = this.sheets().find((x) => x.path === table.sheetPath)!.name;
      const cells = this.sheet(table.sheetPath);
      const column = (header: string) => {
        const index = names.indexOf(header);
        if (index < 0) throw new Error(`The table ${s.table} has no column "${header}" for the chart ${chart.title}.`);
        const col = table.ref.left + index;
        const rows = Array.from({ length: table.ref.bottom - table.ref.top }, (_, i) => table.ref.top + 1 + i);
        const values = rows.map((row) => cells.value(row, col, shared)).map((v) => (typeof v === 'number' ? v : null));
        const format = this.numberFormatOf(cells, table.ref.top + 1, col);
        return { formula: `${quoteSheet(tableSheet)}!$${columnName(col)}$${table.ref.top + 2}:$${columnName(col)}$${table.ref.bottom + 1}`, values, format };
      };
      return { name: s.name, x: column(s.x), y: column(s.y) };
    });
    const drawingPath = this.drawingOf(sheetPath);
    const drawing = this.pkg.xml(drawingPath);
    // A chart of the same name is replaced.
    for (const anchor of childrenNamed(drawing.documentElement!, 'twoCellAnchor')) {
      if (descendantsNamed(anchor, 'cNvPr')[0]?.getAttribute('name') !== chart.name) continue;
      const relId = descendantsNamed(anchor, 'chart')[0]?.getAttributeNS(NS.rel, 'id');
      const rel = this.pkg.relationships(drawingPath).find((r) => r.id === relId);
      if (rel) {
        this.pkg.removeRelationship(drawingPath, rel.id);
        this.pkg.remove(rel.path);
        this.pkg.forgetContentType(rel.path);
      }
      drawing.documentElement!.removeChild(anchor);
    }
    const chartPath = this.pkg.freePath('xl/charts/chart');
    this.pkg.setText(chartPath, lineChartXml({ title: chart.title, yTitle: chart.yTitle, series }));
    this.pkg.declareContentType(CHART_CONTENT_TYPE, { part: chartPath });
    const relId = this.pkg.addRelationship(drawingPath, CHART_REL, chartPath);
    const ids = descendantsNamed(drawing, 'cNvPr').map((c) => Number(c.getAttribute('id')) || 0);
    const { row, col } = parseCell(chart.at);
    const anchorXml = chartAnchorXml({ col, row, cols: 8, rows: 18, id: Math.max(1, ...ids) + 1, name: chart.name, relId });
    const node = new DOMParser().parseFromString(anchorXml, 'text/xml').documentElement!;
    drawing.documentElement!.appendChild(drawing.importNode(node, true));
    this.pkg.touch(drawingPath);
    this.setPrintArea(sheet);
  }

  /** The sheet's drawing part, made (with its relationship and `<drawing>` element) if it has none. */
  private drawingOf(sheetPath: string): string {
    const existing = this.pkg.relationships(sheetPath).find((r) => r.type === DRAWING_REL);
    if (existing) return existing.path;
    const path = this.pkg.freePath('xl/drawings/drawing');
    this.pkg.setText(path, EMPTY_DRAWING);
    this.pkg.declareContentType(DRAWING_CONTENT_TYPE, { part: path });
    const rId = this.pkg.addRelationship(sheetPath, DRAWING_REL, path);
    const cells = this.sheet(sheetPath);
    const element = cells.element('drawing');
    element.setAttributeNS(NS.rel, 'r:id', rId);
    cells.touch();
    return path;
  }

  /** A cell's number format code, from its style. */
  private numberFormatOf(cells: SheetPart, row: number, col: number): string {
    return (this.styles ??= new XlsxStyles(this.pkg)).numberFormatOfStyle(cells.styleOf(row, col));
  }

  /**
   * Column widths that fit what the sheet holds (headers and values, not the captions and notes that
   * run on to the right), for a workbook the hub makes: `export` and a template built without Excel.
   */
  fitColumns(sheet: string): void {
    const cells = this.sheet(this.sheetPath(sheet));
    const styles = (this.styles ??= new XlsxStyles(this.pkg));
    const widths = new Map<number, number>();
    const wrapped: { row: number; col: number; text: string }[] = [];
    const widen = (col: number, width: number) => widths.set(col, Math.max(widths.get(col) ?? 0, width));
    for (const { row, col, value, style } of cells.entries(this.sharedStrings())) {
      if (styles.isMuted(style)) continue;
      if (styles.wraps(style)) {
        // A header wraps: its column need only hold its longest word, or a dozen characters.
        const text = String(value);
        wrapped.push({ row, col, text });
        widen(col, Math.min(text.length, Math.max(12, ...text.split(/\s+/).map((word) => word.length))));
        continue;
      }
      const format = styles.numberFormatOfStyle(style);
      const shown = typeof value === 'number' ? (/[dmy]{3}/.test(format) ? 11 : Math.abs(value).toLocaleString('en-GB', { maximumFractionDigits: 2 }).length + (format.includes('£') ? 4 : 2)) : String(value).length;
      widen(col, Math.min(40, shown));
    }
    const cols = cells.element('cols');
    while (cols.firstChild) cols.removeChild(cols.firstChild);
    for (const [col, width] of [...widths.entries()].sort(([a], [b]) => a - b)) {
      const element = create(cols, 'col');
      element.setAttribute('min', String(col + 1));
      element.setAttribute('max', String(col + 1));
      element.setAttribute('width', String(Math.max(9, width + 2)));
      element.setAttribute('customWidth', '1');
      cols.appendChild(element);
    }
    if (!cols.firstChild) cols.parentNode?.removeChild(cols);
    // Rows with wrapped headers are as tall as their longest header's lines.
    const lines = new Map<number, number>();
    for (const { row, col, text } of wrapped) lines.set(row, Math.max(lines.get(row) ?? 1, wrappedLines(text, (widths.get(col) ?? 9) + 1)));
    for (const [row, count] of lines) if (count > 1) cells.setHeight(row, 15 * count);
    cells.touch();
  }

  /** A calculated column the user added (its formula in the table part) fills the rows the table grew by, as Excel does. */
  private fillCalculatedColumns(info: TableInfo, cells: SheetPart, columns: string[], written: number[], now: Range): void {
    const elements = childrenNamed(firstChild(info.root, 'tableColumns') ?? info.root, 'tableColumn');
    elements.forEach((element, index) => {
      const formula = firstChild(element, 'calculatedColumnFormula')?.textContent;
      if (!formula || written.includes(index) || index >= columns.length) return;
      const col = now.left + index;
      const style = cells.styleOf(now.top + 1, col);
      for (let row = info.ref.bottom + 1; row <= now.bottom; row++) cells.setFormula(row, col, formula, style);
    });
  }

  private updateTable(info: TableInfo, ref: Range, columns: string[]): void {
    const root = info.root;
    root.setAttribute('ref', rangeAddress(ref));
    let autoFilter = firstChild(root, 'autoFilter');
    if (!autoFilter) {
      autoFilter = create(root, 'autoFilter');
      root.insertBefore(autoFilter, firstChild(root, 'sortState') ?? firstChild(root, 'tableColumns') ?? null);
    }
    autoFilter.setAttribute('ref', rangeAddress(ref));
    const tableColumns = firstChild(root, 'tableColumns') ?? (root.insertBefore(create(root, 'tableColumns'), firstChild(root, 'tableStyleInfo') ?? null) as Element);
    const old = childrenNamed(tableColumns, 'tableColumn');
    let nextId = Math.max(0, ...old.map((c) => Number(c.getAttribute('id')) || 0)) + 1;
    const kept = columns.map((name) => {
      const found = old.find((c) => c.getAttribute('name') === name);
      if (found) return found;
      const element = create(tableColumns, 'tableColumn');
      element.setAttribute('id', String(nextId++));
      element.setAttribute('name', name);
      return element;
    });
    for (const c of old) tableColumns.removeChild(c);
    for (const c of kept) tableColumns.appendChild(c);
    tableColumns.setAttribute('count', String(kept.length));
    this.pkg.touch(info.path);
  }

  private createTable(sheetPath: string, name: string, ref: Range, columns: string[], tables: TableInfo[]): void {
    const id = Math.max(0, ...tables.map((t) => Number(t.root.getAttribute('id')) || 0)) + 1;
    const path = this.pkg.freePath('xl/tables/table');
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    const columnsXml = columns.map((column, i) => `<tableColumn id="${i + 1}" name="${escape(column)}"/>`).join('');
    this.pkg.setText(
      path,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${NS.main}" id="${id}" name="${escape(name)}" displayName="${escape(name)}" ref="${rangeAddress(ref)}" totalsRowShown="0"><autoFilter ref="${rangeAddress(ref)}"/><tableColumns count="${columns.length}">${columnsXml}</tableColumns><tableStyleInfo name="${TABLE_STYLE}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`,
    );
    this.pkg.declareContentType(TABLE_CONTENT_TYPE, { part: path });
    const rId = this.pkg.addRelationship(sheetPath, REL_TYPE.table, path);
    const worksheet = this.sheet(sheetPath).doc.documentElement!;
    let parts = firstChild(worksheet, 'tableParts');
    if (!parts) {
      parts = create(worksheet, 'tableParts');
      worksheet.insertBefore(parts, firstChild(worksheet, 'extLst') ?? null);
    }
    const part = create(parts, 'tablePart');
    part.setAttributeNS(NS.rel, 'r:id', rId);
    parts.appendChild(part);
    parts.setAttribute('count', String(childrenNamed(parts, 'tablePart').length));
  }

  /** Defined names and chart series that covered the table's rows now cover its new rows (chart caches refilled). */
  private followReferences(sheet: string, old: Range, now: Range, valueAt: (row: number, col: number) => Value | undefined): void {
    const workbookDoc = this.pkg.xml('xl/workbook.xml');
    for (const name of descendantsNamed(workbookDoc, 'definedName')) {
      const text = name.textContent ?? '';
      const next = followTable(text, sheet, old, now.bottom);
      if (next !== text) {
        name.textContent = next;
        this.pkg.touch('xl/workbook.xml');
      }
    }
    for (const path of this.pkg.paths().filter((p) => /^xl\/charts\/chart[^/]*\.xml$/.test(p))) {
      const doc = this.pkg.xml(path);
      let changed = false;
      for (const f of descendantsNamed(doc, 'f')) {
        const text = f.textContent ?? '';
        let moved: Range | undefined;
        const next = followTable(text, sheet, old, now.bottom, (range) => (moved = range));
        if (next === text || !moved) continue;
        f.textContent = next;
        changed = true;
        refillCache(f.parentNode as Element, moved, valueAt);
      }
      if (changed) this.pkg.touch(path);
    }
  }

  /**
   * The file's bytes. When cells changed: the saved results of formulas are dropped (LibreOffice,
   * which by default does not recalculate a file it opens, then calculates those cells), Excel's
   * calculation chain is dropped and a full recalculation asked for on open.
   */
  toBytes(): Uint8Array {
    // Formulas anywhere may read the tables: their saved results go, so every program calculates them afresh.
    if (this.cellsChanged) for (const sheet of this.sheets()) if (sheet.path && this.pkg.has(sheet.path)) this.sheet(sheet.path).dropFormulaResults();
    for (const [path, part] of this.sheetParts) if (part.changed) this.pkg.setText(path, part.serialize());
    if (this.cellsChanged) {
      const calcChain = this.pkg.relationships('xl/workbook.xml').find((rel) => rel.type === REL_TYPE.calcChain);
      if (calcChain) {
        this.pkg.removeRelationship('xl/workbook.xml', calcChain.id);
        this.pkg.remove(calcChain.path);
        this.pkg.forgetContentType(calcChain.path);
      }
      const workbook = this.pkg.xml('xl/workbook.xml').documentElement!;
      let calcPr = firstChild(workbook, 'calcPr');
      if (!calcPr) {
        calcPr = create(workbook, 'calcPr');
        const before = ['oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst']
          .map((name) => firstChild(workbook, name))
          .find(Boolean);
        workbook.insertBefore(calcPr, before ?? null);
      }
      if (calcPr.getAttribute('fullCalcOnLoad') !== '1') {
        calcPr.setAttribute('fullCalcOnLoad', '1');
        this.pkg.touch('xl/workbook.xml');
      }
    }
    return this.pkg.toBytes();
  }
}

/** How many lines `text` takes wrapped at `width` characters, word by word. */
function wrappedLines(text: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    if (used && used + 1 + word.length > width) {
      lines += 1;
      used = word.length;
    } else used += (used ? 1 : 0) + word.length;
  }
  return lines;
}

/** A chart series' cached points, rebuilt from the values now under its reference. */
function refillCache(ref: Element, range: Range, valueAt: (row: number, col: number) => Value | undefined): void {
  const numeric = ref.localName === 'numRef';
  const cache = firstChild(ref, numeric ? 'numCache' : 'strCache');
  if (!cache) return;
  const doc = ref.ownerDocument!;
  const make = (name: string) => doc.createElementNS(NS.chart, cache.prefix ? `${cache.prefix}:${name}` : name);
  for (const pt of childrenNamed(cache, 'pt')) cache.removeChild(pt);
  let ptCount = firstChild(cache, 'ptCount');
  if (!ptCount) ptCount = cache.insertBefore(make('ptCount'), cache.firstChild) as Element;
  const extLst = firstChild(cache, 'extLst') ?? null;
  let index = 0;
  for (let row = range.top; row <= range.bottom; row++) {
    for (let col = range.left; col <= range.right; col++, index++) {
      const value = valueAt(row, col);
      if (value === undefined || value === '' || (numeric && typeof value !== 'number')) continue;
      const pt = make('pt');
      pt.setAttribute('idx', String(index));
      const v = make('v');
      v.appendChild(doc.createTextNode(String(value)));
      pt.appendChild(v);
      cache.insertBefore(pt, extLst);
    }
  }
  ptCount.setAttribute('val', String(index));
}
