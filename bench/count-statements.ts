/**
 * Loaded into the benchmarked hub (`node --import`): counts the SQL statements its database driver
 * runs (sqlite3, or pg on PostgreSQL), and answers `{ statements: true }` over IPC with the count
 * since the last ask. The hub's own code is not changed.
 */
import { writeFileSync } from 'node:fs';
import sqlite3 from 'sqlite3';
import { pg } from './postgres-cluster.js';

let count = 0;
const countCalls = (proto: Record<string, (...args: unknown[]) => unknown>, methods: string[]) => {
  for (const method of methods) {
    const original = proto[method];
    proto[method] = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  }
};
// Every statement runs through a Statement (Database#all, #run, #get and #each make one and run it;
// the reader connections run the statements they keep prepared), except Database#exec's.
const driver = sqlite3 as unknown as Record<'Database' | 'Statement', { prototype: Record<string, (...args: unknown[]) => unknown> }>;
countCalls(driver.Statement.prototype, ['all', 'run', 'get', 'each']);
countCalls(driver.Database.prototype, ['exec']);
countCalls(pg.Client.prototype, ['query']);

process.on('message', (message: { statements?: boolean }) => {
  if (message?.statements) {
    process.send?.({ statements: count });
    count = 0;
  }
});

// With IOM_HUB_BENCH_SYNC=<file>: how long the driver's calls hold the event loop synchronously
// (the call itself, not the statement's run on libuv's threads), written to the file at exit.
const syncFile = process.env.IOM_HUB_BENCH_SYNC;
if (syncFile) {
  const held = new Map<string, number[]>();
  const time = (proto: Record<string, (...args: unknown[]) => unknown>, owner: string, methods: string[]) => {
    for (const method of methods) {
      const original = proto[method];
      proto[method] = function (this: unknown, ...args: unknown[]) {
        const t0 = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          const ms = performance.now() - t0;
          const key = `${owner}.${method}`;
          if (!held.has(key)) held.set(key, []);
          held.get(key)!.push(ms);
        }
      };
    }
  };
  time(driver.Statement.prototype, 'Statement', ['all', 'run', 'get', 'finalize', 'reset']);
  time(driver.Database.prototype, 'Database', ['all', 'run', 'get', 'exec', 'prepare', 'each']);
  process.on('exit', () => {
    const summary: Record<string, unknown> = {};
    for (const [key, list] of held) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
      summary[key] = { calls: sorted.length, totalMs: Math.round(sorted.reduce((s, x) => s + x, 0)), p50: at(50), p99: at(99), max: at(100), over5ms: sorted.filter((x) => x > 5).length };
    }
    writeFileSync(syncFile, JSON.stringify(summary, null, 1));
  });
}
