import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { TransactionContext } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../server/access/role.js';
import { writeTransaction } from '../server/db/write.js';
import { startTestHub, type TestHub } from './support/hub.js';

/**
 * MikroORM's storages are on while a write is under way and off once none is: the requests after a
 * write run without Node's promise hooks, and a write still sees its transaction.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: false });
});
afterAll(() => t?.close());

/** Whether Node tracks promises (its promise hooks are on): a promise's continuation then runs with an async id of its own. */
async function promisesTracked(): Promise<boolean> {
  await null;
  return executionAsyncId() !== 0;
}

describe('MikroORM\'s storages around a write', () => {
  it('are off once the writes end: a request after a write runs without the promise hooks', async () => {
    // Issuing a token is a write (its transaction and flush run in MikroORM's storages).
    await t.token(Role.ADMIN);
    expect(await promisesTracked()).toBe(false);
    await writeTransaction(t.orm.em, async (tx) => {
      expect(await promisesTracked()).toBe(true);
      expect(TransactionContext.currentTransactionContext()?.em).toBe(tx);
    });
    expect(await promisesTracked()).toBe(false);
  });

  it('stay on until the last of nested and overlapping writes ends', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let seenAfterInner: unknown;
    const outer = writeTransaction(t.orm.em, async (tx) => {
      await writeTransaction(tx, async () => {}); // a savepoint of this one
      await held;
      seenAfterInner = TransactionContext.currentTransactionContext()?.em;
      return tx;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const tx = await outer;
    expect(seenAfterInner).toBe(tx);
    expect(await promisesTracked()).toBe(false);

    // A write begun while another is under way waits for it (the write lock), then still sees its own transaction.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = writeTransaction(t.orm.em, () => firstHeld);
    const second = writeTransaction(t.orm.em, async (secondTx) => TransactionContext.currentTransactionContext()?.em === secondTx);
    await new Promise((resolve) => setTimeout(resolve, 20));
    releaseFirst();
    await first;
    expect(await second).toBe(true);
    expect(await promisesTracked()).toBe(false);
  });

  it('are the only ones turned off: another library\'s storage run inside a write keeps its store', async () => {
    const mine = new AsyncLocalStorage<string>();
    let afterWrite!: () => void;
    const written = new Promise<void>((resolve) => (afterWrite = resolve));
    const { store } = await writeTransaction(t.orm.em, async () => ({
      store: mine.run('mine', async () => {
        await written;
        await null;
        return mine.getStore();
      }),
    }));
    afterWrite();
    expect(await store).toBe('mine');
    mine.disable();
  });
});
