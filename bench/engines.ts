/**
 * The saved reports on SQLite and on PostgreSQL: loads the demo data into each engine, serves the
 * hub on 127.0.0.1 and times every report in schema/reports/ with its example variables over HTTP
 * (one connection, after a warm-up), printing p50 and p95 per report and the PostgreSQL ÷ SQLite
 * ratio. PostgreSQL: the server at IOM_HUB_POSTGRES_URL (a user that may create databases), else a
 * throwaway cluster from the installed binaries (durability off, as in the tests).
 * Usage: npm run bench:engines -- [runs]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/database/database.js';
import { loadDemoData } from '../server/demo/load-demo.js';
import { createHub } from '../server/app.js';
import { asSystem } from '../server/access/caller.js';
import { issueToken } from '../server/access/token.service.js';
import { runStatements, startPostgresCluster, withDatabase, type PostgresCluster } from './postgres-cluster.js';

const RUNS = Number(process.argv[2] ?? 50);
const ONLY = process.argv[3];
const reportsDir = new URL('../schema/reports/', import.meta.url);
const reports = readdirSync(reportsDir).filter((f) => f.endsWith('.graphql') && (!ONLY || f.startsWith(ONLY))).sort().map((file) => {
  const text = readFileSync(new URL(file, reportsDir), 'utf8');
  return { name: file.replace('.graphql', ''), query: text, variables: JSON.parse(/^# variables: (.*)$/m.exec(text)?.[1] ?? '{}') };
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function timeReports(databaseUrl: string): Promise<Map<string, { p50: number; p95: number }>> {
  const orm = await openDatabase({ databaseUrl });
  await loadDemoData(asSystem(orm.em, 'demo data'));
  if (databaseUrl.startsWith('postgres')) await orm.em.getConnection().execute('analyze'); // as npm start does after loading
  const { token } = await issueToken(asSystem(orm.em, 'bench'), { role: 'ADMIN', partnerships: [] });
  const hub = await createHub({ orm, access: { rateLimitPerMinute: 1_000_000 } });
  const url = `http://127.0.0.1:${await hub.listen(0, '127.0.0.1')}/graphql`;
  const results = new Map<string, { p50: number; p95: number }>();
  try {
    for (const report of reports) {
      const run = async () => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: report.query, variables: report.variables }) });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`${report.name}: ${JSON.stringify(body.errors)}`);
      };
      for (let i = 0; i < 10; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      results.set(report.name, { p50: percentile(times, 0.5), p95: percentile(times, 0.95) });
    }
  } finally {
    await hub.stop();
    await orm.close();
  }
  return results;
}

const scratch = mkdtempSync(join(tmpdir(), 'iom-hub-bench-'));
let cluster: PostgresCluster | null = null;
const server = process.env.IOM_HUB_POSTGRES_URL ?? (cluster = await startPostgresCluster()).url;
const database = `iom_hub_bench_${process.pid}`;
try {
  const sqlite = await timeReports(`sqlite:${join(scratch, 'bench.sqlite')}`);
  await runStatements(server, [`create database ${database}`]);
  const postgres = await timeReports(withDatabase(server, database));
  console.log(`saved reports on the demo data, ${RUNS} runs each over HTTP, one connection (ms)`);
  console.log(`${'report'.padEnd(24)} ${'SQLite p50'.padStart(10)} ${'p95'.padStart(7)} ${'PG p50'.padStart(8)} ${'p95'.padStart(7)} ${'PG÷SQLite'.padStart(10)}`);
  for (const { name } of reports) {
    const s = sqlite.get(name)!;
    const p = postgres.get(name)!;
    console.log(`${name.padEnd(24)} ${s.p50.toFixed(2).padStart(10)} ${s.p95.toFixed(2).padStart(7)} ${p.p50.toFixed(2).padStart(8)} ${p.p95.toFixed(2).padStart(7)} ${(p.p50 / s.p50).toFixed(2).padStart(10)}`);
  }
} finally {
  await runStatements(server, [`drop database if exists ${database} with (force)`]).catch(() => {});
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
