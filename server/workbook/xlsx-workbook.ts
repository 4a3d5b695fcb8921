/**
 * The add-in's workbook port (what running a binding needs) on an .xlsx file instead of Excel:
 * bindings from the custom XML part, named cells from defined names, and a bound table written
 * at the zip + XML level. A refresh changes only the bound block's cells, its table part, the
 * references that followed the table (defined names, chart series) and the bindings part.
 */
import type { Element } from '@xmldom/xmldom';
import { BINDINGS_NAMESPACE, bindingsFromXml, bindingsXml, type BindingStore, type BindingTarget } from '../../addin/binding.js';
import type { WriteOptions } from '../../addin/excel-workbook.js';
import type { TablePort } from '../../addin/refresh.js';
import { insertBlockedBy, matchColumns, rowsToInsert } from '../../addin/table-plan.js';
import { insertRows } from './insert-rows.js';
import { cellsFor, NUMBER_FORMATS, type ResultTable } from '../../addin/result-table.js';
import { followTable, overlaps, parseCell, parseQualified, parseRange, rangeAddress, type Range } from '../../addin/cell-address.js';
import { childrenNamed, descendantsNamed, firstChild, NS, REL_TYPE, type XlsxPackage } from './xlsx-package.js';
import { XlsxStyles } from './xlsx-styles.js';
import { SheetPart } from './sheet-part.js';

const TABLE_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml';
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

export class XlsxWorkbook implements TablePort {
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
    return part ? bindingsFromXml(this.pkg.text(part)) : null;
  }

  async saveBindings(store: BindingStore): Promise<void> {
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
    const match = existing ? matchColumns(oldColumns, table.columns) : { columnOf: table.columns.map((_, i) => i), added: [] as string[], renamed: [] as Array<{ index: number; name: string }>, noColumns: false };
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

    // Excel writes values only: a kept column's cells keep the user's format, rows added take its first row's.
    const userStyle = new Map<number, number[]>();
    if (existing)
      for (const col of match.columnOf)
        if (col < oldColumns.length && !match.renamed.some((r) => r.index === col))
          userStyle.set(col, Array.from({ length: Math.max(existing.ref.bottom - top, 1) }, (_, r) => cells.styleOf(top + 1 + r, left + col)));
    if (existing) {
      // Body cells of the result's columns, and rows a shrink leaves (the user's columns too: they are outside the table now).
      for (const col of match.columnOf) cells.clear({ top: top + 1, bottom: existing.ref.bottom, left: left + col, right: left + col });
      if (existing.ref.bottom > tableRange.bottom) cells.clear({ top: tableRange.bottom + 1, bottom: existing.ref.bottom, left, right: existing.ref.right });
    }
    const styles = (this.styles ??= new XlsxStyles(this.pkg));
    if (top > 0) cells.set(top - 1, left, caption, styles.caption());
    const headers = existing ? [...match.renamed, ...match.added.map((name, i) => ({ index: oldColumns.length + i, name }))] : table.columns.map((name, index) => ({ index, name }));
    for (const { index, name } of headers) cells.set(top, left + index, name, 0);
    const formats = table.kinds.map((kind) => NUMBER_FORMATS[kind]);
    const values = cellsFor(table, table.rows);
    values.forEach((row, r) =>
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

    const columns = existing ? [...oldColumns.map((name, i) => match.renamed.find((r) => r.index === i)?.name ?? name), ...match.added] : table.columns;
    if (existing) this.updateTable(existing, tableRange, columns);
    else this.createTable(sheetPath, target.table, tableRange, columns, tables);
    const resultColumn = (col: number) => match.columnOf.indexOf(col - left);
    if (existing) this.followReferences(target.sheet, existing.ref, tableRange, (row, col) => (row === tableRange.top ? columns[col - left] : values[row - tableRange.top - 1]?.[resultColumn(col)]));
    this.cellsChanged = true;
    return address;
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

  /** The file's bytes: when cells changed, Excel's calculation chain is dropped and a full recalculation asked for on open. */
  toBytes(): Uint8Array {
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
