import { PostgreSqlConnection } from '@mikro-orm/postgresql';
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
 * (`max_parallel_workers_per_gather`, 2 by default). Every other statement, the small reports'
 * and every write included, keeps the server's own costs. The statement is sent with its values
 * written in, as the ORM sends it, so it is planned for its values and answers alike.
 */
export const PARALLEL_MEASURE_SETTINGS = {
  parallel_setup_cost: 0,
  parallel_tuple_cost: 0,
  min_parallel_table_scan_size: 0,
  min_parallel_index_scan_size: 0,
} as const;

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

const BEGIN = ['BEGIN TRANSACTION READ ONLY', ...Object.entries(PARALLEL_MEASURE_SETTINGS).map(([name, value]) => `SET LOCAL ${name} = ${value}`)].join('; ');

/** Runs `statement` in a read-only transaction of its own with parallel plans made cheap for it alone. */
export async function readInParallel(connection: pg.Client, statement: string): Promise<Record<string, unknown>[]> {
  await connection.query(BEGIN);
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
