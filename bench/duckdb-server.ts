/**
 * The DuckDB peer over HTTP: copies the benchmark's SQLite file into a DuckDB database file (table
 * by table through CSV, the columns typed as SQLite declares them, dates staying 'YYYY-MM-DD' text),
 * then answers each measure by name with the floor's SQL in DuckDB's dialect and the floor's own
 * shaping. POST /<query name> with the variables as the body. Prints its port once loaded.
 * Usage: tsx bench/duckdb-server.ts <sqlite file> <variables json>
 *
 * The floor's code reads synchronously and DuckDB answers asynchronously: each request runs the
 * floor's function, which stops at the first statement not yet answered; that statement runs on
 * DuckDB and the function runs again with it answered (a measure is two or three statements, so
 * the pure code runs that many times; it is microseconds against the statements' milliseconds).
 */
import Database from 'better-sqlite3';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createServer } from 'node:http';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchQueries } from './queries.js';
import { duckdbSql } from './peers.js';

type Row = Record<string, unknown>;
/** The tables the measures read. */
const TABLES = ['partnership', 'hub', 'nominal', 'membership', 'status_review', 'offence', 'crime_category', 'unit_cost_of_crime', 'published_priority_crime_rate', 'published_cost_of_crime'];

const duckType = (declared: string) => {
  const t = declared.toLowerCase();
  if (t.includes('int') || t === 'datetime' || t === 'boolean') return 'BIGINT';
  if (t.includes('real') || t.includes('floa') || t.includes('doub') || t.includes('numeric')) return 'DOUBLE';
  return 'VARCHAR';
};
const csvField = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'number' || typeof value === 'bigint' ? String(value) : `"${String(value).replace(/"/g, '""')}"`);

export async function loadDuckDb(file: string, connection: DuckDBConnection, scratch: string): Promise<void> {
  const db = new Database(file, { readonly: true });
  try {
    for (const table of TABLES) {
      const columns = db.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as { name: string; type: string }[];
      const csv = join(scratch, `${table}.csv`);
      const out = createWriteStream(csv);
      let chunk = '';
      for (const row of db.prepare(`SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table}"`).raw(true).iterate() as Iterable<unknown[]>) {
        chunk += `${row.map(csvField).join(',')}\n`;
        if (chunk.length > 1 << 20) { if (!out.write(chunk)) await once(out, 'drain'); chunk = ''; }
      }
      out.end(chunk);
      await once(out, 'finish');
      const empty = out.bytesWritten === 0;
      await connection.run(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${duckType(c.type)}`).join(', ')})`);
      if (!empty) await connection.run(`COPY "${table}" FROM '${csv}' (FORMAT csv, HEADER false, DELIM ',', QUOTE '"', ESCAPE '"', ALLOW_QUOTED_NULLS false)`);
      rmSync(csv);
    }
  } finally {
    db.close();
  }
}

const jsValue = (value: unknown) => (typeof value === 'bigint' ? Number(value) : value);

/** Runs a floor function against DuckDB (see the file's comment). */
export async function answerOnDuckDb(connection: DuckDBConnection, floor: (db: any, variables: Row) => Row, variables: Row): Promise<Row> {
  const answered = new Map<string, Row[]>();
  class Unanswered { constructor(readonly sql: string, readonly params: unknown[]) {} }
  const rows = (sql: string, params: unknown[]) => {
    const key = JSON.stringify([sql, params]);
    const found = answered.get(key);
    if (!found) throw new Unanswered(sql, params);
    return found;
  };
  const adapter = { prepare: (sql: string) => ({ all: (...params: unknown[]) => rows(sql, params), get: (...params: unknown[]) => rows(sql, params)[0] }) };
  for (;;) {
    try {
      return floor(adapter, variables);
    } catch (error) {
      if (!(error instanceof Unanswered)) throw error;
      const reader = await connection.runAndReadAll(duckdbSql(error.sql), error.params as never);
      answered.set(JSON.stringify([error.sql, error.params]), reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsValue(v)]))));
    }
  }
}

const invokedDirectly = process.argv[1]?.endsWith('duckdb-server.ts');
if (invokedDirectly) {
  const [file, variablesJson] = process.argv.slice(2);
  const scratch = mkdtempSync(join(tmpdir(), 'iom-hub-duckdb-'));
  process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  process.once('SIGTERM', () => process.exit(0));
  const instance = await DuckDBInstance.create(join(scratch, 'measures.duckdb'));
  const connection = await instance.connect();
  const t0 = Date.now();
  await loadDuckDb(file, connection, scratch);
  console.log(`duckdb loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const floors = new Map(benchQueries(JSON.parse(variablesJson)).filter((q) => q.kind === 'measure').map((q) => [q.name, q.floor]));
  // One request at a time on the one connection (DuckDB parallelises each statement itself).
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const floor = floors.get((req.url ?? '/').slice(1));
      if (!floor) { res.writeHead(404).end(); return; }
      queue = queue.then(async () => {
        try {
          const body = JSON.stringify({ data: await answerOnDuckDb(connection, floor, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')) });
          res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        } catch (error) {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
        }
      });
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`duckdb listening ${(server.address() as { port: number }).port}`));
}
