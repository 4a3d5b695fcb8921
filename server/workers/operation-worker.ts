/**
 * One thread of the operation pool (./operation-pool.ts): its own schema and its own connections to
 * the hub's database (a reader on SQLite, a small pool on PostgreSQL), no migrations. It runs
 * whole query operations handed over by the hub's thread for the caller given, with the same
 * resolvers, access policy and partnership scope as in-process, and sends back the result and the
 * nominals the answer holds (the hub's thread writes them to the audit log). It never writes.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { execute, parse } from 'graphql';
import { createContext } from '../context.js';
import { openDatabase } from '../database/database.js';
import { readFromReplicas } from '../db/read-connection.js';
import { hubSchema } from '../schema.js';
import type { OperationDone, OperationRequest, PoolSetup } from './operation-pool.js';

const { databaseUrl, nice } = (workerData as { data: PoolSetup }).data;
const port = parentPort!;

// The worker's thread yields the processor to the event loop's (Linux: a thread's own nice value;
// /proc/thread-self names it): a short report's work is not shared out evenly with a long one's.
if (nice) {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), nice);
  } catch {
    // Not Linux, or not allowed: the worker runs at the hub's priority.
  }
}

// One reader connection on SQLite (the worker runs one operation at a time), two on PostgreSQL (its
// short and long lanes); an in-memory database is never handed a pool (the pool checks).
process.env.IOM_HUB_SQLITE_READERS = '1';
const orm = await openDatabase({ databaseUrl, migrate: false, poolSize: 2 });
const schema = hubSchema();

port.on('message', async (message: OperationRequest | { type: 'close' }) => {
  if (message.type === 'close') {
    await orm.close().catch(() => {});
    port.close();
    return;
  }
  const { id, source, variables, operationName, caller } = message;
  let reply: OperationDone;
  try {
    const context = createContext(orm.em, caller);
    readFromReplicas(context.em);
    const result = await execute({ schema, document: parse(source), variableValues: variables ?? undefined, operationName: operationName ?? undefined, contextValue: context });
    // Errors are not carried over: the hub runs such an operation itself, so errors read exactly as they always have.
    reply = result.errors?.length ? { id, type: 'errors' } : { id, type: 'done', data: result.data ?? null, reads: context.reads?.collected() ?? [] };
  } catch (error) {
    reply = { id, type: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' });
