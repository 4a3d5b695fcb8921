/**
 * Where a field is in a bound table the user edits. Every reader of an edited sheet finds its
 * columns through this one function. A table's header row shows the schema's labels ("Share (%)")
 * and the binding keeps each column's field path beside the header it was given, so a field is
 * found by its path through the binding, wherever the user moved the column; a sheet written with
 * field paths as headers (or before the binding kept its columns) is read by its headers.
 */
import type { BoundColumn } from '../binding.js';

export interface SheetTable {
  /** The header row as the sheet shows it. */
  columns: string[];
  rows: unknown[][];
  /** The binding's columns as last written: each field path and its header (absent: the headers are field paths). */
  bound?: readonly BoundColumn[];
}

const trimmed = (header: unknown) => String(header ?? '').trim();

/** The column index of a field path (`lines.fte`, `shares.percent`) in the table; -1 when absent. */
export function columnOf(table: Pick<SheetTable, 'columns' | 'bound'>, fieldPath: string): number {
  const headers = table.columns.map(trimmed);
  const header = table.bound?.find((column) => column.path === fieldPath)?.header;
  const at = header === undefined ? -1 : headers.indexOf(trimmed(header));
  return at >= 0 ? at : headers.indexOf(fieldPath);
}

/** How a problem names a column: the header the user sees (the header it was given, when the sheet lacks it). */
export function columnName(table: Pick<SheetTable, 'columns' | 'bound'>, fieldPath: string): string {
  const index = columnOf(table, fieldPath);
  if (index >= 0) return trimmed(table.columns[index]);
  return table.bound?.find((column) => column.path === fieldPath)?.header ?? fieldPath;
}
