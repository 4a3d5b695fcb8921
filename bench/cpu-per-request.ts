/**
 * `npx tsx bench/cpu-per-request.ts [--db bench/data/S.sqlite] [--requests 1000] [--query establishment,…] [--postgresql] [--peer postgraphile] [--connections 1] [--rounds 1] [--autocannon] [--profile file]`:
 * the hub's processor time per request (user and system time of the hub process, all its threads,
 * read from /proc), one connection, hub on SQLite (or with --postgresql on a throwaway PostgreSQL
 * loaded with the same data; the server's time is printed apart) as `bench/serve-hub.ts` runs it with
 * NODE_ENV=production, after 200 requests to warm up; of it, the main thread's (the event loop's); and the wall-clock p50. Steadier than the
 * latencies on a machine shared with other work. Linux only. `--profile file` writes a CPU profile
 * of the hub's main thread (bench/serve-hub.ts, IOM_HUB_BENCH_PROFILE). On PostgreSQL it also prints
 * the PostgreSQL server's processor time a request (its processes serving the database, which share
 * the cores with the hub) and the statements a request sends. `--peer postgraphile` measures
 * PostGraphile (bench/postgraphile-server.ts, asked bench/peers.ts's questions) the same way instead
 * of the hub. `--connections N` asks N requests at a time (requests a second are printed too);
 * `--rounds N` measures N rounds of `--requests` one after the other (the first ones include the
 * hub's warming up: its code compiled as it runs); `--autocannon` asks them with the benchmark's load
 * generator (its p50 in whole milliseconds) rather than fetch.
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchQueries } from './queries.js';
import { chooseVariables } from './run.js';
import { startPostgresCluster } from './postgres-cluster.js';
import { loadIntoPostgresql } from './load-postgresql.js';
import { postgraphileQuestion } from './peers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const file = resolve(value('db') ?? join(ROOT, 'bench', 'data', 'S.sqlite'));
const count = Number(value('requests') ?? 1000);
const names = (value('query') ?? 'establishment,cost-share,funding-position,funding-risks,scenario').split(',');
const peer = value('peer');
if (peer && peer !== 'postgraphile') throw new Error(`--peer ${peer}: only postgraphile is measured.`);
const connections = Number(value('connections') ?? 1);
/** Rounds of `--requests` each (`--rounds`, default 1), printed one by one: how the time a request settles as the hub warms up. */
const rounds = Number(value('rounds') ?? 1);
const queries = benchQueries(chooseVariables(file)).filter((q) => names.includes(q.name)).map((q) => {
  if (!peer) return q;
  const question = postgraphileQuestion(q);
  if ('cannot' in question) throw new Error(`PostGraphile is not asked ${q.name}: ${question.cannot}`);
  return { ...q, query: question.query, variables: question.variables };
});
const token = 'iom_cpu_per_request_token_0123456789abcdef01234';
const cluster = args.includes('--postgresql') || peer ? await startPostgresCluster() : null;
const databaseUrl = cluster ? cluster.urlOf('iom_hub_cpu') : `sqlite:${file}`;
if (cluster) await loadIntoPostgresql(file, databaseUrl, { log: () => {} });
const profile = value('profile');

const child = peer
  ? spawn(process.execPath, ['--import', 'tsx', 'bench/postgraphile-server.ts', databaseUrl], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] })
  : spawn(process.execPath, ['--import', 'tsx', ...(cluster ? ['--import', './bench/count-statements.ts'] : []), 'bench/serve-hub.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, IOM_HUB_ADMIN_TOKEN: token, IOM_HUB_RATE_LIMIT: '100000000', IOM_HUB_DEMO_DATA: 'false', ...(profile ? { IOM_HUB_BENCH_PROFILE: resolve(profile) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit', ...(cluster ? ['ipc' as const] : [])],
  });
const port = await new Promise<number>((resolvePort) => child.stdout!.on('data', (data) => { const m = /(?:hub|postgraphile) listening (\d+)/.exec(String(data)); if (m) resolvePort(Number(m[1])); }));
/** Statements the hub's driver ran since the last ask (bench/count-statements.ts), or null. */
const statements = () => (peer || !cluster ? Promise.resolve(null) : new Promise<number>((done) => {
  child.once('message', (message: { statements: number }) => done(message.statements));
  child.send({ statements: true });
}));
const database = cluster ? new URL(databaseUrl).pathname.slice(1) : '';
/** Processor ms of each PostgreSQL server process serving the benchmark's database (`postgres: user database host state`), by process id. */
function serverMs(): Map<number, number> {
  const out = new Map<number, number>();
  if (!cluster) return out;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const words = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]+/);
      if (words[0] === 'postgres:' && words[2] === database) out.set(Number(pid), ticksMs(`/proc/${pid}/stat`));
    } catch { /* gone */ }
  }
  return out;
}
/** The server's processor ms between two readings (a process that ended between them is not counted). */
const serverBetween = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
/** Processor ms the hub has used (utime + stime, in clock ticks of 10 ms). */
const ticksMs = (stat: string) => { const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' '); return (Number(fields[11]) + Number(fields[12])) * 10; };
const processorMs = () => ticksMs(`/proc/${child.pid}/stat`);
/** Processor ms of the hub's main thread alone: the event loop that every request shares. */
const eventLoopMs = () => ticksMs(`/proc/${child.pid}/task/${child.pid}/stat`);
async function ask(q: { query: string; variables: unknown }) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(peer ? {} : { authorization: `Bearer ${token}` }) }, body: JSON.stringify({ query: q.query, variables: q.variables }) });
  const text = await response.text();
  if (!response.ok || text.includes('"errors"')) throw new Error(text.slice(0, 300));
}
try {
  for (const q of queries) for (let round = 1; round <= rounds; round++) {
    if (round === 1) for (let i = 0; i < Math.min(200, count); i++) await ask(q);
    await statements();
    const before = processorMs();
    const loopBefore = eventLoopMs();
    const serverBefore = serverMs();
    const times: number[] = [];
    let left = count;
    const started = performance.now();
    if (args.includes('--autocannon')) {
      const result = await autocannon({ url: `http://127.0.0.1:${port}/graphql`, connections, amount: count, sampleInt: 10, method: 'POST', body: JSON.stringify({ query: q.query, variables: q.variables }), headers: { 'content-type': 'application/json', ...(peer ? {} : { authorization: `Bearer ${token}` }) } } as autocannon.Options);
      times.push(result.latency.p50);
    } else await Promise.all(Array.from({ length: connections }, async () => {
      while (left-- > 0) { const t0 = performance.now(); await ask(q); times.push(performance.now() - t0); }
    }));
    const wall = performance.now() - started;
    const used = processorMs() - before;
    const loop = eventLoopMs() - loopBefore;
    const server = serverBetween(serverBefore, serverMs());
    const sent = await statements();
    times.sort((a, b) => a - b);
    console.log(`${(rounds > 1 ? `${q.name} ${round}` : q.name).padEnd(22)} processor ${(used / count).toFixed(2)} ms a request (event loop ${(loop / count).toFixed(2)})   wall p50 ${times[Math.floor(times.length / 2)].toFixed(2)} ms` +
      (cluster ? `   PostgreSQL server ${(server / count).toFixed(2)} ms a request` : '') + (sent !== null ? `, ${(sent / count).toFixed(2)} statements` : '') +
      (connections > 1 ? `   ${Math.round((count * 1000) / wall)} requests a second at ${connections} connections` : ''));
  }
} finally {
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await exited;
  await cluster?.stop();
}
