/**
 * Cell formats a bound table needs (the add-in's number formats, the muted italic caption), found
 * in the workbook's styles part or added to it once; nothing already there is changed.
 */
import type { Element } from '@xmldom/xmldom';
import { childrenNamed, firstChild, REL_TYPE, XlsxFormatError, type XlsxPackage } from './xlsx-package.js';

/** Formats Excel knows by number without declaring them. */
const BUILT_IN: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };
/** The caption's font colour, as the add-in sets it (#616161). */
const CAPTION_COLOUR = 'FF616161';

export class XlsxStyles {
  private readonly path: string;
  private readonly cache = new Map<string, number>();

  constructor(private readonly pkg: XlsxPackage) {
    const rel = pkg.relationships('xl/workbook.xml').find((r) => r.type === REL_TYPE.styles);
    if (!rel || !pkg.has(rel.path)) throw new XlsxFormatError('The workbook has no styles part.');
    this.path = rel.path;
  }

  private get root(): Element {
    return this.pkg.xml(this.path).documentElement!;
  }

  private make(parent: Element, name: string): Element {
    const root = this.root;
    return root.ownerDocument!.createElementNS(root.namespaceURI, root.prefix ? `${root.prefix}:${name}` : name);
  }

  /** The collection element (numFmts, fonts, cellXfs), created in schema order when missing. */
  private collection(name: string, before: string[]): Element {
    const found = firstChild(this.root, name);
    if (found) return found;
    const element = this.make(this.root, name);
    const next = before.map((b) => firstChild(this.root, b)).find(Boolean);
    this.root.insertBefore(element, next ?? null);
    return element;
  }

  private append(collection: Element, item: Element, child: string): number {
    collection.appendChild(item);
    const count = childrenNamed(collection, child).length;
    collection.setAttribute('count', String(count));
    this.pkg.touch(this.path);
    return count - 1;
  }

  private numberFormatId(code: string): number {
    if (code in BUILT_IN) return BUILT_IN[code];
    const numFmts = firstChild(this.root, 'numFmts');
    const existing = numFmts && childrenNamed(numFmts, 'numFmt').find((f) => f.getAttribute('formatCode') === code);
    if (existing) return Number(existing.getAttribute('numFmtId'));
    const collection = this.collection('numFmts', ['fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs']);
    const id = Math.max(163, ...childrenNamed(collection, 'numFmt').map((f) => Number(f.getAttribute('numFmtId')) || 0)) + 1;
    const format = this.make(collection, 'numFmt');
    format.setAttribute('numFmtId', String(id));
    format.setAttribute('formatCode', code);
    this.append(collection, format, 'numFmt');
    return id;
  }

  private captionFontId(): number {
    const fonts = this.collection('fonts', ['fills', 'borders', 'cellStyleXfs', 'cellXfs']);
    const all = childrenNamed(fonts, 'font');
    const found = all.findIndex((f) => firstChild(f, 'i') && !firstChild(f, 'b') && firstChild(f, 'color')?.getAttribute('rgb')?.toUpperCase() === CAPTION_COLOUR);
    if (found >= 0) return found;
    const base = all[0];
    const font = this.make(fonts, 'font');
    font.appendChild(this.make(font, 'i'));
    const size = this.make(font, 'sz');
    size.setAttribute('val', firstChild(base ?? font, 'sz')?.getAttribute('val') ?? '11');
    font.appendChild(size);
    const color = this.make(font, 'color');
    color.setAttribute('rgb', CAPTION_COLOUR);
    font.appendChild(color);
    const name = this.make(font, 'name');
    name.setAttribute('val', firstChild(base ?? font, 'name')?.getAttribute('val') ?? 'Calibri');
    font.appendChild(name);
    return this.append(fonts, font, 'font');
  }

  /** The index of a cell format (cellXfs) with this number format and font, added if missing. */
  private xf(numFmtId: number, fontId: number, quotePrefix: boolean): number {
    const cellXfs = this.collection('cellXfs', ['cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst']);
    const all = childrenNamed(cellXfs, 'xf');
    const attr = (xf: Element, name: string) => Number(xf.getAttribute(name) || 0);
    const found = all.findIndex(
      (xf) =>
        attr(xf, 'numFmtId') === numFmtId &&
        attr(xf, 'fontId') === fontId &&
        attr(xf, 'fillId') === 0 &&
        attr(xf, 'borderId') === 0 &&
        (xf.getAttribute('quotePrefix') === '1') === quotePrefix &&
        !firstChild(xf, 'alignment') &&
        !firstChild(xf, 'protection'),
    );
    if (found >= 0) return found;
    const xf = this.make(cellXfs, 'xf');
    for (const [name, value] of Object.entries({ numFmtId, fontId, fillId: 0, borderId: 0, xfId: 0 })) xf.setAttribute(name, String(value));
    if (numFmtId) xf.setAttribute('applyNumberFormat', '1');
    if (fontId) xf.setAttribute('applyFont', '1');
    if (quotePrefix) xf.setAttribute('quotePrefix', '1');
    return this.append(cellXfs, xf, 'xf');
  }

  /** The style of a table cell with the add-in's number format `code` (quote prefix: text that looked like a formula). */
  cell(code: string, quotePrefix = false): number {
    const key = `${code}\u0000${quotePrefix}`;
    if (!this.cache.has(key)) this.cache.set(key, this.xf(this.numberFormatId(code), 0, quotePrefix));
    return this.cache.get(key)!;
  }

  /** The caption line's style: muted italic. */
  caption(): number {
    if (!this.cache.has('caption')) this.cache.set('caption', this.xf(0, this.captionFontId(), false));
    return this.cache.get('caption')!;
  }
}
