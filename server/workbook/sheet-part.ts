/**
 * A worksheet part, split in two: its rows (sheetData) kept as text, row by row, so a sheet of
 * many thousand rows is rewritten in time proportional to its size and rows a refresh does not
 * touch are copied exactly; and the rest of the sheet (dimension, table parts, drawing…) as a
 * small DOM. Cells are addressed by zero-based row and column.
 */
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { cellAddress, columnName, contains, parseCell, rangeAddress, type Range } from '../../addin/cell-address.js';
import { childrenNamed, XlsxFormatError } from './xlsx-package.js';

interface Row {
  /** The row as read, while nothing in it has changed. */
  raw?: string;
  /** Attributes of the row element (` r="5" spans="1:3" ht="20"`). */
  attributes: string;
  /** The inside of the row, while it is unparsed. */
  body: string;
  /** Its cells' XML by column, once parsed. */
  cells?: Map<number, string>;
}

export type CellValue = string | number | boolean | null;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) =>
    name[0] === '#' ? String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1))) : (ENTITIES[name] ?? whole),
  );
/** Text for an element's content: XML-escaped, characters XML cannot hold written as Excel does (`_x0001_`). */
export const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold, escaped as Excel does (_x0001_)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);

/** A worksheet's child elements in the order the file format requires. */
const WORKSHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection', 'protectedRanges', 'scenarios',
  'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells', 'phoneticPr', 'conditionalFormatting', 'dataValidations',
  'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches',
  'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems',
  'tableParts', 'extLst',
];

const attribute = (attributes: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];

export class SheetPart {
  /** The sheet without its rows (`<sheetData/>`), for the elements around them. */
  readonly doc: Document;
  private readonly rows = new Map<number, Row>();
  private readonly p: string;
  changed = false;

  constructor(xml: string) {
    const open = /<(?:(\w+):)?sheetData\b[^>]*?(\/?)>/.exec(xml);
    if (!open) throw new XlsxFormatError('A worksheet has no sheetData.');
    this.p = open[1] ? `${open[1]}:` : '';
    const start = open.index + open[0].length;
    const end = open[2] ? start : xml.indexOf(`</${this.p}sheetData>`, start);
    if (end < 0) throw new XlsxFormatError('A worksheet has no end to its sheetData.');
    const skeleton = `${xml.slice(0, open.index)}<${this.p}sheetData/>${xml.slice(open[2] ? start : end + `</${this.p}sheetData>`.length)}`;
    const errors: string[] = [];
    this.doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(skeleton, 'text/xml');
    if (errors.length || !this.doc.documentElement) throw new XlsxFormatError(`A worksheet is not well-formed XML: ${errors[0] ?? 'no root element'}`);
    const rowPattern = new RegExp(`<${this.p}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${this.p}row>)`, 'g');
    let previous = 0;
    for (const match of xml.slice(start, end).matchAll(rowPattern)) {
      const number = Number(attribute(match[1], 'r')) || previous + 1;
      previous = number;
      const row: Row = { attributes: match[1], body: match[2] ?? '' };
      if (attribute(match[1], 'r')) row.raw = match[0];
      else row.attributes = ` r="${number}"${match[1]}`;
      this.rows.set(number - 1, row);
    }
  }

  private cellsOf(row: Row): Map<number, string> {
    if (!row.cells) {
      row.cells = new Map();
      let previous = -1;
      for (const match of row.body.matchAll(new RegExp(`<${this.p}c\\b([^>]*?)(?:/>|>[\\s\\S]*?</${this.p}c>)`, 'g'))) {
        const ref = attribute(match[1], 'r');
        previous = ref ? parseCell(ref).col : previous + 1;
        row.cells.set(previous, ref ? match[0] : match[0].replace(`<${this.p}c`, `<${this.p}c r="${columnName(previous)}${this.rowNumberOf(row)}"`));
      }
    }
    return row.cells;
  }

  private rowNumberOf(row: Row): number {
    return Number(attribute(row.attributes, 'r'));
  }

  /** A row about to change: its cached text dropped, `spans` (a hint that could now be wrong) removed. */
  private edit(row: Row): Map<number, string> {
    const cells = this.cellsOf(row);
    row.raw = undefined;
    row.attributes = row.attributes.replace(/\sspans="[^"]*"/, '');
    this.changed = true;
    return cells;
  }

  /** The worksheet's child element `name` (pageSetup, headerFooter…), made in its place if missing; call `touch()` after changing it. */
  element(name: string): Element {
    const root = this.doc.documentElement!;
    const found = childrenNamed(root, name)[0];
    if (found) return found;
    const element = this.doc.createElementNS(root.namespaceURI, `${this.p}${name}`);
    const later = new Set(WORKSHEET_ORDER.slice(WORKSHEET_ORDER.indexOf(name) + 1));
    let before = root.firstChild;
    while (before && !(before.nodeType === 1 && later.has((before as Element).localName ?? ''))) before = before.nextSibling;
    root.insertBefore(element, before);
    this.changed = true;
    return element;
  }

  /** Marks the sheet's elements as changed, so it is written back. */
  touch(): void {
    this.changed = true;
  }

  /**
   * Drops the last results saved with formulas (and their result types), so a program that does not
   * recalculate a file on opening (LibreOffice, by default) calculates these cells instead of
   * showing what they were before the refresh. Returns how many formulas it cleared.
   */
  dropFormulaResults(): number {
    const formula = new RegExp(`<${this.p}f[\\s>/]`);
    const value = new RegExp(`<${this.p}v>[\\s\\S]*?</${this.p}v>|<${this.p}v/>`);
    let cleared = 0;
    for (const row of this.rows.values()) {
      if (!row.cells && !formula.test(row.raw ?? row.body)) continue;
      const cells = this.cellsOf(row);
      const withResults = [...cells].filter(([, xml]) => formula.test(xml) && value.test(xml));
      if (!withResults.length) continue;
      const edited = this.edit(row);
      for (const [col, xml] of withResults) edited.set(col, xml.replace(value, '').replace(/^(<[^>]*?)\s+t="(?:str|b|e|n)"/, '$1'));
      cleared += withResults.length;
    }
    return cleared;
  }

  /** The value a cell shows: shared strings resolved through `shared`, formulas by their last result. */
  value(row: number, col: number, shared: string[]): unknown {
    const entry = this.rows.get(row);
    const xml = entry && this.cellsOf(entry).get(col);
    if (!xml) return '';
    const head = /^<[^>]*>/.exec(xml)![0];
    const type = attribute(head, 't');
    if (type === 'inlineStr') return [...xml.matchAll(new RegExp(`<${this.p}t\\b[^>]*>([\\s\\S]*?)</${this.p}t>`, 'g'))].map((m) => unescapeXml(m[1])).join('');
    const v = new RegExp(`<${this.p}v>([\\s\\S]*?)</${this.p}v>`).exec(xml)?.[1];
    if (v === undefined) return '';
    if (type === 's') return shared[Number(v)] ?? '';
    if (type === 'b') return v === '1';
    if (type === 'str' || type === 'e') return unescapeXml(v);
    return Number(v);
  }

  /** Sets a row's height in points (a custom height, kept when the row's cells change). */
  setHeight(row: number, points: number): void {
    let entry = this.rows.get(row);
    if (!entry) this.rows.set(row, (entry = { attributes: ` r="${row + 1}"`, body: '', cells: new Map() }));
    this.edit(entry);
    entry.attributes = `${entry.attributes.replace(/\s(ht|customHeight)="[^"]*"/g, '')} ht="${points}" customHeight="1"`;
  }

  /** A cell's style index (`s`), 0 when it has none. */
  styleOf(row: number, col: number): number {
    const entry = this.rows.get(row);
    const xml = entry && this.cellsOf(entry).get(col);
    return xml ? Number(attribute(/^<[^>]*>/.exec(xml)![0], 's') ?? 0) : 0;
  }

  /** Every cell that holds something: its place, shown value and style. */
  *entries(shared: string[]): Generator<{ row: number; col: number; value: unknown; style: number }> {
    for (const [row, entry] of this.rows)
      for (const col of this.cellsOf(entry).keys()) {
        const value = this.value(row, col, shared);
        if (value !== '') yield { row, col, value, style: this.styleOf(row, col) };
      }
  }

  /** Addresses of cells in `range` that hold a value or formula (styled empty cells do not count). */
  occupied(range: Range): string[] {
    const found: string[] = [];
    for (const [number, row] of this.rows) {
      if (number < range.top || number > range.bottom) continue;
      for (const [col, xml] of this.cellsOf(row))
        if (contains(range, number, col) && new RegExp(`<${this.p}(v|is|f)\\b`).test(xml)) found.push(cellAddress({ row: number, col }));
    }
    return found;
  }

  /** Removes the cells of a range, values and formats (as Excel's clear()); rows left empty and plain go. */
  clear(range: Range): void {
    for (const [number, row] of this.rows) {
      if (number < range.top || number > range.bottom) continue;
      const cells = this.edit(row);
      for (const col of [...cells.keys()]) if (contains(range, number, col)) cells.delete(col);
      if (cells.size === 0 && /^\s*r="\d+"\s*$/.test(row.attributes)) this.rows.delete(number);
    }
  }

  /** Writes a cell (text as an inline string) with a style, replacing whatever was there. */
  set(row: number, col: number, value: CellValue, style: number): void {
    let entry = this.rows.get(row);
    if (!entry) this.rows.set(row, (entry = { attributes: ` r="${row + 1}"`, body: '', cells: new Map() }));
    const r = cellAddress({ row, col });
    const s = style ? ` s="${style}"` : '';
    const c = `${this.p}c`;
    let xml: string;
    if (typeof value === 'string') {
      const space = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : '';
      xml = `<${c} r="${r}"${s} t="inlineStr"><${this.p}is><${this.p}t${space}>${escapeXml(value)}</${this.p}t></${this.p}is></${c}>`;
    } else if (typeof value === 'boolean') xml = `<${c} r="${r}"${s} t="b"><${this.p}v>${value ? 1 : 0}</${this.p}v></${c}>`;
    else if (typeof value === 'number') xml = `<${c} r="${r}"${s}><${this.p}v>${value}</${this.p}v></${c}>`;
    else xml = `<${c} r="${r}"${s}/>`;
    this.edit(entry).set(col, xml);
  }

  /** A cell holding a formula (no cached value: the file asks for a full recalculation on open). */
  setFormula(row: number, col: number, formula: string, style: number): void {
    let entry = this.rows.get(row);
    if (!entry) this.rows.set(row, (entry = { attributes: ` r="${row + 1}"`, body: '', cells: new Map() }));
    const s = style ? ` s="${style}"` : '';
    this.edit(entry).set(col, `<${this.p}c r="${cellAddress({ row, col })}"${s}><${this.p}f>${escapeXml(formula)}</${this.p}f></${this.p}c>`);
  }

  /** Entire rows inserted at `at` (zero-based): every row from there down is renumbered `count` rows lower. */
  insertRows(at: number, count: number): void {
    const moving = [...this.rows].filter(([number]) => number >= at).sort(([a], [b]) => b - a);
    for (const [number, row] of moving) {
      const cells = this.edit(row);
      this.rows.delete(number);
      row.attributes = row.attributes.replace(/\sr="\d+"/, ` r="${number + count + 1}"`);
      for (const [col, xml] of cells) cells.set(col, xml.replace(/^(<[^>]*?\sr=")[A-Z]+\d+"/, `$1${cellAddress({ row: number + count, col })}"`));
      this.rows.set(number + count, row);
    }
  }

  /** Rewrites every formula's text, and the `ref` of shared and array formulas. */
  mapFormulas(text: (formula: string) => string, ref: (range: string) => string): void {
    const f = new RegExp(`<${this.p}f\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${this.p}f>)`, 'g');
    for (const row of this.rows.values()) {
      if (!(row.cells ? [...row.cells.values()].join('') : row.body).includes(`<${this.p}f`)) continue;
      const cells = this.cellsOf(row);
      for (const [col, xml] of cells) {
        const next = xml.replace(f, (whole, attributes: string, body?: string) => {
          const attrs = attributes.replace(/\sref="([^"]*)"/, (_m, r: string) => ` ref="${ref(r)}"`);
          const formula = body === undefined ? undefined : unescapeXml(body);
          const rewritten = formula === undefined ? undefined : text(formula);
          if (attrs === attributes && rewritten === formula) return whole;
          return rewritten === undefined ? `<${this.p}f${attrs}/>` : `<${this.p}f${attrs}>${escapeXml(rewritten)}</${this.p}f>`;
        });
        if (next !== xml) this.edit(row).set(col, next);
      }
    }
  }

  /** The block the sheet's cells cover (for `<dimension>`), or undefined for an empty sheet. */
  bounds(): Range | undefined {
    let bounds: Range | undefined;
    for (const [number, row] of this.rows) {
      const cols = row.cells ? [...row.cells.keys()] : [...row.body.matchAll(new RegExp(`<${this.p}c\\b[^>]*?\\sr="([A-Z]+)\\d+"`, 'g'))].map((m) => parseCell(`${m[1]}1`).col);
      if (!cols.length) continue;
      const left = Math.min(...cols);
      const right = Math.max(...cols);
      bounds = bounds
        ? { top: Math.min(bounds.top, number), bottom: Math.max(bounds.bottom, number), left: Math.min(bounds.left, left), right: Math.max(bounds.right, right) }
        : { top: number, bottom: number, left, right };
    }
    return bounds;
  }

  /** `A1:D40` (or one cell) for the sheet's `<dimension ref>`. */
  dimension(): string {
    const b = this.bounds();
    if (!b) return 'A1';
    return b.top === b.bottom && b.left === b.right ? cellAddress({ row: b.top, col: b.left }) : rangeAddress(b);
  }

  serialize(): string {
    const rows = [...this.rows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, row]) => {
        if (row.raw !== undefined) return row.raw;
        const cells = [...this.cellsOf(row).entries()].sort(([a], [b]) => a - b).map(([, xml]) => xml);
        return cells.length ? `<${this.p}row${row.attributes}>${cells.join('')}</${this.p}row>` : `<${this.p}row${row.attributes}/>`;
      })
      .join('');
    const skeleton = new XMLSerializer().serializeToString(this.doc);
    const empty = new RegExp(`<${this.p}sheetData\\s*/>`);
    if (!empty.test(skeleton)) throw new XlsxFormatError('A worksheet lost its sheetData.');
    return skeleton.replace(empty, () => (rows ? `<${this.p}sheetData>${rows}</${this.p}sheetData>` : `<${this.p}sheetData/>`));
  }
}
