/**
 * The add-in's workbook port (what running a binding needs) on an .xlsx file instead of Excel:
 * bindings from the custom XML part, named cells from defined names, and a bound table written
 * at the zip + XML level. A refresh changes only the bound block's cells, its table part, the
 * references that followed the table (defined names, chart series) and the bindings part.
 */
import type { Element } from '@xmldom/xmldom';
import { BINDINGS_NAMESPACE, bindingsFromXml, bindingsXml, type BindingStore, type BindingTarget } from '../../addin/binding.js';
import type { TablePort } from '../../addin/refresh.js';
import { cellsFor, NUMBER_FORMATS, type ResultTable } from '../../addin/result-table.js';
import { blockAddress, contains, followTable, overlaps, parseCell, parseQualified, parseRange, rangeAddress, type Range } from '../../addin/cell-address.js';
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

  async writeTable(target: BindingTarget, caption: string, table: ResultTable): Promise<string> {
    const width = table.columns.length;
    const bodyRows = Math.max(table.rows.length, 1);
    const address = blockAddress(target.anchor, 0, bodyRows + 2, width);
    const tableRange = parseRange(blockAddress(target.anchor, 1, bodyRows + 1, width));
    const sheetPath = this.sheetPath(target.sheet);
    const tables = this.tables();
    const existing = tables.find((t) => t.name.toLowerCase() === target.table.toLowerCase());
    if (existing && existing.sheetPath !== sheetPath) throw new Error(`The table ${target.table} is not on the sheet "${target.sheet}" any more.`);
    const blocking = tables.find((t) => t !== existing && t.sheetPath === sheetPath && overlaps(t.ref, parseRange(address)));
    if (blocking) throw new Error(`The table would now reach ${rangeAddress(tableRange)} and run into the table ${blocking.name} at ${rangeAddress(blocking.ref)}; move one of them apart.`);

    const cells = this.sheet(sheetPath);
    // The caption cell is the binding's own even before its first table (a template section the hub could not answer shows its message there).
    const cleared = [target.address, existing && rangeAddress(existing.ref), target.anchor].filter((old): old is string => Boolean(old)).map(parseRange);
    // Excel would write over them; a refresh with nobody watching refuses instead.
    const overwritten = cells.occupied(parseRange(address)).filter((ref) => !cleared.some((old) => contains(old, parseCell(ref).row, parseCell(ref).col)));
    if (overwritten.length)
      throw new Error(`The table would now reach ${rangeAddress(tableRange)} and write over ${overwritten.length === 1 ? 'the cell' : `${overwritten.length} cells:`} ${overwritten.slice(0, 5).join(', ')}${overwritten.length > 5 ? '…' : ''}; make room below the table.`);
    for (const old of cleared) cells.clear(old);

    const styles = (this.styles ??= new XlsxStyles(this.pkg));
    const { row: top, col: left } = parseCell(target.anchor);
    cells.set(top, left, caption, styles.caption());
    table.columns.forEach((column, i) => cells.set(top + 1, left + i, column, 0));
    const formats = table.kinds.map((kind) => NUMBER_FORMATS[kind]);
    const values = cellsFor(table, table.rows);
    values.forEach((row, r) =>
      row.forEach((value, c) => {
        // Like Excel given `'text`: the text without its apostrophe, marked as text (quote prefix).
        const quoted = typeof value === 'string' && value.startsWith("'");
        cells.set(top + 2 + r, left + c, value === '' ? null : quoted ? value.slice(1) : value, styles.cell(formats[c], quoted));
      }),
    );
    firstChild(cells.doc.documentElement!, 'dimension')?.setAttribute('ref', cells.dimension());

    if (existing) this.updateTable(existing, tableRange, table.columns);
    else this.createTable(sheetPath, target.table, tableRange, table.columns, tables);
    if (existing) this.followReferences(target.sheet, existing.ref, tableRange, (row, col) => (row === tableRange.top ? table.columns[col - left] : values[row - tableRange.top - 1]?.[col - left]));
    this.cellsChanged = true;
    return address;
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
