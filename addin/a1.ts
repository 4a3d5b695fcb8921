/** A1 addresses: `B3` ↔ zero-based row and column, and the block a table of a given size covers. */

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

/** `Sheet 1` → `'Sheet 1'` for use in a formula or qualified address. */
export const quoteSheet = (sheet: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`);
