/**
 * `npx tsx bench/cpu-per-request.ts [--db bench/data/S.sqlite] [--requests 1000] [--query establishment,…] [--postgresql] [--profile file]`:
 * the hub's processor time per request (user and system time of the hub process, all its threads,
 * read from /proc), one connection, hub on SQLite (or with --postgresql on a throwaway PostgreSQL
 * loaded with the same data; the server's own time is not counted) as `bench/serve-hub.ts` runs it with
 * NODE_ENV=production, after 200 requests to warm up; of it, the main thread's (the event loop's); and the wall-clock p50. Steadier than the
 * latencies on a machine shared with other work. Linux only. `--profile file` writes a CPU profile
 * of the hub's main thread (bench/serve-hub.ts, IOM_HUB_BENCH_PROFILE).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchQueries } from './queries.js';
import { chooseVariables } from './run.js';
import { startPostgresCluster } from './postgres-cluster.js';
import { loadIntoPostgresql } from './load-postgresql.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const file = resolve(value('db') ?? join(ROOT, 'bench', 'data', 'S.sqlite'));
const count = Number(value('requests') ?? 1000);
const names = (value('query') ?? 'establishment,cost-share,funding-position,funding-risks,scenario').split(',');
const queries = benchQueries(chooseVariables(file)).filter((q) => names.includes(q.name));
const token = 'iom_cpu_per_request_token_0123456789abcdef01234';
const cluster = args.includes('--postgresql') ? await startPostgresCluster() : null;
const databaseUrl = cluster ? cluster.urlOf('iom_hub_cpu') : `sqlite:${file}`;
if (cluster) await loadIntoPostgresql(file, databaseUrl, { log: () => {} });
const profile = value('profile');

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-hub.ts'], {
  cwd: ROOT,
  env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, IOM_HUB_ADMIN_TOKEN: token, IOM_HUB_RATE_LIMIT: '100000000', IOM_HUB_DEMO_DATA: 'false', ...(profile ? { IOM_HUB_BENCH_PROFILE: resolve(profile) } : {}) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolvePort) => child.stdout!.on('data', (data) => { const m = /hub listening (\d+)/.exec(String(data)); if (m) resolvePort(Number(m[1])); }));
/** Processor ms the hub has used (utime + stime, in clock ticks of 10 ms). */
const ticksMs = (stat: string) => { const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' '); return (Number(fields[11]) + Number(fields[12])) * 10; };
const processorMs = () => ticksMs(`/proc/${child.pid}/stat`);
/** Processor ms of the hub's main thread alone: the event loop that every request shares. */
const eventLoopMs = () => ticksMs(`/proc/${child.pid}/task/${child.pid}/stat`);
async function ask(q: { query: string; variables: unknown }) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: q.query, variables: q.variables }) });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(text.slice(0, 300));
}
try {
  for (const q of queries) {
    for (let i = 0; i < Math.min(200, count); i++) await ask(q);
    const before = processorMs();
    const loopBefore = eventLoopMs();
    const times: number[] = [];
    for (let i = 0; i < count; i++) { const t0 = performance.now(); await ask(q); times.push(performance.now() - t0); }
    const used = processorMs() - before;
    const loop = eventLoopMs() - loopBefore;
    times.sort((a, b) => a - b);
    console.log(`${q.name.padEnd(22)} processor ${(used / count).toFixed(2)} ms a request (event loop ${(loop / count).toFixed(2)})   wall p50 ${times[Math.floor(count / 2)].toFixed(2)} ms`);
  }
} finally {
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await exited;
  await cluster?.stop();
}
