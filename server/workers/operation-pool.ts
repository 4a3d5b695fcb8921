/**
 * A pool of worker threads for the long reports (IOM_HUB_OPERATION_WORKERS; none unless asked
 * for): a query operation whose root fields are all HANDED_OVER (the measures, the cohort
 * page, the medium-term plan) runs on a worker (./operation-worker.ts) with its own schema and its
 * own database connection, so its GraphQL execution, row building and arithmetic no longer hold the
 * event loop the finance reports, saves and imports share.
 *
 * Only the operation's execution moves. Everything around it stays on the hub's thread as before:
 * the token, limits and validation, the read routing, the lineage and `extensions.iomHub`, and the
 * read audit (the worker sends back the nominals its answer holds; auditReadsPlugin writes them
 * before the answer leaves, as for any request). The worker runs the same resolvers and field
 * policy for the same caller. An operation the worker answers with errors, or that fails there,
 * is run again on the hub's thread, so errors read exactly as before; while no worker is ready
 * (starting takes 0.5–3 s) or after one has stopped, operations run on the hub's thread.
 */
import type { Worker } from 'node:worker_threads';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { Caller } from '../access/caller.js';
import { NominalReads } from '../access/nominal-reads.js';
import type { HubContext } from '../context.js';
import { parseDatabaseUrl } from '../database/database-url.js';
import { startWorker } from './start-worker.js';
import { wholeNumberSetting } from '../database/whole-number-setting.js';
import { LONG_REPORTS } from '../database/long-operations.js';

/** Root fields whose operations run on the pool: the long reports, those that hold the event loop longest (README, Performance). */
export const HANDED_OVER = LONG_REPORTS;

/**
 * Worker threads `npm start` runs (IOM_HUB_OPERATION_WORKERS; 0: none, every operation on the event
 * loop). None unless asked for: a worker costs about 95 MB at rest and more under load, which would
 * take the hub past 1.5 times PostGraphile's memory at scale M (README, Performance).
 */
export const DEFAULT_OPERATION_WORKERS = 0;

export function operationWorkers(value = process.env.IOM_HUB_OPERATION_WORKERS): number {
  return wholeNumberSetting('IOM_HUB_OPERATION_WORKERS', value, DEFAULT_OPERATION_WORKERS, 16);
}

/**
 * A worker's young generation, in MB: V8's default (16 MB or more) made each worker about 18 MB
 * larger at rest, with no gain for the operations it runs. A worker costs about 95 MB (README, Performance).
 */
export const YOUNG_GENERATION_MB = 4;
/** A worker that stopped on an error is replaced after this pause. */
export const RESTART_AFTER_MS = 5_000;

export interface PoolSetup {
  databaseUrl: string;
  /** The worker thread's nice value, so that it yields to the event loop's (0: the same priority). */
  nice: number;
}

/** The workers' nice value (IOM_HUB_OPERATION_WORKER_NICE, 0–19). */
export function operationWorkerNice(value = process.env.IOM_HUB_OPERATION_WORKER_NICE): number {
  return wholeNumberSetting('IOM_HUB_OPERATION_WORKER_NICE', value, DEFAULT_WORKER_NICE, 19);
}
export const DEFAULT_WORKER_NICE = 10;
export interface OperationRequest {
  type: 'run';
  id: number;
  source: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  caller: Caller;
}
type Collected = ReturnType<NominalReads['collected']>;
export type OperationDone = { id: number; type: 'done'; data: Record<string, unknown> | null; reads: Collected } | { id: number; type: 'errors' } | { id: number; type: 'failed'; message: string };

/** The nominals a worker's answer held, as the request's own reads for the audit log. */
class HandedReads extends NominalReads {
  constructor(private readonly handed: Collected) {
    super();
  }

  override collected(): Collected {
    return this.handed;
  }
}

interface Thread {
  worker: Worker;
  ready: boolean;
  running: Map<number, (done: OperationDone | null) => void>;
}

/** Whether an operation runs on the pool: a query whose root selections are all fields HANDED_OVER. */
export function handedOver(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== 'query') return false;
  const selections = operation.selectionSet.selections;
  return selections.length > 0 && selections.every((selection) => selection.kind === 'Field' && HANDED_OVER.has(selection.name.value));
}

export class OperationPool {
  private readonly threads: Thread[] = [];
  private nextId = 0;
  private closed = false;
  /** Operations answered on a worker, and run on the hub's thread instead (none ready, errors, a failure). */
  readonly counts = { handed: 0, inProcess: 0 };

  /** Starts `size` workers on `databaseUrl` at once; they answer once ready. None for an in-memory SQLite database (a worker could not see it). */
  constructor(databaseUrl: string, size: number, private readonly log: (error: unknown) => void = (error) => console.error(error)) {
    const location = parseDatabaseUrl(databaseUrl);
    if (location.engine === 'sqlite' && (location.file === ':memory:' || location.file.startsWith('file::memory:'))) return;
    const nice = operationWorkerNice();
    for (let i = 0; i < size; i++) this.threads.push(this.start({ databaseUrl, nice }));
  }

  private start(setup: PoolSetup): Thread {
    const worker = startWorker(new URL('./operation-worker.ts', import.meta.url), setup, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });
    const thread: Thread = { worker, ready: false, running: new Map() };
    worker.on('message', (message: OperationDone | { type: 'ready' }) => {
      if (message.type === 'ready') {
        thread.ready = true;
        return;
      }
      const done = thread.running.get(message.id);
      thread.running.delete(message.id);
      done?.(message);
    });
    const stopped = (error?: unknown) => {
      thread.ready = false;
      if (error && !this.closed) this.log(error);
      for (const done of thread.running.values()) done(null);
      thread.running.clear();
      const at = this.threads.indexOf(thread);
      if (at < 0) return;
      this.threads.splice(at, 1);
      // One that failed is replaced after a pause (meanwhile its share runs on the hub's thread).
      if (error && !this.closed) setTimeout(() => !this.closed && this.threads.push(this.start(setup)), RESTART_AFTER_MS).unref();
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(code && !this.closed ? new Error(`An operation worker stopped (exit code ${code}); its operations run on the hub's thread.`) : undefined));
    // A hub that is never stopped (a test's) must not be kept alive by its workers.
    worker.unref();
    return thread;
  }

  /** Workers ready to take operations. */
  get ready(): number {
    return this.threads.filter((thread) => thread.ready).length;
  }

  /** Resolves once every worker started is ready (or has stopped). */
  async whenReady(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.threads.some((thread) => !thread.ready) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Runs the operation on the least busy ready worker; null when none is ready or it could not answer without errors. */
  run(request: Omit<OperationRequest, 'type' | 'id'>): Promise<OperationDone | null> {
    const ready = this.threads.filter((thread) => thread.ready);
    if (this.closed || !ready.length) return Promise.resolve(null);
    const thread = ready.reduce((best, candidate) => (candidate.running.size < best.running.size ? candidate : best));
    const id = ++this.nextId;
    return new Promise((resolve) => {
      thread.running.set(id, resolve);
      thread.worker.postMessage({ type: 'run', id, ...request } satisfies OperationRequest);
    });
  }

  /** Lets each worker close its connections, then stops it. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.threads.map(async ({ worker }) => {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage({ type: 'close' });
        const late = setTimeout(() => void worker.terminate(), 5_000);
        await exited;
        clearTimeout(late);
      }),
    );
  }

  /** Apollo plugin: an operation HANDED_OVER is answered by a worker when one is ready (responseForOperation), else executed here as usual. */
  plugin(): ApolloServerPlugin<HubContext> {
    return {
      requestDidStart: async () => ({
        responseForOperation: async ({ operation, source, request, contextValue }) => {
          if (!handedOver(operation)) return null;
          const done = await this.run({ source, variables: request.variables ?? null, operationName: request.operationName ?? null, caller: contextValue.caller });
          if (done?.type === 'failed' && !this.closed) this.log(new Error(`An operation worker could not run an operation (run on the hub's thread instead): ${done.message}`));
          if (done?.type !== 'done') {
            this.counts.inProcess++;
            return null;
          }
          this.counts.handed++;
          contextValue.reads = new HandedReads(done.reads);
          return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: done.data } } };
        },
      }),
    };
  }
}
