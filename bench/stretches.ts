/**
 * What held the hub's event loop: reads a CPU profile written by the benchmarked hub
 * (IOM_HUB_BENCH_PROFILE=<file>, bench/serve-hub.ts) and prints how long the main thread was busy
 * and idle, how much of the busy time came in unbroken stretches of 5, 10, 20, 50 ms or more, and
 * the hub's own functions (and the libraries under them) that held the stretches of at least
 * `--min` ms. A stretch is a run of samples with no idle between them: one long task, or many
 * short ones back to back while requests queue. `npx tsx bench/stretches.ts <file> [--min 20]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const [file] = process.argv.slice(2).filter((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg));
const minIndex = process.argv.indexOf('--min');
const minMs = minIndex > 0 ? Number(process.argv[minIndex + 1]) : 20;
if (!file) throw new Error('usage: npx tsx bench/stretches.ts <profile> [--min 20]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(server|bench)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
const stackOf = (id: number) => {
  const frames: ProfileNode[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) frames.push(byId.get(at)!);
  return frames;
};

interface Stretch { ms: number; startMs: number; samples: [number, number][] }
const stretches: Stretch[] = [];
let current: Stretch | null = null;
let [busy, idle, at] = [0, 0, 0];
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  at += ms;
  if (byId.get(id)!.callFrame.functionName === '(idle)') {
    idle += ms;
    if (current) stretches.push(current);
    current = null;
    return;
  }
  busy += ms;
  current ??= { ms: 0, startMs: at, samples: [] };
  current.ms += ms;
  current.samples.push([id, ms]);
});
if (current) stretches.push(current);

const round = (ms: number) => Math.round(ms);
console.log(`main thread busy ${round(busy)} ms, idle ${round(idle)} ms (${round((100 * busy) / Math.max(busy + idle, 1))}% busy), ${stretches.length} stretches`);
console.log(`busy time in stretches of at least 5/10/20/50/100/200 ms: ${[5, 10, 20, 50, 100, 200].map((b) => round(stretches.filter((s) => s.ms >= b).reduce((sum, s) => sum + s.ms, 0))).join(' / ')} ms`);
const long = stretches.filter((s) => s.ms >= minMs);
// Each sample of a long stretch, to the nearest two frames of the hub's own code (or the leaf where there is none).
const held = new Map<string, number>();
for (const stretch of long) {
  for (const [id, ms] of stretch.samples) {
    const frames = stackOf(id).map(label);
    const own = frames.filter((frame) => /^(server|bench)\//.test(frame.split(' ')[1] ?? ''));
    const key = own.length ? own.slice(0, 2).reverse().join(' > ') : `(no hub frame) ${frames[0]}`;
    held.set(key, (held.get(key) ?? 0) + ms);
  }
}
console.log(`\nin the ${long.length} stretches of ${minMs} ms or more (${round(long.reduce((sum, s) => sum + s.ms, 0))} ms):`);
for (const [key, ms] of [...held].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${String(round(ms)).padStart(7)} ms  ${key}`);
