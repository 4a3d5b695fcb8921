import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { isReportStatement } from '../db/sql.js';
import { readDirectly, type PooledClient } from './direct-reads.js';

/**
 * Named prepared statements for the small reports on PostgreSQL. Through knex and the ORM every
 * read is sent as text with its values written in, which the server parses and plans each time.
 * A short report statement (reportSql in server/db/sql.ts) read on a report's connection (a
 * replica or a reporting lane, outside any transaction) is instead sent by name with its values
 * bound: each connection parses it once and then only binds and executes it, and the ORM's and
 * knex's work per statement is skipped. Only text, null and whole numbers are bound this way (as
 * the ORM would write them in); anything else goes the ORM's way.
 *
 * A kept statement whose table changed shape (`SELECT t.*` after a column was added) fails with
 * "cached plan must not change result type": it is then let go on that connection and run again,
 * prepared anew.
 */
/**
 * IOM_HUB_DB_NAMED_STATEMENTS=false turns the named statements off: PgBouncer in transaction
 * pooling before 1.21, or without `max_prepared_statements`, cannot carry them.
 */
export function namedStatements(value = process.env.IOM_HUB_DB_NAMED_STATEMENTS): boolean {
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`IOM_HUB_DB_NAMED_STATEMENTS must be true or false (got "${value}").`);
}
const enabled = namedStatements();

interface PgClient extends PooledClient<pg.Client> {
  positionBindings(sql: string): string;
}

/** Each statement text's name and its `$1` form. */
const named = new Map<string, { name: string; text: string }>();

function nameOf(client: PgClient, query: string) {
  let statement = named.get(query);
  if (!statement) named.set(query, (statement = { name: `iom_report_${named.size + 1}`, text: client.positionBindings(query) }));
  return statement;
}

/** Runs a named statement on `connection`; one whose kept plan no longer fits its tables is let go and prepared again. */
export async function queryNamed(connection: pg.Client, statement: { name: string; text: string }, values: readonly unknown[]): Promise<pg.QueryResult> {
  try {
    return await connection.query({ name: statement.name, text: statement.text, values: [...values] });
  } catch (error) {
    if ((error as { code?: string }).code !== '0A000' || !/cached plan must not change result type/.test(String((error as Error).message))) throw error;
    await connection.query(`DEALLOCATE ${statement.name}`);
    delete (connection as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements[statement.name];
    return connection.query({ name: statement.name, text: statement.text, values: [...values] });
  }
}

readDirectly<pg.Client>(PostgreSqlConnection.prototype, {
  accepts: (query) => enabled && isReportStatement(query),
  async rows(client, connection, query, params) {
    return (await queryNamed(connection, nameOf(client as PgClient, query), params)).rows;
  },
});
