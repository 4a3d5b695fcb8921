/**
 * Copies a generated benchmark database (a SQLite file from `bench generate`) into a PostgreSQL
 * database migrated by the hub's own PostgreSQL migrations, so the benchmark can run the same data
 * on both engines and check the hub on PostgreSQL against the floor on the SQLite file. Rows go in
 * by COPY, table by table, streaming (20,000,000 offences never sit in memory); the sequences are
 * moved past the copied ids and the tables vacuumed and analysed, as after any bulk load.
 */
import Database from 'better-sqlite3';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../server/database/database.js';
import { redactPassword } from '../server/database/database-url.js';
import { withClient, withDatabase } from './postgres-cluster.js';

export interface LoadResult {
  url: string;
  rows: Record<string, number>;
  seconds: number;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** One CSV field as PostgreSQL's COPY reads it: NULL unquoted and empty, text always quoted. */
function csvField(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  if (type === 'boolean') return value ? 't' : 'f';
  if (type.startsWith('timestamp') && typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return `"\\x${value.toString('hex')}"`;
  return `"${String(value).replace(/"/g, '""')}"`;
}

/** The rows of one SQLite table as CSV lines, in chunks of about 1 MB. */
function* csvLines(db: Database.Database, table: string, columns: { name: string; type: string }[]): Generator<string> {
  const statement = db.prepare(`SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(table)} ORDER BY rowid`).raw(true);
  let chunk = '';
  for (const row of statement.iterate() as Iterable<unknown[]>) {
    for (let i = 0; i < row.length; i++) chunk += (i ? ',' : '') + csvField(row[i], columns[i].type);
    chunk += '\n';
    if (chunk.length > 1 << 20) { yield chunk; chunk = ''; }
  }
  if (chunk) yield chunk;
}

/**
 * Loads `file` into the database named by `url` (created, or replaced with `replace`). Needs a
 * role that may create databases; as a superuser the copy skips the foreign-key triggers (the
 * rows come from a file SQLite checked), otherwise the tables are filled parents first.
 */
export async function loadIntoPostgresql(file: string, url: string, { replace = false, log = console.log }: { replace?: boolean; log?: (line: string) => void } = {}): Promise<LoadResult> {
  const started = Date.now();
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`The benchmark database name "${database}" must be lower-case letters, digits and underscores.`);
  await withClient(withDatabase(url, 'postgres'), async (client) => {
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rows.length > 0;
    if (exists && !replace) throw new Error(`${redactPassword(url)} already exists; pass --replace to load it again.`);
    if (exists) await client.query(`DROP DATABASE ${quoteIdent(database)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  });
  const orm = await openDatabase({ databaseUrl: url });
  await orm.close();
  // The file is brought to the same migration as the schema just made (the hub does so whenever it
  // opens a file), so its tables and views are those PostgreSQL now has.
  await (await openDatabase({ databaseUrl: `sqlite:${file}` })).close();

  const db = new Database(file, { readonly: true });
  const rows: Record<string, number> = {};
  try {
    await withClient(url, async (client) => {
      const superuser = (await client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0]?.rolsuper === true;
      if (superuser) await client.query('SET session_replication_role = replica');
      const pgColumns = (await client.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'`)).rows;
      const typeOf = new Map(pgColumns.map((c) => [`${c.table_name}.${c.column_name}`, String(c.data_type)]));
      const tables = orderParentsFirst(
        (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'mikro_orm_%'`).all() as { name: string }[]).map((t) => t.name),
        (await client.query(`SELECT tc.table_name AS child, ccu.table_name AS parent FROM information_schema.table_constraints tc
          JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
          WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`)).rows as { child: string; parent: string }[],
      );
      for (const table of tables) {
        const count = (db.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number }).n;
        if (!count) continue;
        const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[])
          .map((c) => ({ name: c.name, type: typeOf.get(`${table}.${c.name}`) }))
          .filter((c): c is { name: string; type: string } => {
            if (!c.type) throw new Error(`${table}.${c.name} is in the SQLite file but not in the PostgreSQL schema: are both at the same migration?`);
            return true;
          });
        const t0 = Date.now();
        const target = client.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from(csvLines(db, table, columns)), target);
        rows[table] = count;
        const seconds = (Date.now() - t0) / 1000;
        log(`  ${table.padEnd(24)} ${String(count).padStart(10)} rows  ${Math.round(count / Math.max(seconds, 0.001)).toLocaleString('en-GB').padStart(10)} rows/s`);
      }
      for (const table of tables) {
        const sequence = (await client.query(`SELECT pg_get_serial_sequence($1, 'id') AS s`, [table]).catch(() => ({ rows: [] }))).rows[0]?.s;
        if (sequence) await client.query(`SELECT setval($1, GREATEST(1, (SELECT COALESCE(MAX(id), 0) FROM ${quoteIdent(table)})))`, [sequence]);
      }
      // The rollups triggers keep were not kept while triggers were off: made again from the rows loaded.
      await client.query('SELECT member_period_refill(NULL)');
      const t0 = Date.now();
      await client.query('VACUUM (ANALYZE)');
      log(`  ${'vacuum, analyse'.padEnd(24)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
  } finally {
    db.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  log(`  ${'total'.padEnd(24)} ${String(total).padStart(10)} rows  ${Math.round(total / seconds).toLocaleString('en-GB').padStart(10)} rows/s  (${seconds.toFixed(1)} s)`);
  return { url, rows, seconds };
}

/** Tables ordered so every table comes after the tables its foreign keys point to (self-references aside). */
export function orderParentsFirst(tables: string[], keys: { child: string; parent: string }[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (table: string, path: Set<string>) => {
    if (placed.has(table) || path.has(table)) return;
    path.add(table);
    for (const key of keys) if (key.child === table && key.parent !== table && tables.includes(key.parent)) visit(key.parent, path);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table, new Set());
  return ordered;
}
