import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionContext } from '@mikro-orm/core';

/**
 * MikroORM runs a write's work inside AsyncLocalStorages: the transaction's entity manager in
 * TransactionContext's, "inside a flush" in its unit of work's. On Node 20 the first `run` of any
 * such storage turns on the promise hooks for the whole process, and they stay on while one is
 * on: after the first write, every promise of every request would pay for them (a few percent of a
 * small report's processor time). So the hub turns MikroORM's storages off whenever no write is
 * under way, and the next write's `run` turns them on again. The storages a write runs are learned
 * as it runs them: only those run from MikroORM's code, never another library's.
 */
const ormStorages = new Set<AsyncLocalStorage<unknown>>([(TransactionContext as unknown as { storage: AsyncLocalStorage<unknown> }).storage]);
/** Storages run during a write that are not MikroORM's: left alone. */
const otherStorages = new WeakSet<AsyncLocalStorage<unknown>>();

/** Writes begun and not yet ended, nested ones included. */
let writesUnderWay = 0;
/** Whether `run` is watched for the storages a write runs. */
let watching = false;

/** Runs a write (`em.transactional` and its flushes), then turns MikroORM's storages off if no other write is under way. */
export async function inWrite<T>(write: () => Promise<T>): Promise<T> {
  if (!watching) watchStorages();
  writesUnderWay++;
  try {
    return await write();
  } finally {
    if (--writesUnderWay === 0) for (const storage of ormStorages) storage.disable();
  }
}

function watchStorages(): void {
  watching = true;
  const run = AsyncLocalStorage.prototype.run;
  AsyncLocalStorage.prototype.run = function <R, A extends unknown[]>(this: AsyncLocalStorage<unknown>, store: unknown, callback: (...args: A) => R, ...args: A): R {
    if (writesUnderWay > 0 && !ormStorages.has(this) && !otherStorages.has(this)) {
      // Only the caller's frame is looked at, once for each storage.
      (/[\\/]@mikro-orm[\\/]/.test(new Error().stack?.split('\n')[2] ?? '') ? ormStorages : otherStorages).add(this);
    }
    return run.call(this, store, callback, ...args) as R;
  } as typeof run;
}
