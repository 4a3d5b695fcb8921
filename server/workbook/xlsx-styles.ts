/**
 * Cell formats a bound table and a template need (number formats, the muted italic caption, bold
 * headings, the input cells' fill), found
 * in the workbook's styles part or added to it once; nothing already there is changed.
 */
import type { Element } from '@xmldom/xmldom';
import { childrenNamed, firstChild, REL_TYPE, XlsxFormatError, type XlsxPackage } from './xlsx-package.js';

/** Formats Excel knows by number without declaring them. */
const BUILT_IN: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };
/** The caption's and notes' font colour, and an input cell's fill, as the add-in sets them (#616161, #FFF4CE). */
const MUTED = 'FF616161';
const INPUT_FILL = 'FFFFF4CE';

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

  /** A font like the workbook's first with these changes (italic, bold, colour), found or added. */
  private fontId({ bold = false, italic = false, color }: { bold?: boolean; italic?: boolean; color?: string }): number {
    const fonts = this.collection('fonts', ['fills', 'borders', 'cellStyleXfs', 'cellXfs']);
    const all = childrenNamed(fonts, 'font');
    const colourOf = (f: Element) => firstChild(f, 'color')?.getAttribute('rgb')?.toUpperCase();
    const found = all.findIndex((f) => Boolean(firstChild(f, 'i')) === italic && Boolean(firstChild(f, 'b')) === bold && colourOf(f) === color && !firstChild(f, 'u'));
    if (found >= 0) return found;
    const base = all[0];
    const font = this.make(fonts, 'font');
    if (bold) font.appendChild(this.make(font, 'b'));
    if (italic) font.appendChild(this.make(font, 'i'));
    const size = this.make(font, 'sz');
    size.setAttribute('val', firstChild(base ?? font, 'sz')?.getAttribute('val') ?? '11');
    font.appendChild(size);
    if (color) {
      const colour = this.make(font, 'color');
      colour.setAttribute('rgb', color);
      font.appendChild(colour);
    }
    const name = this.make(font, 'name');
    name.setAttribute('val', firstChild(base ?? font, 'name')?.getAttribute('val') ?? 'Calibri');
    font.appendChild(name);
    return this.append(fonts, font, 'font');
  }

  /** A solid fill of one colour, found or added. */
  private fillId(rgb: string): number {
    const fills = this.collection('fills', ['borders', 'cellStyleXfs', 'cellXfs']);
    const all = childrenNamed(fills, 'fill');
    const found = all.findIndex((f) => {
      const pattern = firstChild(f, 'patternFill');
      return pattern?.getAttribute('patternType') === 'solid' && firstChild(pattern, 'fgColor')?.getAttribute('rgb')?.toUpperCase() === rgb;
    });
    if (found >= 0) return found;
    const fill = this.make(fills, 'fill');
    const pattern = this.make(fill, 'patternFill');
    pattern.setAttribute('patternType', 'solid');
    const fg = this.make(pattern, 'fgColor');
    fg.setAttribute('rgb', rgb);
    const bg = this.make(pattern, 'bgColor');
    bg.setAttribute('indexed', '64');
    pattern.appendChild(fg);
    pattern.appendChild(bg);
    fill.appendChild(pattern);
    return this.append(fills, fill, 'fill');
  }

  /** The index of a cell format (cellXfs) with this number format, font and fill, added if missing. */
  private xf(numFmtId: number, fontId: number, quotePrefix: boolean, fillId = 0, wrap = false): number {
    const cellXfs = this.collection('cellXfs', ['cellStyles', 'dxfs', 'tableStyles', 'colors', 'extLst']);
    const all = childrenNamed(cellXfs, 'xf');
    const attr = (xf: Element, name: string) => Number(xf.getAttribute(name) || 0);
    const found = all.findIndex(
      (xf) =>
        attr(xf, 'numFmtId') === numFmtId &&
        attr(xf, 'fontId') === fontId &&
        attr(xf, 'fillId') === fillId &&
        attr(xf, 'borderId') === 0 &&
        (xf.getAttribute('quotePrefix') === '1') === quotePrefix &&
        (wrap ? firstChild(xf, 'alignment')?.getAttribute('wrapText') === '1' && firstChild(xf, 'alignment')!.attributes.length === 1 : !firstChild(xf, 'alignment')) &&
        !firstChild(xf, 'protection'),
    );
    if (found >= 0) return found;
    const xf = this.make(cellXfs, 'xf');
    for (const [name, value] of Object.entries({ numFmtId, fontId, fillId, borderId: 0, xfId: 0 })) xf.setAttribute(name, String(value));
    if (numFmtId) xf.setAttribute('applyNumberFormat', '1');
    if (fontId) xf.setAttribute('applyFont', '1');
    if (fillId) xf.setAttribute('applyFill', '1');
    if (quotePrefix) xf.setAttribute('quotePrefix', '1');
    if (wrap) {
      xf.setAttribute('applyAlignment', '1');
      const alignment = this.make(xf, 'alignment');
      alignment.setAttribute('wrapText', '1');
      xf.appendChild(alignment);
    }
    return this.append(cellXfs, xf, 'xf');
  }

  private cached(key: string, make: () => number): number {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key)!;
  }

  /** The style of a table cell with the number format `code` (quote prefix: text that looked like a formula). */
  cell(code: string, quotePrefix = false): number {
    return this.cached(`cell ${code} ${quotePrefix}`, () => this.xf(this.numberFormatId(code), 0, quotePrefix));
  }

  /** The number format code of a cell style (cellXfs index). */
  numberFormatOfStyle(style: number): string {
    const xf = childrenNamed(firstChild(this.root, 'cellXfs') ?? this.root, 'xf')[style];
    const id = Number(xf?.getAttribute('numFmtId') ?? 0);
    const declared = childrenNamed(firstChild(this.root, 'numFmts') ?? this.root, 'numFmt').find((f) => Number(f.getAttribute('numFmtId')) === id);
    return declared?.getAttribute('formatCode') ?? Object.entries(BUILT_IN).find(([, n]) => n === id)?.[0] ?? 'General';
  }

  /** Whether a style is the caption's or a note's (muted text that runs on to the right). */
  isMuted(style: number): boolean {
    return style !== 0 && (style === this.caption() || style === this.text({ muted: true }));
  }

  /** The caption line's style: muted italic. */
  caption(): number {
    return this.cached('caption', () => this.xf(0, this.fontId({ italic: true, color: MUTED }), false));
  }

  /** A template's heading (bold) or note (muted). */
  text({ bold = false, muted = false }: { bold?: boolean; muted?: boolean }): number {
    if (!bold && !muted) return 0;
    return this.cached(`text ${bold} ${muted}`, () => this.xf(0, this.fontId({ bold, color: muted ? MUTED : undefined }), false));
  }

  /** A table's header cell: bold, wrapping a long label onto more lines. */
  header(): number {
    return this.cached('header', () => this.xf(0, this.fontId({ bold: true }), false, 0, true));
  }

  /** Whether a style wraps its text. */
  wraps(style: number): boolean {
    const xf = childrenNamed(firstChild(this.root, 'cellXfs') ?? this.root, 'xf')[style];
    return Boolean(xf && firstChild(xf, 'alignment')?.getAttribute('wrapText') === '1');
  }

  /** A named input cell: the add-in's pale yellow. */
  input(): number {
    return this.cached('input', () => this.xf(0, 0, false, this.fillId(INPUT_FILL)));
  }
}
