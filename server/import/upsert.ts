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
    if (write) await insertOrUpdate(db, spec, rows, true);
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.floor(size)) out.push(items.slice(i, i + Math.floor(size)));
  return out;
}

/** `allNew`: every row is known to be new (a fresh table, a file without duplicates), so PostgreSQL inserts without ON CONFLICT. */
async function insertOrUpdate(db: Knex, spec: TableSpec, all: readonly DbRow[], allNew = false): Promise<void> {
  if (db.client.dialect === 'postgresql') return insertUnnest(db, spec, all, allNew);
  const columns = [...spec.key, ...spec.values];
  for (const rows of chunks(all, MAX_BOUND_VALUES / columns.length)) await insertChunk(db, spec, columns, rows);
}

/** The ON CONFLICT clause of a table's upsert: a row with the key takes the new values (and, versioned, the next version). */
function onConflict(spec: TableSpec, id: (name: string) => string): string {
  const updates = [...spec.values, ...(spec.versioned ? ['updated_at'] : [])];
  return `on conflict (${spec.key.map(id).join(', ')}) do update set ${updates.map((c) => `${id(c)} = excluded.${id(c)}`).join(', ')}` +
    (spec.versioned ? `, ${id('version')} = ${id(spec.table)}.${id('version')} + 1` : '');
}

/** Each table's column types on PostgreSQL (format_type: "integer", "character varying(255)"…), for the unnest casts. */
const columnTypes = new Map<string, Promise<Map<string, string>>>();

function typesOf(db: Knex, table: string): Promise<Map<string, string>> {
  let types = columnTypes.get(table);
  if (!types) {
    types = db
      .raw('select attname, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped', [table])
      .then((result: { rows: { attname: string; type: string }[] }) => new Map(result.rows.map((r) => [r.attname, r.type])));
    types.catch(() => columnTypes.delete(table));
    columnTypes.set(table, types);
  }
  return types;
}

/**
 * On PostgreSQL, the whole batch in one statement with one bound array per column:
 * INSERT … SELECT FROM unnest($1::integer[], $2::text[], …) ON CONFLICT … rather than a VALUES
 * list of thousands of bound values, which PostgreSQL parses and plans value by value. Rows known
 * to be new are inserted without ON CONFLICT (a key met after all is still refused by the unique
 * index, and the import rolls back).
 */
async function insertUnnest(db: Knex, spec: TableSpec, rows: readonly DbRow[], allNew: boolean): Promise<void> {
  const types = await typesOf(db, spec.table);
  const columns = [...spec.key, ...spec.values];
  const id = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const arrays = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`${spec.table} has no column ${column}.`);
    return `$${columns.indexOf(column) + 1}::${type}[]`;
  });
  const sql =
    `insert into ${id(spec.table)} (${[...columns, ...(spec.versioned ? ['version', 'updated_at'] : [])].map(id).join(', ')}) ` +
    `select t.*${spec.versioned ? `, 1, $${columns.length + 1}::${types.get('updated_at')}` : ''} from unnest(${arrays.join(', ')}) as t` +
    (allNew ? '' : ` ${onConflict(spec, id)}`);
  const bindings: unknown[] = columns.map((column) => {
    const values = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = rows[i][column] ?? null;
    return arrayLiteral(values) ?? values;
  });
  if (spec.versioned) bindings.push(new Date());
  await execute(db, sql, bindings);
}

/**
 * A column's values as PostgreSQL's array text, `{"1","two",NULL}`, exactly as the driver would
 * write it (pg's `arrayString`: every element quoted, `\\` and `"` escaped), but made now, while
 * the statement before may still run, not when the driver sends this one. Null for a value other
 * than a string, number, boolean or null: the driver then converts the array itself.
 */
export function arrayLiteral(values: readonly unknown[]): string | null {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      parts[i] = `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    else return null;
  }
  return `{${parts.join(',')}}`;
}

/** The INSERT … ON CONFLICT text for `count` rows, made once per table, columns and row count. */
const statements = new Map<string, string>();

/**
 * On SQLite: `VALUES (?2, ?3, …, 1, ?1), …`: each row binds only its own cells; a versioned row's
 * version is the literal 1 and its updated_at the one value ?1, bound once per statement (the
 * driver converts every bound value on the event loop, so fewer values leave it free sooner).
 */
function insertSql(db: Knex, spec: TableSpec, columns: readonly string[], count: number): string {
  const key = [spec.table, columns.join(','), count].join('|');
  let sql = statements.get(key);
  if (sql === undefined) {
    // Identifiers quoted by knex for the database; values are bound.
    const id = (name: string) => db.raw('??', [name]).toQuery();
    const first = spec.versioned ? 2 : 1;
    const tuples = new Array<string>(count);
    for (let r = 0; r < count; r++) {
      const cells = columns.map((_, c) => `?${first + r * columns.length + c}`);
      if (spec.versioned) cells.push('1', '?1');
      tuples[r] = `(${cells.join(', ')})`;
    }
    const names = [...columns, ...(spec.versioned ? ['version', 'updated_at'] : [])];
    sql = `insert into ${id(spec.table)} (${names.map(id).join(', ')}) values ${tuples.join(', ')} ${onConflict(spec, id)}`;
    if (statements.size > 1000) statements.clear();
    statements.set(key, sql);
  }
  return sql;
}

interface SqliteStatement {
  run(params: unknown[], done: (error: Error | null) => void): void;
  finalize(done: (error: Error | null) => void): void;
}
interface SqliteConnection {
  prepare(sql: string, done: (error: Error | null) => void): SqliteStatement;
}
/** The INSERTs prepared on an import's SQLite connection, by text: finalized by `finishStatements`. */
const prepared = new WeakMap<Knex, Map<string, SqliteStatement>>();

/**
 * Runs a statement on `db`'s connection (the import's transaction) through the driver, without
 * knex's formatting of the text, which costs more than the database's own work for thousands of
 * bound values. On SQLite the statement is prepared once and run for every batch of its size.
 */
async function execute(db: Knex, sql: string, bindings: unknown[]): Promise<void> {
  const client = db.client as Knex.Client & { _query(connection: unknown, query: { sql: string; bindings: unknown[]; method: string }): Promise<unknown> };
  const connection = await client.acquireConnection();
  try {
    if (!db.isTransaction || typeof (connection as Partial<SqliteConnection>).prepare !== 'function') {
      await client._query(connection, { sql, bindings: client.prepBindings(bindings), method: 'raw' });
      return;
    }
    let statements = prepared.get(db);
    if (!statements) prepared.set(db, (statements = new Map()));
    let statement = statements.get(sql);
    if (!statement) {
      statement = await new Promise<SqliteStatement>((resolve, reject) => {
        const made = (connection as SqliteConnection).prepare(sql, (error) => (error ? reject(error) : resolve(made)));
      });
      statements.set(sql, statement);
    }
    const ready = statement;
    await new Promise<void>((resolve, reject) => ready.run(bindings, (error) => (error ? reject(error) : resolve())));
  } finally {
    await client.releaseConnection(connection);
  }
}

/** Finalizes the statements prepared for an import on `db`: call once its writes are done or failed. */
export async function finishStatements(db: Knex): Promise<void> {
  const statements = prepared.get(db);
  prepared.delete(db);
  for (const statement of statements?.values() ?? []) await new Promise<void>((resolve) => statement.finalize(() => resolve()));
}

async function insertChunk(db: Knex, spec: TableSpec, columns: readonly string[], rows: readonly DbRow[]): Promise<void> {
  const first = spec.versioned ? 1 : 0;
  const bindings: unknown[] = new Array(first + rows.length * columns.length);
  if (spec.versioned) bindings[0] = new Date();
  let i = first;
  for (const row of rows) for (const column of columns) bindings[i++] = row[column] ?? null;
  await execute(db, insertSql(db, spec, columns, rows.length), bindings);
}
