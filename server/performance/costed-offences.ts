import type { CostedCount } from '../disclosure/small-counts.js';

/**
 * The measures that cost offences count them by unit cost in SQL (one row per group and unit cost,
 * the unit cost in `unit_cost`), so that a cost is always worked out from counts: the counts a
 * caller may see (server/disclosure/).
 */

/** The SQL's rows by the key `keyOf` gives, in the order the keys first appear. */
export function rowsByKey(rows: readonly Record<string, unknown>[], keyOf: (row: Record<string, unknown>) => string): Record<string, unknown>[][] {
  const byKey = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = keyOf(row);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  return [...byKey.values()];
}

/** A group's offences by unit cost from the count in `column` of each of its rows (rows with no unit cost or no offences left out). */
export function costedCounts(rows: readonly Record<string, unknown>[], column: string): CostedCount[] {
  return rows
    .filter((row) => row.unit_cost !== null && row.unit_cost !== undefined && Number(row[column] ?? 0) > 0)
    .map((row) => ({ unitCostPence: Number(row.unit_cost), count: Number(row[column]) }));
}
