/**
 * Writes a batch of rows with one multi-row INSERT … VALUES … ON CONFLICT (key) DO UPDATE through
 * knex (standard SQL that SQLite and PostgreSQL both run; knex's own insert() would compile to
 * UNION ALL selects on SQLite, which it caps at 500 rows), after one SELECT that tells which rows are new, changed or the same.
 * Only new and changed rows are sent, so a re-import of the same file writes nothing, and a
 * versioned row's version moves on only when its values really change.
 */
import type { Knex } from 'knex';

export type RowStatus = 'inserted' | 'updated' | 'unchanged';
export type DbRow = Record<string, unknown>;

export interface TableSpec {
  table: string;
  /** The columns of the unique index the upsert matches on (one or two). */
  key: readonly [string] | readonly [string, string];
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

const keyOf = (spec: TableSpec, row: DbRow) => spec.key.map((column) => row[column]).join('\u0000');
/** The key's last column: the one a row may leave empty (records added by hand have no reference). */
const lastKey = (spec: TableSpec) => spec.key[spec.key.length - 1];

/** SQLite binds at most 32,766 values per statement (PostgreSQL 65,535): each statement stays under 30,000. */
const MAX_BOUND_VALUES = 30_000;

/**
 * Whether the table has no row with a key yet (checked once, inside the import's transaction): if
 * so, every row of a file without duplicates is new, and the batches need no look-up first.
 */
export async function hasNoKeyedRows(db: Knex, spec: TableSpec): Promise<boolean> {
  return (await db(spec.table).select(db.raw('1')).whereNotNull(lastKey(spec)).limit(1)).length === 0;
}

export async function upsertBatch(db: Knex, spec: TableSpec, rows: readonly DbRow[], write: boolean, allNew = false): Promise<RowStatus[]> {
  if (!rows.length) return [];
  if (allNew) {
    if (write) await insertOrUpdate(db, spec, rows);
    return rows.map(() => 'inserted');
  }
  // a = ? AND b IN (…) per value of the key's first column: one probe of the unique index per row,
  // and each parameter compared with a column, so PostgreSQL knows its type as SQLite does.
  const last = lastKey(spec);
  const keyed = rows.filter((row) => row[last] !== null && row[last] !== undefined);
  const byFirst = new Map<unknown, unknown[]>();
  for (const row of keyed) {
    const first = spec.key.length === 1 ? null : row[spec.key[0]];
    const seconds = byFirst.get(first) ?? [];
    seconds.push(row[last]);
    byFirst.set(first, seconds);
  }
  const existing: DbRow[] = [];
  for (const [first, seconds] of byFirst)
    for (const chunk of chunks(seconds, MAX_BOUND_VALUES)) {
      const query = db(spec.table).select([...spec.key, ...spec.values]).whereIn(last, chunk as Knex.Value[]);
      if (spec.key.length === 2) query.where(spec.key[0], first as Knex.Value);
      existing.push(...((await query) as DbRow[]));
    }
  const byKey = new Map(existing.map((row) => [keyOf(spec, row), row]));
  const statuses = rows.map((row): RowStatus => {
    const before = byKey.get(keyOf(spec, row));
    if (!before) return 'inserted';
    return spec.values.every((column) => comparable(before[column]) === comparable(row[column])) ? 'unchanged' : 'updated';
  });
  if (write) {
    const changed = rows.filter((_, i) => statuses[i] !== 'unchanged');
    if (changed.length) await insertOrUpdate(db, spec, changed);
  }
  return statuses;
}

/** One statement for the whole batch; identifiers are bound (`??`), so knex quotes them for the database. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.floor(size)) out.push(items.slice(i, i + Math.floor(size)));
  return out;
}

async function insertOrUpdate(db: Knex, spec: TableSpec, all: readonly DbRow[]): Promise<void> {
  const columns = [...spec.key, ...spec.values, ...(spec.versioned ? ['version', 'updated_at'] : [])];
  for (const rows of chunks(all, MAX_BOUND_VALUES / columns.length)) await insertChunk(db, spec, columns, rows);
}

async function insertChunk(db: Knex, spec: TableSpec, columns: readonly string[], rows: readonly DbRow[]): Promise<void> {
  const now = new Date();
  const updates = [...spec.values, ...(spec.versioned ? ['updated_at'] : [])];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql =
    `insert into ?? (${columns.map(() => '??').join(', ')}) values ${rows.map(() => tuple).join(', ')} ` +
    `on conflict (${spec.key.map(() => '??').join(', ')}) do update set ${updates.map(() => '?? = excluded.??').join(', ')}${spec.versioned ? ', ?? = ??.?? + 1' : ''}`;
  const bindings: unknown[] = [spec.table, ...columns];
  for (const row of rows)
    for (const column of columns) bindings.push(column === 'version' ? 1 : column === 'updated_at' ? now : (row[column] ?? null));
  bindings.push(...spec.key);
  for (const column of updates) bindings.push(column, column);
  if (spec.versioned) bindings.push('version', spec.table, 'version');
  await db.raw(sql, bindings as Knex.RawBinding[]);
}
