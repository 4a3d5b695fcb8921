/**
 * How a fresh result lands on a table that is already in the sheet, decided without Excel: the
 * result's columns go to the table's columns of the same name (wherever the user moved them), new
 * ones are added at the right, the user's own columns are left alone, and a table that grows gets
 * entire rows inserted below it when the rows it needs are not free, so what sits below moves down.
 */

/** The one column of a table written for an answer that had no columns at all. */
export const NO_DATA_COLUMN = '(no data for these variables)';

export interface ColumnMatch {
  /** For each result column, the index of the table column it is written to. */
  columnOf: number[];
  /** Result columns the table does not have, added at its right in this order. */
  added: string[];
  /** Table columns given a result column's name (the no-data column of an answer that now has columns). */
  renamed: Array<{ index: number; name: string }>;
  /** The answer has no columns: the table keeps its header and its columns are emptied. */
  noColumns: boolean;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Matches result columns to a table's columns by name, as Excel names them (case does not matter). */
export function matchColumns(tableColumns: readonly string[], resultColumns: readonly string[]): ColumnMatch {
  const noColumns = resultColumns.length === 0 || (resultColumns.length === 1 && resultColumns[0] === NO_DATA_COLUMN);
  if (noColumns) return { columnOf: [], added: [], renamed: [], noColumns };
  if (tableColumns.length === 1 && tableColumns[0] === NO_DATA_COLUMN) {
    return { columnOf: resultColumns.map((_, i) => i), added: resultColumns.slice(1), renamed: [{ index: 0, name: resultColumns[0] }], noColumns };
  }
  const added: string[] = [];
  const columnOf = resultColumns.map((name) => {
    const found = tableColumns.findIndex((column) => same(column, name));
    if (found >= 0) return found;
    added.push(name);
    return tableColumns.length + added.length - 1;
  });
  return { columnOf, added, renamed: [], noColumns };
}

/** How many of the first `rows` rows of a block hold nothing (`cells` as Excel's `formulas`: text, numbers, formulas). */
export function leadingEmptyRows(cells: ReadonlyArray<ReadonlyArray<unknown>>): number {
  const filled = cells.findIndex((row) => row.some((cell) => cell !== '' && cell !== null && cell !== undefined));
  return filled < 0 ? cells.length : filled;
}

/**
 * Entire rows to insert under a table that grows by `growth` rows, given how many rows under it are
 * free (counted over `growth + 1` rows): enough that the table fits and keeps one empty row before
 * what follows it, if it had one; none when the rows are free.
 */
export function rowsToInsert(growth: number, freeRows: number): number {
  if (growth <= 0) return 0;
  const gap = freeRows > 0 ? 1 : 0;
  return Math.max(0, growth + gap - freeRows);
}

/** A table on a sheet, zero-based and inclusive (its header row is `top`). */
export interface PlacedTable {
  name: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Why entire rows cannot be inserted at `row` (zero-based) without splitting another table: one
 * that starts above that row and reaches it (beside ours, say). Undefined when nothing is in the way.
 */
export function insertBlockedBy(tables: readonly PlacedTable[], row: number, own?: string): PlacedTable | undefined {
  return tables.find((t) => t.name !== own && t.top < row && t.bottom >= row);
}
