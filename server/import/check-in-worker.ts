/**
 * An import's reading and checking in a worker thread (./check-worker.ts), for big files: the
 * worker parses and checks the rows while the hub's event loop writes the runs already checked
 * and goes on answering requests, so the two cores both work and a finance report does not wait
 * behind a CSV parser. The worker runs the very checks of ./check-rows.ts on a copy of the
 * kind's lookups (loaded here, inside the import's transaction); every problem it finds comes back
 * with its row and column, as in-process. The file is read here and handed to the worker a
 * chunk at a time, when it asks; it runs at most AHEAD runs ahead of the writes.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker.js';
import type { ImportProblem } from './columns.js';
import type { CheckedRun, PassSetup } from './check-rows.js';
import type { PartnershipRef } from './kinds/import-kind.js';
import { ImportFileError, type TableFormat } from './read-table.js';

/** Files of this many bytes or more are checked in a worker (starting one takes about half a second). */
export const WORKER_MIN_BYTES = 1_000_000;
/** Runs of checked rows the worker may send before the writes take them. */
export const AHEAD = 8;

/** What the worker is given once the import's lookups are loaded (all of it copied to the worker's thread). */
export interface WorkerSetup {
  partnerships: [string, PartnershipRef][];
  defaultPartnership: PartnershipRef | null;
  lookups: unknown;
  /** The caller's token covers every partnership. */
  all: boolean;
  format: TableFormat;
  name: string;
}

export type ToWorker = { type: 'setup'; setup: WorkerSetup } | { type: 'chunk'; data?: Uint8Array | string; done?: boolean; error?: string } | { type: 'ack' };

/** Problems found since the last message (those within the report's limit), and how many in all so far. */
interface NewProblems {
  problems: ImportProblem[];
  count: number;
}
export type FromWorker =
  | { type: 'read' }
  | { type: 'header'; unknown: string[] }
  | ({ type: 'run' } & CheckedRun & NewProblems)
  | ({ type: 'done'; rows: number } & NewProblems)
  | { type: 'failed'; message: string; fileError?: boolean };

/** Messages in the order they came, taken one at a time. */
class Inbox<T> {
  private readonly queue: T[] = [];
  private waiting: ((message: T) => void) | null = null;

  put(message: T): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting(message);
    else this.queue.push(message);
  }

  take(): Promise<T> {
    const next = this.queue.shift();
    return next !== undefined ? Promise.resolve(next) : new Promise((resolve) => (this.waiting = resolve));
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts the worker that will check a file of `kind` (it loads the kind's module meanwhile): started
 * before the import's transaction, so the hub's write lock is not held while the thread starts.
 */
export function startCheckWorker(kind: string): Worker {
  return startWorker(new URL('./check-worker.ts', import.meta.url), { kind });
}

/**
 * As checkedRecords (./check-rows.ts), the checking done in `worker` (from startCheckWorker, used
 * once: it is stopped when the pass ends); problems land in `setup.problems`.
 */
export async function* checkInWorker<L>(worker: Worker, setup: PassSetup<L>, all: boolean): AsyncGenerator<CheckedRun, number> {
  const input = setup.source.open();
  const chunks = (input as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]();
  const inbox = new Inbox<FromWorker>();
  const send = (message: ToWorker) => worker.postMessage(message);
  worker.on('message', (message: FromWorker) => {
    if (message.type !== 'read') return inbox.put(message);
    chunks.next().then(
      ({ done, value }) => send(done ? { type: 'chunk', done: true } : { type: 'chunk', data: value }),
      (error: unknown) => send({ type: 'chunk', error: messageOf(error) }),
    );
  });
  worker.on('error', (error) => inbox.put({ type: 'failed', message: `the import's checking thread failed: ${error.message}` }));
  worker.on('exit', (code) => inbox.put({ type: 'failed', message: `the import's checking thread stopped (exit code ${code}).` }));
  const mirror = ({ problems, count }: NewProblems) => {
    setup.problems.list.push(...problems);
    setup.problems.count = count;
  };
  try {
    send({
      type: 'setup',
      setup: { partnerships: [...setup.partnerships], defaultPartnership: setup.defaultPartnership, lookups: setup.lookups, all, format: setup.source.format, name: setup.source.name },
    });
    for (;;) {
      const message = await inbox.take();
      switch (message.type) {
        case 'header':
          setup.onHeader?.(message.unknown);
          break;
        case 'run':
          mirror(message);
          send({ type: 'ack' });
          yield { records: message.records, lastRow: message.lastRow };
          break;
        case 'done':
          mirror(message);
          return message.rows;
        case 'failed':
          throw message.fileError ? new ImportFileError(message.message) : new Error(message.message);
      }
    }
  } finally {
    worker.removeAllListeners('exit');
    input.destroy();
    await worker.terminate();
  }
}
