/**
 * The hub as `npm start` runs it (same database setup, tokens and app), bound to 127.0.0.1 on a
 * free port for the benchmark. Prints its port. With IOM_HUB_BENCH_LOOP=<file>, writes to the file
 * when it stops how long the event loop was held (monitorEventLoopDelay), the processor time of the
 * event loop's thread and of the whole process, and how many operations the worker pool answered.
 * With IOM_HUB_BENCH_PROFILE=<file>, writes a CPU profile of the hub's main thread (sampled every
 * 0.5 ms) to the file when it stops: `npx tsx bench/stretches.ts <file>` lists what held the event
 * loop in its longest stretches.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { openDatabase } from '../server/database/database.js';
import { createHub } from '../server/app.js';
import { prepareStartupTokens } from '../server/access/startup-tokens.js';
import { operationWorkers } from '../server/workers/operation-pool.js';
import { limitHeapGrowth } from '../server/heap-growth.js';

limitHeapGrowth(); // as server/main.ts
const orm = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
await prepareStartupTokens(orm, { adminToken: process.env.IOM_HUB_ADMIN_TOKEN, demo: false });
const hub = await createHub({ orm, operationWorkers: { databaseUrl: process.env.DATABASE_URL ?? '', count: operationWorkers() } });
// Measured warm, as a hub that has been up a while: its workers have started.
await hub.pool?.whenReady();
const port = await hub.listen(0, '127.0.0.1');
const loopFile = process.env.IOM_HUB_BENCH_LOOP;
/** Processor ms (user + system, clock ticks of 10 ms) of a /proc stat file. */
const processorMs = (stat: string) => { const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' '); return (Number(fields[11]) + Number(fields[12])) * 10; };
const delay = monitorEventLoopDelay({ resolution: 5 });
const cpuAtStart = loopFile ? { loop: processorMs(`/proc/${process.pid}/task/${process.pid}/stat`), all: processorMs(`/proc/${process.pid}/stat`) } : null;
if (loopFile) delay.enable();
const profileFile = process.env.IOM_HUB_BENCH_PROFILE;
const profiler = profileFile ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
console.log(`hub listening ${port}`);
process.on('SIGTERM', async () => {
  if (profiler && profileFile) writeFileSync(profileFile, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  if (loopFile && cpuAtStart) {
    delay.disable();
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    writeFileSync(loopFile, `${JSON.stringify({
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p90: ms(delay.percentile(90)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      processorMs: { eventLoop: processorMs(`/proc/${process.pid}/task/${process.pid}/stat`) - cpuAtStart.loop, process: processorMs(`/proc/${process.pid}/stat`) - cpuAtStart.all },
      pool: hub.pool?.counts ?? null,
    })}\n`);
  }
  void hub.stop().then(() => orm.close()).then(() => process.exit(0));
});
