/**
 * Where a field is in a bound table the user edits. Every reader of an edited sheet finds its
 * columns through this one function, so a table laid out under other headers only needs it changed.
 */
export interface SheetTable {
  columns: string[];
  rows: unknown[][];
}

/** The column index of a field path (`lines.fte`, `shares.percent`) in the table's header; -1 when absent. */
export function columnOf(table: Pick<SheetTable, 'columns'>, fieldPath: string): number {
  return table.columns.findIndex((header) => String(header).trim() === fieldPath);
}

/** How a problem names a column: the header the user sees. */
export function columnName(table: Pick<SheetTable, 'columns'>, fieldPath: string): string {
  const index = columnOf(table, fieldPath);
  return index < 0 ? fieldPath : String(table.columns[index]);
}
