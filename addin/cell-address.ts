/**
 * Cell addresses in A1 notation, for the add-in and for the `.xlsx` files the command line writes:
 * `B3` ↔ zero-based row and column, the block a table of a given size covers, ranges as they appear
 * in workbook parts (`Sheet1!$A$2:$C$9`, `'Cost share plan'!$B$4`), and the rule that moves a
 * reference's last row when the table it covers grows or shrinks.
 */

export interface CellRef {
  row: number;
  col: number;
}

export function parseCell(address: string): CellRef {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.replace(/^.*!/, '').trim());
  if (!match) throw new Error(`"${address}" is not a cell address like B3.`);
  const col = [...match[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, col };
}

export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export const cellAddress = ({ row, col }: CellRef) => `${columnName(col)}${row + 1}`;

/** The address of a block `rows` × `cols` whose top-left is `anchor` moved down `rowOffset` rows. */
export function blockAddress(anchor: string, rowOffset: number, rows: number, cols: number): string {
  const start = parseCell(anchor);
  const top = { row: start.row + rowOffset, col: start.col };
  const bottom = { row: top.row + Math.max(rows, 1) - 1, col: top.col + Math.max(cols, 1) - 1 };
  return `${cellAddress(top)}:${cellAddress(bottom)}`;
}

/** Zero-based, inclusive. */
export interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function parseRange(address: string): Range {
  const [from, to = from] = address.replace(/^.*!/, '').split(':');
  const a = parseCell(from);
  const b = parseCell(to);
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

export const rangeAddress = (r: Range) => `${cellAddress({ row: r.top, col: r.left })}:${cellAddress({ row: r.bottom, col: r.right })}`;

export const overlaps = (a: Range, b: Range) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

export const contains = (r: Range, row: number, col: number) => row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;

const SHEET = String.raw`(?:'(?:[^']|'')+'|[A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*)`;
/** `Sheet!$A$1` or `Sheet!$A$1:$B$9` inside a formula. */
const QUALIFIED = new RegExp(String.raw`(${SHEET})!(\$?)([A-Z]{1,3})(\$?)(\d+)(?::(\$?)([A-Z]{1,3})(\$?)(\d+))?`, 'g');

/** `Sheet 1` → `'Sheet 1'` for use in a formula or qualified address. */
export const quoteSheet = (sheet: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`);
export const unquoteSheet = (sheet: string) => (sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet);

/** A defined name's single qualified reference (`Sheet1!$B$1`), or undefined for anything else. */
export function parseQualified(formula: string): { sheet: string; range: Range } | undefined {
  const text = formula.trim();
  QUALIFIED.lastIndex = 0;
  const match = QUALIFIED.exec(text);
  if (!match || match.index !== 0 || match[0].length !== text.length) return undefined;
  return { sheet: unquoteSheet(match[1]), range: parseRange(match[0].slice(match[1].length + 1).replace(/\$/g, '')) };
}

/**
 * Rewrites references in a formula that cover a table's rows on `sheet` (they end on its old last
 * row and start on its caption, header or first body row, within its columns) so they end on the
 * new last row, as Excel does for a chart over a table that grows. Calls `onMoved` with each new range.
 */
export function followTable(formula: string, sheet: string, old: Range, bottom: number, onMoved: (range: Range) => void = () => {}): string {
  return formula.replace(QUALIFIED, (whole, sheetPart: string, c1: string, col1: string, r1: string, row1: string, c2?: string, col2?: string, r2?: string, row2?: string) => {
    if (!col2 || unquoteSheet(sheetPart).toLowerCase() !== sheet.toLowerCase()) return whole;
    const range = parseRange(`${col1}${row1}:${col2}${row2}`);
    const covers = range.bottom === old.bottom && range.top >= old.top - 1 && range.top <= old.top + 1 && range.left >= old.left && range.right <= old.right;
    if (!covers || range.bottom === bottom) return whole;
    const moved = { ...range, bottom };
    onMoved(moved);
    return `${sheetPart}!${c1}${col1}${r1}${row1}:${c2}${col2}${r2}${bottom + 1}`;
  });
}
