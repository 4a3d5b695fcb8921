/**
 * Loaded into the benchmarked hub (`node --import`): counts the SQL statements its SQLite driver
 * runs, and answers `{ statements: true }` over IPC with the count since the last ask. The hub's
 * own code is not changed.
 */
import sqlite3 from 'sqlite3';

let count = 0;
const proto = (sqlite3 as unknown as { Database: { prototype: Record<string, (...args: unknown[]) => unknown> } }).Database.prototype;
for (const method of ['all', 'run', 'get', 'each', 'exec', 'prepare']) {
  const original = proto[method];
  proto[method] = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
}
process.on('message', (message: { statements?: boolean }) => {
  if (message?.statements) {
    process.send?.({ statements: count });
    count = 0;
  }
});
