/**
 * Loaded into the benchmarked hub (`node --import`): counts the SQL statements its database driver
 * runs (sqlite3, or pg on PostgreSQL), and answers `{ statements: true }` over IPC with the count
 * since the last ask. The hub's own code is not changed.
 */
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
