import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { availableParallelism } from 'node:os';
import type pg from 'pg';
import { isMeasureStatement } from '../db/sql.js';
import { readDirectly } from './direct-reads.js';
import { rollBackOrDiscard } from '../db/pooled-connection.js';

/**
 * Parallel plans for the measures' long statements on PostgreSQL. Left to its default costs the
 * server plans a measure that reads a few hundred thousand offences on one core. A measure's long
 * statement (measureSql in server/db/sql.ts), read on a report's connection (a replica or a
 * reporting lane, outside any transaction), instead runs in a read-only transaction of its own in
 * which parallel plans cost nothing to start (`SET LOCAL`, so the settings end with the
 * transaction): the server then reads the offences with the workers it allows per gather
 * (`max_parallel_workers_per_gather`, 2 by default), at most the cores less one on this machine
 * (measureWorkers). Every other statement, the small reports'
 * and every write included, keeps the server's own costs. The statement is sent with its values
 * written in, as the ORM sends it, so it is planned for its values and answers alike.
 *
 * A table of fewer than 8 pages (64 kB: the crime categories, the unit costs) is read by the
 * leader alone: a worker started for it costs more than the page, and each gather over such a table
 * started its own (two in the reoffending rates' costing, one after the other). The offences, the
 * memberships and the members' periods are all far larger, and their indexes are scanned in
 * parallel at any size, as before.
 */
export const PARALLEL_MEASURE_SETTINGS = {
  parallel_setup_cost: 0,
  parallel_tuple_cost: 0,
  min_parallel_table_scan_size: 8,
  min_parallel_index_scan_size: 0,
} as const;

/**
 * The workers a measure's gather may take on a server on this machine: one fewer than its cores,
 * so the leader and its workers have a core each. The server's default (2 per gather) on two cores
 * has three processes share them, and each gather waits for the slowest of three (for every
 * partnership's reoffending rates at scale M: 57–65 ms with one worker, 72–79 with two, in three
 * pairs in psql). A server elsewhere keeps its own setting, as the hub cannot see its cores;
 * IOM_HUB_DB_MEASURE_WORKERS=<n> caps the workers per gather on any server (0: the leader alone).
 * Never more than the server allows (`max_parallel_workers_per_gather`).
 */
export function measureWorkers(host: string | undefined, cap = measureWorkersSetting(), cores = availableParallelism()): number | null {
  return cap ?? (onThisMachine(host) ? Math.max(cores - 1, 0) : null);
}

/** IOM_HUB_DB_MEASURE_WORKERS: a cap on the workers per gather, or null if not set (refused, at start, if not a whole number). */
export function measureWorkersSetting(value = process.env.IOM_HUB_DB_MEASURE_WORKERS): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value)) throw new Error(`IOM_HUB_DB_MEASURE_WORKERS must be a whole number of workers, 0 or more (got "${value}").`);
  return Number(value);
}

/** Whether a connection's host is this machine: a Unix socket (a directory), localhost or a loopback address. */
export function onThisMachine(host: string | undefined): boolean {
  if (!host || host.startsWith('/')) return true;
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * IOM_HUB_DB_PARALLEL_MEASURES=false runs the measures' statements with the server's own costs
 * (as every other statement), for a server whose cores are better left to other work.
 */
export function parallelMeasures(value = process.env.IOM_HUB_DB_PARALLEL_MEASURES): boolean {
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`IOM_HUB_DB_PARALLEL_MEASURES must be true or false (got "${value}").`);
}
const enabled = parallelMeasures();
const cap = measureWorkersSetting();

const BEGIN = ['BEGIN TRANSACTION READ ONLY', ...Object.entries(PARALLEL_MEASURE_SETTINGS).map(([name, value]) => `SET LOCAL ${name} = ${value}`)].join('; ');

/** The transaction's start with at most `workers` per gather (none: the server's own), in one message. */
const begin = (workers: number | null) =>
  workers === null
    ? BEGIN
    : `${BEGIN}; SELECT set_config('max_parallel_workers_per_gather', LEAST(current_setting('max_parallel_workers_per_gather')::int, ${workers})::text, true)`;

/** Each connection's start of a measure's transaction, worked out once (its host does not change). */
const begins = new WeakMap<pg.Client, string>();

/** Runs `statement` in a read-only transaction of its own with parallel plans made cheap for it alone. */
export async function readInParallel(connection: pg.Client, statement: string): Promise<Record<string, unknown>[]> {
  let start = begins.get(connection);
  if (start === undefined) begins.set(connection, (start = begin(measureWorkers(connection.host, cap))));
  await connection.query(start);
  try {
    const { rows } = await connection.query(statement);
    await connection.query('COMMIT');
    return rows;
  } catch (error) {
    await rollBackOrDiscard(connection, (failed) => failed.query('ROLLBACK'));
    throw error;
  }
}

readDirectly<pg.Client>(PostgreSqlConnection.prototype, {
  accepts: (query) => enabled && isMeasureStatement(query),
  rows: (_client, connection, _query, _params, written) => readInParallel(connection, written()),
});
