/**
 * How fast does `iom-hub import offences` go? Generates a deterministic CSV of 1,000,000 offences
 * (10,000 nominals, the CrimSec3 table) in a temporary folder, imports it into a fresh database
 * (both passes: every row checked, then written in one transaction), and prints rows/s and peak
 * RSS. The floor is the same rows inserted into another fresh database by a bare prepared-statement
 * loop on the same driver (sqlite3) in one transaction, with the same page cache, and no parsing or checking: the ratio says
 * what the import's reading, checking and batching cost on top of the database's own insert speed.
 * The rows are read and checked in a worker thread, as the command line does for a big file on SQLite (--in-process: on the event loop
 * that writes, as the command line does on PostgreSQL).
 * With --postgresql the import runs on a throwaway PostgreSQL cluster (bench/postgres-cluster.ts:
 * durability off) instead, and the floor, a sqlite3 loop, is not run.
 * With --dry-run the file is only read and checked (nothing written): what the checking alone costs.
 * Usage: npm run bench:import -- [rows] [--postgresql] [--in-process] [--no-floor] [--dry-run]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { openDatabase } from '../server/database/database.js';
import { asSystem } from '../server/access/caller.js';
import { addPartnership } from '../server/partnership/partnership.service.js';
import { addCrimeCategory } from '../server/reference/reference.service.js';
import { CRIMSEC3_TABLE } from '../server/demo/cohort-demo-data.js';
import { IMPORT_CACHE_KIB, runImport } from '../server/import/import.service.js';
import { startPostgresCluster, withClient, type PostgresCluster } from './postgres-cluster.js';

const args = process.argv.slice(2);
const ROWS = Number(args.find((a) => !a.startsWith('--')) ?? 1_000_000);
const onPostgresql = args.includes('--postgresql');
const inProcess = args.includes('--in-process');
const noFloor = args.includes('--no-floor');
const dryRun = args.includes('--dry-run');
const NOMINALS = 10_000;
const PARTNERSHIP = 'bench';
const dir = mkdtempSync(join(tmpdir(), 'iom-hub-bench-import-'));

/** A small deterministic generator (mulberry32), so every run imports the same file. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface OffenceRow { nominal: number; reference: string; code: string; offenceDate: string; outcome: string; outcomeDate: string }

function* offences(): Generator<OffenceRow> {
  const next = random(2014);
  const codes = CRIMSEC3_TABLE.map((c) => c.code);
  const day = (n: number) => new Date(Date.UTC(2010, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  for (let i = 1; i <= ROWS; i++) {
    const start = Math.floor(next() * 3000);
    yield {
      nominal: 1 + Math.floor(next() * NOMINALS), reference: `OFF-${String(i).padStart(7, '0')}`, code: codes[Math.floor(next() * codes.length)],
      offenceDate: day(start), outcome: next() < 0.8 ? 'CONVICTION' : 'CAUTION', outcomeDate: day(start + Math.floor(next() * 200)),
    };
  }
}

const nominalRef = (n: number) => `BEN-${String(n).padStart(5, '0')}`;

async function writeFile(path: string, header: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** A fresh database with the partnership, the CrimSec3 table and the nominals. */
let cluster: PostgresCluster | null = null;
async function freshDatabase(name: string, nominalsCsv: string) {
  const file = join(dir, name);
  let databaseUrl = `sqlite:${file}`;
  if (cluster) {
    const database = name.replace(/\W/g, '_');
    await withClient(cluster.url, (client) => client.query(`CREATE DATABASE ${database}`));
    databaseUrl = cluster.urlOf(database);
  }
  const orm = await openDatabase({ databaseUrl });
  const em = asSystem(orm.em, 'import');
  await addPartnership(em, { code: PARTNERSHIP, name: 'Benchmark partnership' });
  for (const category of CRIMSEC3_TABLE) await addCrimeCategory(em, category);
  const nominals = await runImport(em, { kind: 'nominals', partnership: PARTNERSHIP, source: { format: 'csv', name: 'nominals.csv', open: () => createReadStream(nominalsCsv) } });
  if (nominals.problemCount) throw new Error(JSON.stringify(nominals.problems));
  return { orm, em, file };
}

const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));

try {
  if (onPostgresql) cluster = await startPostgresCluster();
  const nominalsCsv = join(dir, 'nominals.csv');
  await writeFile(nominalsCsv, 'Reference,Gender,Age band,Ethnicity,Statutory status,Start date', (function* () {
    for (let n = 1; n <= NOMINALS; n++) yield `${nominalRef(n)},MALE,25-34,White,NPS,2012-01-01`;
  })());
  const offencesCsv = join(dir, 'offences.csv');
  await writeFile(offencesCsv, 'Nominal reference,Offence reference,CrimSec3 code,Date of offence,Outcome,Outcome date', (function* () {
    for (const o of offences()) yield `${nominalRef(o.nominal)},${o.reference},${o.code},${o.offenceDate},${o.outcome},${o.outcomeDate}`;
  })());
  console.log(`${ROWS.toLocaleString('en-GB')} offences, ${(statSync(offencesCsv).size / 1e6).toFixed(0)} MB of CSV`);

  // The import, as the command line runs it.
  const a = await freshDatabase('import.sqlite', nominalsCsv);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await runImport(a.em, {
    kind: 'offences', partnership: PARTNERSHIP, source: { format: 'csv', name: 'offences.csv', open: () => createReadStream(offencesCsv), size: statSync(offencesCsv).size }, worker: !inProcess, dryRun,
    onProgress: ({ pass, rows, elapsedMs }) => process.stderr.write(`\r${pass} ${rows.toLocaleString('en-GB')} rows, ${(elapsedMs / 1000).toFixed(1)} s   `),
  });
  const importSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  process.stderr.write('\r\x1b[K');
  if (report.problemCount || report.inserted !== ROWS || report.written === dryRun) throw new Error(`unexpected report: ${JSON.stringify(report).slice(0, 500)}`);
  const importRate = ROWS / importSeconds;
  await a.orm.close();
  const imported = `import (check${inProcess ? '' : ' in a worker'}${dryRun ? ' only, a dry run' : ' + write, one transaction'}${cluster ? ', PostgreSQL' : ''})  ${importSeconds.toFixed(1)} s  ${Math.round(importRate).toLocaleString('en-GB')} rows/s  peak RSS ${(peakRss / 1e6).toFixed(0)} MB (${(rssBefore / 1e6).toFixed(0)} MB before)  CPU of the hub's process (every thread) ${cpuSeconds.toFixed(1)} s`;
  if (cluster || noFloor || dryRun) console.log(imported);
  else await floor(nominalsCsv, imported, importRate);
} finally {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The same rows into another fresh database by a bare prepared INSERT loop; prints both rates. */
async function floor(nominalsCsv: string, imported: string, importRate: number): Promise<void> {
  // The floor: the same rows, one prepared INSERT per row, in one transaction, on the same driver.
  const b = await freshDatabase('floor.sqlite', nominalsCsv);
  const ids = new Map<string, number>((await b.orm.em.getConnection().execute('SELECT id, reference FROM nominal')).map((r: { id: number; reference: string }) => [r.reference, r.id]));
  const categories = new Map<string, number>((await b.orm.em.getConnection().execute('SELECT id, code FROM crime_category')).map((r: { id: number; code: string }) => [r.code, r.id]));
  await b.orm.close();
  const db = new sqlite3.Database(b.file);
  await run(db, 'PRAGMA journal_mode = WAL');
  await run(db, 'PRAGMA synchronous = FULL');
  await run(db, 'PRAGMA foreign_keys = ON'); // as the hub's connections (server/database/database.ts)
  await run(db, `PRAGMA cache_size = ${-IMPORT_CACHE_KIB}`); // the same page cache the import writes with
  const floorStarted = performance.now();
  await run(db, 'BEGIN IMMEDIATE');
  const statement = db.prepare('INSERT INTO offence (version, updated_at, nominal_id, reference, category_id, offence_date, outcome, outcome_date) VALUES (1, ?, ?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  let pending: Promise<void> = Promise.resolve();
  let i = 0;
  for (const o of offences()) {
    const params = [now, ids.get(nominalRef(o.nominal)), o.reference, categories.get(o.code), o.offenceDate, o.outcome, o.outcomeDate];
    pending = new Promise<void>((resolve, reject) => statement.run(params, (error: Error | null) => (error ? reject(error) : resolve())));
    if (++i % 10_000 === 0) await pending; // keep the driver's queue bounded
  }
  await pending;
  await new Promise<void>((resolve, reject) => statement.finalize((error) => (error ? reject(error) : resolve())));
  await run(db, 'COMMIT');
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  await new Promise<void>((resolve) => db.close(() => resolve()));
  const floorRate = ROWS / floorSeconds;

  console.log(imported);
  console.log(`floor (bare prepared INSERT loop)        ${floorSeconds.toFixed(1)} s  ${Math.round(floorRate).toLocaleString('en-GB')} rows/s`);
  console.log(`import / floor                           ${(importRate / floorRate).toFixed(2)}`);
}
