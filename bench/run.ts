/**
 * `npm run bench -- --scale M [--quick]`: the real hub over HTTP against its floor (hand-written
 * SQL through better-sqlite3 + JSON.stringify, in-process and over a minimal node:http server).
 * Checks every hub answer equals its floor answer, then measures latency, throughput, SQL
 * statements per request, response bytes and peak RSS, and a mixed load with writes and an import.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresCluster, withClient, withDatabase, type PostgresCluster } from './postgres-cluster.js';
import { loadIntoPostgresql } from './load-postgresql.js';
import { peerAnswer, postgraphileQuestion } from './peers.js';
import { benchQueries, reportNames, type BenchQuery, type BenchVariables } from './queries.js';
import { LAST_YEAR, partnershipCode } from './generate.js';
import { financialYearStarting } from '../server/financial-year/financial-year.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchOptions {
  /** The generated SQLite file: the floor reads it, and the hub too unless `databaseUrl` is given. */
  db: string;
  scale: string;
  /**
   * A PostgreSQL database holding the same data (`bench load-postgresql`): the hub runs on a
   * copy of it (made for the run and dropped after, so the writes of the mixed load never reach
   * the next run), the floor still on the SQLite file, so the answers are checked across engines.
   */
  databaseUrl?: string;
  /** Skip the mixed load and the writes (the peers' smoke test, a run of a few queries). */
  noMixed?: boolean;
  /** Only the mixed load and the writes (the queries still make up its reads). */
  mixedOnly?: boolean;
  /** At least this many requests at one connection, however slow the query (default 5). */
  minRequests?: number;
  /** Connection counts to load with (default 1, 4 and 16). */
  connections?: number[];
  /**
   * Requests (at 16 connections, not timed) each server answers before its timed runs of a query,
   * hub, floor and peers alike (default 0: one). A Node server's code is compiled as it runs: the
   * hub's and PostGraphile's processor time a request halves over their first few thousand
   * requests (bench/cpu-per-request.ts --rounds), so the timed runs otherwise catch them warming up.
   */
  warm?: number;
  /**
   * Runs at the most connections of the hub and of PostGraphile, taken in turn (hub, PostGraphile,
   * hub, …), of which each side's median is kept (default 3 with `peers`, 1 in a quick run or without peers). One run
   * of 3,000 requests lasts one or two seconds, and on two cores shared with other work a single
   * pair of such runs is often decided by what else ran in those seconds.
   */
  turns?: number;
  quick?: boolean;
  out?: string;
  /**
   * The peers on the same data: PostGraphile on the PostgreSQL database (started, and the SQLite
   * file loaded into it, when no `databaseUrl` is given; the hub then runs on it too) and DuckDB on
   * a copy for the measures. Each is asked the equivalent question; its answer must equal the hub's
   * and the floor's.
   */
  peers?: boolean;
  /** With `peers`: the hub on the SQLite file while PostGraphile reads PostgreSQL (to compare the measures with DuckDB on the hub's default engine). */
  hubOnSqlite?: boolean;
  /** Only these queries (for working on one). */
  only?: string[];
  log?: (line: string) => void;
}

interface LoadResult { p50: number; p99: number; rps: number; requests: number; errors: number }
export interface QueryResult {
  name: string;
  kind: string;
  identical: boolean;
  rows: number;
  bytes: number;
  floorBytes: number;
  statements: number;
  floorInProcess: { p50: number; p99: number };
  hub: Record<string, LoadResult>;
  floor: Record<string, LoadResult>;
  ratioP50: number;
  ratioP99: number;
  hubPeakRssMb: number;
  peers?: Record<string, PeerResult>;
}
export interface PeerResult {
  /** Why the peer cannot express the question (then nothing else is set). */
  cannot?: string;
  identical?: boolean;
  load?: Record<string, LoadResult>;
  /** hub ÷ peer at p50 (one connection); below 1 the hub is ahead. */
  ratioP50?: number;
  /** hub ÷ peer in requests a second at the most connections (each side's median run, `turns`); 1 or more the hub keeps up. */
  ratioRps?: number;
  /** Requests a second of each of the runs at the most connections, in the order taken: the hub's and the peer's (`turns`). */
  rpsRuns?: { hub: number[]; peer: number[] };
}
export interface BenchResults {
  scale: string;
  /** The hub's engine; the floor is always hand-written SQL through better-sqlite3 on the SQLite file. */
  engine: 'sqlite' | 'postgresql';
  date: string;
  machine: string;
  quick: boolean;
  variables: BenchVariables;
  queries: QueryResult[];
  mismatches: string[];
  mixed?: Record<string, unknown>;
  hubPeakRssMb: number;
  floorPeakRssMb: number;
  peerPeakRssMb?: Record<string, number>;
}

/** Arrays sorted by their items' JSON and object keys sorted: equal answers compare equal whatever their order. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

function firstDifference(a: unknown, b: unknown, path = 'data'): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: hub ${JSON.stringify(a)?.slice(0, 200)} ≠ floor ${JSON.stringify(b)?.slice(0, 200)}`;
}

function start(args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return new Promise((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) { clearTimeout(timer); resolvePort({ child, port: Number(match[1]) }); }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const message = `${args.join(' ')} exited (${code ?? signal}): ${output.slice(-2000)}`;
      if (!child.killed) console.error(message);
      reject(new Error(message));
    });
  });
}

const peakRssMb = (pid: number | undefined) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch { return 0; }
};

function statementsOf(child: ChildProcess): Promise<number> {
  return new Promise((resolveCount) => {
    child.once('message', (message: { statements: number }) => resolveCount(message.statements));
    child.send({ statements: true });
  });
}

/** One POST on its own connection (a pooled keep-alive socket the server has just closed would fail the request). */
function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolvePost, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePost({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function countRows(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Math.max(1, ...Object.values(value).map(countRows));
  return 1;
}

interface CannonTarget { url: string; body: string; headers: Record<string, string> }

async function cannon(target: CannonTarget, connections: number, plan: { amount?: number; duration?: number }): Promise<LoadResult> {
  let errors = 0;
  const result = await autocannon({
    url: target.url,
    connections,
    ...(plan.amount ? { amount: plan.amount } : { duration: plan.duration ?? 3 }),
    timeout: 120,
    // autocannon ends a run at its next sample (every second by default), not at its last answer:
    // sampled every 10 ms, a run of 1,500 requests answered in 1.05 s lasts 1.06 s, not 2.
    sampleInt: 10,
    requests: [{
      method: 'POST', body: target.body, headers: { 'content-type': 'application/json', ...target.headers },
      onResponse: (status: number, body: string) => { if (status !== 200 || body.startsWith('{"errors"') || body.includes('"errors":[')) errors++; },
    }],
  } as autocannon.Options);
  // Requests a second over the run: its requests over its duration. (autocannon's `requests.average` is
  // the mean of its samples, the last one partial: with one-second samples a run of 1,667 requests gave 833.5.)
  const rps = result.duration > 0 ? result.requests.total / result.duration : result.requests.average;
  return {
    p50: result.latency.p50, p99: result.latency.p99, rps: Math.round(rps * 10) / 10,
    requests: result.requests.total, errors: errors + result.errors + result.timeouts + result.non2xx,
  };
}

/** A small load without autocannon's one-second sampling (the quick mode): `connections` loops sharing `amount` requests. */
async function fetchLoad(target: CannonTarget, connections: number, amount: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let left = amount;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (left-- > 0) {
      const t0 = performance.now();
      const { status, text } = await post(target.url, JSON.parse(target.body), target.headers);
      latencies.push(performance.now() - t0);
      if (status !== 200 || text.includes('"errors":[')) errors++;
    }
  }));
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), rps: round((latencies.length * 1000) / (performance.now() - started)), requests: latencies.length, errors };
}

/**
 * A copy of the loaded PostgreSQL benchmark database for one run (CREATE DATABASE … TEMPLATE: a
 * file copy on the server), dropped afterwards.
 */
async function copyForRun(url: string, log: (line: string) => void): Promise<{ url: string; drop(): Promise<void> }> {
  const source = decodeURIComponent(new URL(url).pathname.slice(1));
  const copy = `${source}_run`;
  const admin = withDatabase(url, 'postgres');
  const t0 = Date.now();
  await withClient(admin, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`);
    // A file copy (PostgreSQL 15 otherwise copies block by block through the WAL: slow at scale L).
    const fileCopy = Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) >= 150000 ? ' STRATEGY FILE_COPY' : '';
    await client.query(`CREATE DATABASE "${copy}" TEMPLATE "${source}"${fileCopy}`);
  });
  log(`hub on PostgreSQL: ${copy}, a copy of ${source} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { url: withDatabase(url, copy), drop: () => withClient(admin, async (client) => { await client.query(`DROP DATABASE IF EXISTS "${copy}" WITH (FORCE)`); }) };
}

/** Variables from the generated data: the largest partnership, a year and date well inside the ten years, and a partnership with about 10,000 referrals. */
export function chooseVariables(file: string): BenchVariables {
  const db = new Database(file, { readonly: true });
  try {
    const counts = db.prepare('SELECT p.code, COUNT(*) AS c FROM partnership p JOIN nominal n ON n.partnership_id = p.id JOIN referral r ON r.nominal_id = n.id GROUP BY p.id').all() as { code: string; c: number }[];
    const flat = counts.reduce((best, row) => (Math.abs(row.c - 10_000) < Math.abs(best.c - 10_000) ? row : best), counts[0]);
    return { partnership: partnershipCode(0), year: '2018/19', date: '2018-09-30', flatPartnership: flat.code };
  } finally {
    db.close();
  }
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? console.log;
  const file = resolve(options.db);
  if (!existsSync(file)) throw new Error(`${file} does not exist: run npx iom-hub bench generate --scale ${options.scale} first.`);
  const variables = chooseVariables(file);
  const queries = benchQueries(variables).filter((q) => !options.only || options.only.includes(q.name));
  const missing = reportNames().filter((name) => !queries.some((q) => q.name === name));
  if (missing.length && !options.only) throw new Error(`The benchmark has no query for the saved reports ${missing.join(', ')}.`);

  const connections = options.connections ?? [1, 4, 16];
  const turns = options.turns ?? (options.peers && !options.quick ? 3 : 1);
  if (!Number.isInteger(turns) || turns < 1) throw new Error(`--turns must be a whole number, 1 or more (got ${options.turns}).`);
  if (!connections.includes(1)) throw new Error('--connections must include 1: the ratios are taken at one connection.');

  const token = `bench-${randomBytes(16).toString('hex')}`;
  let cluster: PostgresCluster | null = null;
  let databaseUrl = options.databaseUrl;
  if (options.peers && !databaseUrl) {
    cluster = await startPostgresCluster();
    databaseUrl = cluster.urlOf(`iom_hub_bench_${options.scale.toLowerCase()}`);
    log(`loading ${file} into a throwaway PostgreSQL for the hub and PostGraphile…`);
    await loadIntoPostgresql(file, databaseUrl, { log: () => {} });
  }
  const runDatabase = databaseUrl && !options.hubOnSqlite ? await copyForRun(databaseUrl, log) : null;
  // The peers read the loaded database (the hub's copy takes the mixed load's writes).
  const stopPeers = () => { postgraphile?.child.kill('SIGTERM'); duckdb?.child.kill('SIGTERM'); };
  let postgraphile: Awaited<ReturnType<typeof start>> | null = null;
  let duckdb: Awaited<ReturnType<typeof start>> | null = null;
  if (options.peers) {
    try {
      postgraphile = await start(['bench/postgraphile-server.ts', databaseUrl!], { NODE_ENV: 'production' }, /postgraphile listening (\d+)/);
      duckdb = await start(['bench/duckdb-server.ts', file, JSON.stringify(variables)], {}, /duckdb listening (\d+)/);
    } catch (error) {
      stopPeers();
      await runDatabase?.drop();
      await cluster?.stop();
      throw error;
    }
  }
  // The hub as it is deployed (NODE_ENV=production, README "Deployment"): graphql-js, for one, skips its development checks.
  const hub = await start(['--import', './bench/count-statements.ts', 'bench/serve-hub.ts'], {
    NODE_ENV: 'production', DATABASE_URL: runDatabase?.url ?? `sqlite:${file}`, IOM_HUB_ADMIN_TOKEN: token, IOM_HUB_RATE_LIMIT: '100000000', IOM_HUB_DEMO_DATA: 'false',
  }, /hub listening (\d+)/).catch(async (error) => { stopPeers(); await runDatabase?.drop(); await cluster?.stop(); throw error; });
  const floorServer = await start(['bench/floor-server.ts', file, JSON.stringify(variables)], {}, /floor listening (\d+)/);
  const headers = { authorization: `Bearer ${token}` };
  const hubUrl = `http://127.0.0.1:${hub.port}/graphql`;
  const results: BenchResults = {
    scale: options.scale, engine: runDatabase ? 'postgresql' : 'sqlite', date: new Date().toISOString(), quick: !!options.quick, variables, queries: [], mismatches: [], hubPeakRssMb: 0, floorPeakRssMb: 0,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`,
  };
  const floorDb = new Database(file, { readonly: true });
  try {
    for (const q of options.mixedOnly ? [] : queries) {
      log(`${q.name}…`);
      await statementsOf(hub.child);
      const hubAnswer = await post(hubUrl, { query: q.query, variables: q.variables }, headers);
      const statements = await statementsOf(hub.child);
      const hubJson = JSON.parse(hubAnswer.text);
      const floorAnswer = await post(`http://127.0.0.1:${floorServer.port}/${q.name}`, q.variables);
      const floorJson = JSON.parse(floorAnswer.text);
      const identical = !hubJson.errors && JSON.stringify(canonical(hubJson.data)) === JSON.stringify(canonical(floorJson.data));
      if (!identical) {
        const why = hubJson.errors ? `hub errors ${JSON.stringify(hubJson.errors).slice(0, 300)}` : floorJson.errors ? `floor errors ${JSON.stringify(floorJson.errors)}` : firstDifference(canonical(hubJson.data), canonical(floorJson.data));
        results.mismatches.push(`${q.name}: ${why}`);
        log(`  MISMATCH ${q.name}: ${why}`);
      }

      // The floor in-process: SQL + JSON.stringify, no HTTP.
      const inProcess: number[] = [];
      const budget = options.quick ? 3 : 500;
      const until = Date.now() + (options.quick ? 0 : 2000);
      for (let i = 0; i < budget && (i < 5 || Date.now() < until); i++) {
        const t0 = performance.now();
        JSON.stringify({ data: q.floor(floorDb, q.variables) });
        inProcess.push(performance.now() - t0);
      }
      inProcess.sort((a, b) => a - b);

      const hubTarget = { url: hubUrl, body: JSON.stringify({ query: q.query, variables: q.variables }), headers };
      const floorTarget = { url: `http://127.0.0.1:${floorServer.port}/${q.name}`, body: JSON.stringify(q.variables), headers: {} };
      const loadAt = async (target: CannonTarget, at: number[]) => {
        // Warm up, then size each run to about `seconds` of work (at least a few requests).
        if (options.warm && !options.quick) await cannon(target, 16, { amount: options.warm });
        const t0 = performance.now();
        await post(target.url, JSON.parse(target.body), target.headers);
        const ms = Math.max(0.2, performance.now() - t0);
        const out: Record<string, LoadResult> = {};
        for (const c of at) {
          const amount = options.quick ? c : c === 1 ? Math.max(options.minRequests ?? 5, Math.min(2000, Math.round(3000 / ms))) : Math.max(c, Math.min(3000, Math.round(6000 / ms)));
          out[`c${c}`] = options.quick ? await fetchLoad(target, c, Math.max(3, c)) : await cannon(target, c, { amount });
        }
        return out;
      };
      const hubLoad = await loadAt(hubTarget, connections);
      const floorLoad = await loadAt(floorTarget, connections);
      const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 0.5)) * 100) / 100;
      const expected = JSON.stringify(canonical(hubJson.data));
      const peers: Record<string, PeerResult> = {};
      const askPeer = async (name: string, target: CannonTarget, answerOf: (json: any) => unknown, loads: number[]) => {
        const json = JSON.parse((await post(target.url, JSON.parse(target.body), target.headers)).text);
        const answer = json.errors ? null : answerOf(json.data);
        const identical = answer !== null && JSON.stringify(canonical(answer)) === expected && JSON.stringify(canonical(answer)) === JSON.stringify(canonical(floorJson.data));
        if (!identical) {
          const why = json.errors ? `${name} errors ${JSON.stringify(json.errors).slice(0, 300)}` : firstDifference(canonical(answer), canonical(hubJson.data));
          results.mismatches.push(`${q.name} (${name}): ${why}`);
          log(`  MISMATCH ${q.name} ${name}: ${why}`);
        }
        const out: Record<string, LoadResult> = {};
        const peerLoad = await loadAt(target, loads);
        for (const c of loads) out[`c${c}`] = peerLoad[`c${c}`];
        const top = Math.max(...loads);
        const most = `c${top}`;
        // More runs at the most connections, the hub's and the peer's in turn; each side's median is kept.
        const hubRuns = [hubLoad[most]];
        const peerRuns = [out[most]];
        for (let turn = 1; top > 1 && turn < turns; turn++) {
          hubRuns.push(await cannon(hubTarget, top, { amount: hubRuns[0].requests }));
          peerRuns.push(await cannon(target, top, { amount: peerRuns[0].requests }));
        }
        const median = (runs: LoadResult[]) => [...runs].sort((a, b) => a.rps - b.rps)[(runs.length - 1) >> 1];
        hubLoad[most] = median(hubRuns);
        out[most] = median(peerRuns);
        peers[name] = {
          identical, load: out, ratioP50: ratio(hubLoad.c1.p50, out.c1.p50), ratioRps: Math.round((hubLoad[most].rps / Math.max(out[most].rps, 0.1)) * 100) / 100,
          ...(hubRuns.length > 1 ? { rpsRuns: { hub: hubRuns.map((run) => run.rps), peer: peerRuns.map((run) => run.rps) } } : {}),
        };
      };
      if (postgraphile) {
        const question = postgraphileQuestion(q);
        if ('cannot' in question) peers.postgraphile = { cannot: question.cannot };
        else await askPeer('postgraphile', { url: `http://127.0.0.1:${postgraphile.port}/graphql`, body: JSON.stringify({ query: question.query, variables: question.variables }), headers: {} }, (data) => peerAnswer(q, question, data), connections);
      }
      if (duckdb) {
        // DuckDB is asked the measures (the analytic questions) only.
        if (q.kind === 'measure') await askPeer('duckdb', { url: `http://127.0.0.1:${duckdb.port}/${q.name}`, body: JSON.stringify(q.variables), headers: {} }, (data) => data, [1]);
      }
      results.queries.push({
        name: q.name, kind: q.kind, identical, rows: countRows(hubJson.data), bytes: Buffer.byteLength(hubAnswer.text), floorBytes: Buffer.byteLength(floorAnswer.text), statements,
        floorInProcess: { p50: Math.round(percentile(inProcess, 50) * 100) / 100, p99: Math.round(percentile(inProcess, 99) * 100) / 100 },
        hub: hubLoad, floor: floorLoad,
        ratioP50: ratio(hubLoad.c1.p50, floorLoad.c1.p50), ratioP99: ratio(hubLoad.c1.p99, floorLoad.c1.p99), hubPeakRssMb: peakRssMb(hub.child.pid),
        ...(options.peers ? { peers } : {}),
      });
    }
    if (results.mismatches.length) throw Object.assign(new Error(`Hub and floor answers differ:\n${results.mismatches.join('\n')}`), { results });
    const partnerships = (floorDb.prepare('SELECT COUNT(*) AS n FROM partnership').get() as { n: number }).n;
    if (!options.noMixed) results.mixed = await mixedLoad(hubUrl, headers, queries, Math.min(20, partnerships - 2), options.quick ?? false, log);
  } finally {
    floorDb.close();
    results.hubPeakRssMb = peakRssMb(hub.child.pid);
    results.floorPeakRssMb = peakRssMb(floorServer.child.pid);
    if (options.peers) results.peerPeakRssMb = { postgraphile: peakRssMb(postgraphile?.child.pid), duckdb: peakRssMb(duckdb?.child.pid) };
    hub.child.kill('SIGTERM');
    floorServer.child.kill('SIGTERM');
    stopPeers();
    if (runDatabase) {
      // Gone when it has an exit code or was ended by a signal (a peer has no SIGTERM handler of its own).
      const exited = (child: ChildProcess) => new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));
      await exited(hub.child);
      if (postgraphile) await exited(postgraphile.child);
      await runDatabase.drop();
    }
    await cluster?.stop();
  }
  const out = options.out ?? join(ROOT, 'bench', 'results', `${options.scale}${runDatabase ? '-postgresql' : ''}${options.peers ? '-peers' : ''}${options.quick ? '-quick' : ''}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(table(results));
  log(`Results: ${out}`);
  return results;
}

/** 16 connections over a mix of the reads with 5% cost-share draft saves while one bulk import runs; then draft saves alone at 1, 4 and 16 connections. */
async function mixedLoad(url: string, headers: Record<string, string>, queries: BenchQuery[], writePartnerships: number, quick: boolean, log: (line: string) => void): Promise<Record<string, unknown>> {
  log('mixed load…');
  const reads = queries.filter((q) => q.kind !== 'flat' && q.name !== 'reoffending-rates');
  const year = financialYearStarting(LAST_YEAR).label;
  const versions = new Map<string, number>();
  let writeTurn = 0;
  let conflicts = 0;
  let saves = 0;
  let busy = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const writes = () => {
    const partnership = partnershipCode(1 + (writeTurn++ % writePartnerships));
    const expectedVersion = versions.get(partnership) ?? 1;
    return JSON.stringify({
      query: `mutation($p: String!, $y: String!, $v: Int) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: { basis: FIXED_PERCENTAGES, shares: [
        { agency: "police", percent: 40 }, { agency: "probation", percent: 30 }, { agency: "crc", percent: 20 }, { agency: "council", percent: 10 }] }) { version } }`,
      variables: { p: partnership, y: year, v: expectedVersion },
      partnership,
    });
  };
  // Each read once, one at a time, before the load (as the per-query runs before it do in a full
  // run): what the load times is a hub that has already answered each of its questions.
  for (const q of reads) await post(url, { query: q.query, variables: q.variables }, headers);
  // Each draft's current version, so a save is a real update rather than a CONFLICT on its first try.
  for (let i = 0; i < writePartnerships; i++) {
    const partnership = partnershipCode(1 + i);
    const answer = await post(url, { query: 'query($p: String!, $y: String!) { costShare(partnership: $p, financialYear: $y) { version } }', variables: { p: partnership, y: year } }, headers);
    const version = JSON.parse(answer.text).data?.costShare?.version;
    if (version) versions.set(partnership, version);
  }
  const check = (status: number, body: string, partnership?: string) => {
    if (/busy|SQLITE_BUSY|locked/i.test(body)) busy++;
    if (status !== 200 || body.includes('"errors":[')) {
      if (body.includes('CONFLICT')) {
        conflicts++;
        const current = /"currentVersion":(\d+)/.exec(body);
        if (partnership && current) versions.set(partnership, Number(current[1]));
      } else {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(body.slice(0, 300));
      }
      return;
    }
    const version = /"version":(\d+)/.exec(body);
    if (partnership) saves++;
    if (partnership && version) versions.set(partnership, Number(version[1]));
  };
  // One request template: each request the load generator sends takes the next turn of one shared
  // sequence (a draft save when `isWrite(turn)`, else the next read), so the mix holds however
  // slowly each connection moves.
  let turn = 0;
  const template = (isWrite: (n: number) => boolean): autocannon.Request => ({
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    setupRequest: (req: any, context: any) => {
      const n = turn++;
      if (isWrite(n)) {
        const body = JSON.parse(writes());
        context.partnership = body.partnership;
        delete body.partnership;
        return { ...req, body: JSON.stringify(body) };
      }
      context.partnership = undefined;
      const q = reads[n % reads.length];
      return { ...req, body: JSON.stringify({ query: q.query, variables: q.variables }) };
    },
    onResponse: (status: number, body: string, context: any) => check(status, body, context.partnership),
  } as autocannon.Request);

  // One bulk import running throughout: batches of 100 whole records into the last partnership.
  let importing = true;
  let imported = 0;
  let importErrors = 0;
  const importTarget = partnershipCode(2);
  const runImports = (async () => {
    const stamp = Date.now().toString(36);
    for (let batch = 0; importing && batch < 200; batch++) {
      const records = Array.from({ length: 100 }, (_, i) => ({
        nominal: { reference: `bench-${stamp}-${batch}-${i}`, gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'CRC' },
        offences: [{ crimSec3Code: '28A', offenceDate: '2018-01-10', outcome: 'CONVICTION', outcomeDate: '2018-03-01' }],
      }));
      const response = await post(url, { query: 'mutation($p: String!, $r: [CohortRecordInput!]!) { importCohortRecords(partnership: $p, records: $r) }', variables: { p: importTarget, r: records } }, headers);
      check(response.status, response.text);
      if (response.status === 200 && !response.text.includes('"errors":[')) imported += 100; else importErrors++;
    }
  })();
  // A finance officer meanwhile: one more client asking the finance reports in turn, one at a
  // time, each request timed (does a small report wait behind a measure, a save or the import?).
  const finance = queries.filter((q) => FINANCE_REPORTS.includes(q.name));
  const financeMs: number[] = [];
  const runFinance = (async () => {
    for (let i = 0; importing && finance.length; i++) {
      const q = finance[i % finance.length];
      const t0 = performance.now();
      const response = await post(url, { query: q.query, variables: q.variables }, headers);
      financeMs.push(performance.now() - t0);
      check(response.status, response.text);
    }
  })();
  const started = performance.now();
  const result = await autocannon({ url, connections: 16, ...(quick ? { amount: 40 } : { duration: 15 }), timeout: 120, requests: [template((n) => n % 20 === 10)] } as autocannon.Options);
  const seconds = (performance.now() - started) / 1000;
  importing = false;
  await runImports;
  await runFinance;
  const [mixedSaves, mixedConflicts, mixedBusy, mixedErrors] = [saves, conflicts, busy, errors];

  // Writes alone: draft saves only, rotating over 20 partnerships; every save takes the hub's one write lock.
  const writesAlone: Record<string, { saves: number; savesPerSecond: number; p50: number; p99: number; conflicts: number; errors: number }> = {};
  for (const c of quick ? [1, 4] : [1, 4, 16]) {
    const [savesBefore, conflictsBefore, errorsBefore] = [saves, conflicts, errors + busy];
    const t0 = performance.now();
    const run = await autocannon({ url, connections: c, ...(quick ? { amount: 4 * c } : { duration: 5 }), timeout: 120, requests: [template(() => true)] } as autocannon.Options);
    const elapsed = (performance.now() - t0) / 1000;
    writesAlone[`c${c}`] = {
      saves: saves - savesBefore, savesPerSecond: Math.round(((saves - savesBefore) / elapsed) * 10) / 10, p50: run.latency.p50, p99: run.latency.p99,
      conflicts: conflicts - conflictsBefore, errors: errors + busy - errorsBefore + run.errors + run.timeouts,
    };
  }
  const p50 = result.latency.p50;
  const p99 = result.latency.p99;
  return {
    connections: 16, requests: result.requests.total, rps: Math.round(result.requests.average * 10) / 10, p50, p99, p99OverP50: Math.round((p99 / Math.max(p50, 0.5)) * 100) / 100,
    writesShare: '1 in 20', conflicts: mixedConflicts, busyErrors: mixedBusy, otherErrors: mixedErrors + result.errors + result.timeouts, errorSamples, recordsImported: imported, importErrors,
    seconds: Math.round(seconds * 10) / 10, saves: mixedSaves, savesPerSecond: Math.round((mixedSaves / seconds) * 10) / 10, recordsImportedPerSecond: Math.round(imported / seconds),
    finance: { reports: finance.map((q) => q.name), requests: financeMs.length, p50: quantile(financeMs, 50), p90: quantile(financeMs, 90), p99: quantile(financeMs, 99), max: quantile(financeMs, 100), over100ms: financeMs.filter((ms) => ms > 100).length },
    writesAlone,
  };
}

/** The finance reports timed one at a time during the mixed load. */
const FINANCE_REPORTS = ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'funding-streams'];

/** The p-th percentile of the times, in whole ms. */
function quantile(times: readonly number[], p: number): number | null {
  return times.length ? Math.round(percentile([...times].sort((a, b) => a - b), p)) : null;
}

export function table(results: BenchResults): string {
  const loads = Object.keys(results.queries[0]?.hub ?? { c1: 0 });
  const rps = (load: Record<string, LoadResult>) => loads.map((c) => load[c]?.rps ?? '–').join('/');
  const head = ['query', 'rows', 'KB', 'SQL', 'floor ms', 'hub p50', 'floor p50', '÷ p50', 'hub p99', 'floor p99', '÷ p99', `hub r/s ${loads.join('/')}`, `floor r/s ${loads.join('/')}`, 'err', 'RSS MB'];
  const lines = results.queries.map((q) => [
    q.name, String(q.rows), (q.bytes / 1024).toFixed(1), String(q.statements), String(q.floorInProcess.p50), String(q.hub.c1.p50), String(q.floor.c1.p50), `${q.ratioP50}×`,
    String(q.hub.c1.p99), String(q.floor.c1.p99), `${q.ratioP99}×`, rps(q.hub), rps(q.floor),
    String(Object.values(q.hub).reduce((s, r) => s + r.errors, 0)), String(q.hubPeakRssMb),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)];
  if (results.mixed) {
    const m = results.mixed as Record<string, number>;
    out.push('', `mixed load (16 connections, 1 in 20 a cost-share draft save, one bulk import running): ${m.requests} requests, ${m.rps} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms (p99 ÷ p50 = ${m.p99OverP50}), database-busy errors ${m.busyErrors}, conflicts ${m.conflicts}, other errors ${m.otherErrors}, draft saves ${m.savesPerSecond ?? '–'}/s, records imported ${m.recordsImported} (${m.recordsImportedPerSecond ?? '–'}/s)`);
    const f = (results.mixed as { finance?: { requests: number; p50: number; p90?: number; p99: number; max: number; over100ms?: number } }).finance;
    if (f) out.push(`finance reports during the mixed load (one more client, one request at a time): ${f.requests} requests, p50 ${f.p50} ms, p90 ${f.p90 ?? '–'} ms, p99 ${f.p99} ms, max ${f.max} ms, over 100 ms ${f.over100ms ?? '–'}`);
    const alone = (results.mixed as { writesAlone?: Record<string, { savesPerSecond: number; p50: number; p99: number; conflicts: number; errors: number }> }).writesAlone ?? {};
    out.push(`draft saves alone: ${Object.entries(alone).map(([c, w]) => `${c} ${w.savesPerSecond}/s (p50 ${w.p50} ms, p99 ${w.p99} ms, ${w.conflicts} conflicts, ${w.errors} errors)`).join('; ')}`);
  }
  if (results.queries.some((q) => q.peers)) out.push('', peersTable(results));
  out.push(`scale ${results.scale}${results.quick ? ' (quick)' : ''}, hub on ${results.engine ?? 'sqlite'}, floor on SQLite (better-sqlite3), ${results.date}, ${results.machine}; latencies in ms at 1 connection; peak RSS hub ${results.hubPeakRssMb} MB, floor ${results.floorPeakRssMb} MB`);
  return out.join('\n');
}

/** Hub against each peer, same run: p50 at one connection, requests a second at the most connections, and what a peer cannot express. */
export function peersTable(results: BenchResults): string {
  const loads = Object.keys(results.queries[0]?.hub ?? { c1: 0 });
  const most = loads[loads.length - 1];
  const lines = ['| query | peer | same answer | hub p50 ms | peer p50 ms | hub ÷ peer p50 | hub r/s ' + most + ' | peer r/s ' + most + ' | hub ÷ peer r/s |', '|---|---|---|---|---|---|---|---|---|'];
  const cannot: string[] = [];
  for (const q of results.queries) {
    for (const [peer, r] of Object.entries(q.peers ?? {})) {
      if (r.cannot) { cannot.push(`${q.name} on ${peer}: ${r.cannot}`); continue; }
      const peerMost = r.load?.[most];
      lines.push(`| ${q.name} | ${peer} | ${r.identical ? 'yes' : 'NO'} | ${q.hub.c1.p50} | ${r.load?.c1.p50} | ${r.ratioP50}× | ${peerMost ? q.hub[most].rps : '–'} | ${peerMost?.rps ?? '–'} | ${peerMost ? `${r.ratioRps}×` : '–'} |`);
    }
  }
  const rss = results.peerPeakRssMb;
  if (rss) lines.push('', `peak RSS: hub ${results.hubPeakRssMb} MB, PostGraphile ${rss.postgraphile} MB (hub ÷ PostGraphile ${Math.round((results.hubPeakRssMb / Math.max(rss.postgraphile, 1)) * 100) / 100}×), DuckDB ${rss.duckdb} MB`);
  if (cannot.length) lines.push('', 'Not asked of a peer:', ...cannot.map((c) => `- ${c}`));
  return lines.join('\n');
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const value = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const scale = (value('scale') ?? 'S').toUpperCase();
  runBench({
    scale, db: value('db') ?? join(ROOT, 'bench', 'data', `${scale}.sqlite`), databaseUrl: value('database-url'), quick: args.includes('--quick'), mixedOnly: args.includes('--mixed-only'), out: value('out'), peers: args.includes('--peers'), hubOnSqlite: value('hub') === 'sqlite', noMixed: args.includes('--no-mixed'),
    only: value('only')?.split(','), minRequests: value('min-requests') ? Number(value('min-requests')) : undefined, turns: value('turns') ? Number(value('turns')) : undefined, connections: value('connections')?.split(',').map(Number),
    warm: value('warm') ? Number(value('warm')) : undefined,
  })
    .then(() => process.exit(0))
    .catch((error: Error) => { console.error(error.message); process.exit(1); });
}
