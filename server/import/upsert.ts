/**
 * Writes a batch of rows with one multi-row INSERT … ON CONFLICT (key) DO UPDATE through knex
 * (portable to PostgreSQL), after one SELECT that tells which rows are new, changed or the same.
 * Only new and changed rows are sent, so a re-import of the same file writes nothing, and a
 * versioned row's version moves on only when its values really change.
 */
import type { Knex } from 'knex';

export type RowStatus = 'inserted' | 'updated' | 'unchanged';
export type DbRow = Record<string, unknown>;

export interface TableSpec {
  table: string;
  /** The columns of the unique index the upsert matches on (two). */
  key: readonly [string, string];
  /** The columns an import sets and compares. */
  values: readonly string[];
  /** Has `version` and `updated_at` (server/db/versioned.ts). */
  versioned: boolean;
}

/** Values as the database gives them back: booleans as 0/1 (SQLite), JSON as text. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

const keyOf = (spec: TableSpec, row: DbRow) => `${row[spec.key[0]]}\u0000${row[spec.key[1]]}`;

export async function upsertBatch(db: Knex, spec: TableSpec, rows: readonly DbRow[], write: boolean): Promise<RowStatus[]> {
  if (!rows.length) return [];
  const firsts = [...new Set(rows.map((row) => row[spec.key[0]]))] as Knex.Value[];
  const seconds = [...new Set(rows.map((row) => row[spec.key[1]]).filter((v) => v !== null && v !== undefined))] as Knex.Value[];
  const existing: DbRow[] = seconds.length
    ? await db(spec.table).select([...spec.key, ...spec.values]).whereIn(spec.key[0], firsts).whereIn(spec.key[1], seconds)
    : [];
  const byKey = new Map(existing.map((row) => [keyOf(spec, row), row]));
  const statuses = rows.map((row): RowStatus => {
    const before = byKey.get(keyOf(spec, row));
    if (!before) return 'inserted';
    return spec.values.every((column) => comparable(before[column]) === comparable(row[column])) ? 'unchanged' : 'updated';
  });
  if (write) {
    const changed = rows.filter((_, i) => statuses[i] !== 'unchanged');
    if (changed.length) {
      const now = new Date();
      const data = spec.versioned ? changed.map((row) => ({ ...row, version: 1, updated_at: now })) : changed;
      const merge: Record<string, Knex.Raw> = {};
      for (const column of [...spec.values, ...(spec.versioned ? ['updated_at'] : [])]) merge[column] = db.raw('excluded.??', [column]);
      if (spec.versioned) merge.version = db.raw('??.?? + 1', [spec.table, 'version']);
      await db(spec.table).insert(data).onConflict([...spec.key]).merge(merge);
    }
  }
  return statuses;
}
