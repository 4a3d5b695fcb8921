/**
 * Peak RSS of the hub under one list asked at many connections at once:
 * `npx tsx bench/memory-probe.ts --db bench/data/M.sqlite [--connections 16] [--rounds 20] [--node-flag …]`.
 * Starts the benchmarked hub (bench/serve-hub.ts, NODE_ENV=production) on the file, asks the flat referral
 * list at 1 connection a few times, then `rounds` × `connections` requests with `connections` in flight,
 * and prints the hub's peak RSS (VmHWM) after each phase and the p50 at each.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { chooseVariables } from './run.js';

const { values } = parseArgs({ options: { db: { type: 'string', default: 'bench/data/M.sqlite' }, connections: { type: 'string', default: '16' }, rounds: { type: 'string', default: '10' }, 'node-flag': { type: 'string', multiple: true, default: [] }, 'database-url': { type: 'string' } } });
const token = `probe-${randomBytes(16).toString('hex')}`;
const variables = chooseVariables(values.db!);
const child = spawn(process.execPath, [...values['node-flag']!, '--import', 'tsx', 'bench/serve-hub.ts'], {
  env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: values['database-url'] ?? `sqlite:${values.db}`, IOM_HUB_ADMIN_TOKEN: token, IOM_HUB_RATE_LIMIT: '100000000', IOM_HUB_DEMO_DATA: 'false' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve) => { let out = ''; child.stdout!.on('data', (c: Buffer) => { out += c; const m = /hub listening (\d+)/.exec(out); if (m) resolve(Number(m[1])); }); });
const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
const mb = (key: string) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status())?.[1] ?? 0) / 1024);
const body = JSON.stringify({ query: 'query Referrals($partnership: String!) { referrals(partnership: $partnership) { id referralDate matrixScore orgsScore panelDate decision agency indexOffenceCode } }', variables: { partnership: variables.flatPartnership } });
const ask = () => new Promise<{ ms: number; text: string }>((resolve, reject) => {
  const t0 = performance.now();
  const req = request(`http://127.0.0.1:${port}/graphql`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
    const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => resolve({ ms: performance.now() - t0, text: Buffer.concat(chunks).toString() }));
  });
  req.on('error', reject); req.end(body);
});
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
const first = await ask();
const answer = JSON.parse(first.text);
if (answer.errors) throw new Error(first.text.slice(0, 500));
console.log(`after start and one answer (${answer.data.referrals.length} referrals, ${(first.text.length / 1024).toFixed(0)} KB): RSS ${mb('VmRSS')} MB, peak ${mb('VmHWM')} MB`);
const one: number[] = [];
for (let i = 0; i < 10; i++) one.push((await ask()).ms);
console.log(`1 connection: p50 ${p50(one)} ms; peak ${mb('VmHWM')} MB`);
const n = Number(values.connections);
const many: number[] = [];
const t0 = performance.now();
for (let r = 0; r < Number(values.rounds); r++) {
  const answers = await Promise.all(Array.from({ length: n }, () => ask()));
  for (const a of answers) { many.push(a.ms); if (a.text !== first.text) throw new Error('a different answer'); }
}
console.log(`${n} connections: p50 ${p50(many)} ms, ${(many.length / ((performance.now() - t0) / 1000)).toFixed(1)} r/s; peak ${mb('VmHWM')} MB, RSS now ${mb('VmRSS')} MB`);
child.kill('SIGTERM');
