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
 * Each connection also describes a statement's columns once (their names and types, what the rows
 * are read by), not on every run as `pg`'s own queries have the server do: the server sends the
 * description and the driver reads it every time otherwise, about fifty columns for a finance
 * report. The rows are made as `pg` makes them, with its type parsers (NamedRead).
 *
 * A kept statement whose table changed shape (`SELECT t.*` after a column was added) fails with
 * "cached plan must not change result type": it is then let go on that connection and run again,
 * prepared and described anew. The server refuses a kept statement whose columns changed, so a
 * description kept is the statement's as long as the statement is kept.
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

/** What NamedRead uses of `pg`'s protocol connection (pg/lib/connection.js). */
interface Wire {
  parsedStatements: Record<string, string>;
  stream: { cork(): void; uncork(): void };
  parse(message: { text: string; name: string }): void;
  bind(message: { statement: string; values: readonly (string | null)[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}
interface Field { name: string; dataTypeID: number; format: string }
type Row = Record<string, unknown>;

/** A statement's columns on a connection: their names, `pg`'s parser of each, and `pg`'s empty row to copy. */
interface Columns {
  names: string[];
  parsers: ((value: unknown) => unknown)[];
  binary: boolean[];
  empty: Row;
}

/** The columns of each statement described on each connection, by the statement's name. */
const described = new WeakMap<Wire, Map<string, Columns>>();

function describedOn(wire: Wire): Map<string, Columns> {
  let statements = described.get(wire);
  if (!statements) described.set(wire, (statements = new Map()));
  return statements;
}

/** Columns read as `pg`'s Result reads a RowDescription (result.js addFields), with the client's type parsers. */
function columnsOf(client: pg.Client, fields: readonly Field[]): Columns {
  const empty: Row = {};
  for (const field of fields) empty[field.name] = null;
  return {
    names: fields.map((field) => field.name),
    parsers: fields.map((field) => client.getTypeParser(field.dataTypeID, (field.format || 'text') as 'text') as (value: unknown) => unknown),
    binary: fields.map((field) => field.format === 'binary'),
    empty: { ...empty },
  };
}

/**
 * One run of a named statement, submitted to a `pg` client as its own query object (as pg-cursor
 * is): parsed if the connection has not parsed it, described if the connection has not described
 * it, bound, executed; its rows made as `pg`'s Result makes them (result.js parseRow), a parser's
 * failure told once the server is ready again, as `pg` tells it.
 */
class NamedRead {
  readonly rows: Row[] = [];
  callback: (error: unknown, rows?: Row[]) => void = () => {};
  private wire: Wire | null = null;
  private columns: Columns | undefined;
  private failed: unknown = null;

  constructor(
    private readonly client: pg.Client,
    readonly name: string,
    readonly text: string,
    private readonly values: readonly (string | null)[],
  ) {}

  submit(wire: Wire): Error | null {
    const parsed = wire.parsedStatements[this.name];
    if (parsed && parsed !== this.text) return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
    this.wire = wire;
    const statements = describedOn(wire);
    if (!parsed) statements.delete(this.name);
    this.columns = statements.get(this.name);
    wire.stream.cork();
    try {
      if (!parsed) wire.parse({ text: this.text, name: this.name });
      wire.bind({ statement: this.name, values: this.values });
      if (!this.columns) wire.describe({ type: 'P', name: '' });
      wire.execute({ portal: '' });
      wire.sync();
    } finally {
      wire.stream.uncork();
    }
    return null;
  }

  handleRowDescription(message: { fields: Field[] }): void {
    this.columns = columnsOf(this.client, message.fields);
    describedOn(this.wire!).set(this.name, this.columns);
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    if (this.failed) return;
    try {
      const { names, parsers, binary, empty } = this.columns!;
      const row = { ...empty };
      const values = message.fields;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        row[names[i]] = value !== null ? parsers[i](binary[i] ? Buffer.from(value) : value) : null;
      }
      this.rows.push(row);
    } catch (error) {
      this.failed = error;
    }
  }

  handleError(error: unknown): void {
    const told = this.failed ?? error;
    this.failed = null;
    this.callback(told);
  }

  handleReadyForQuery(): void {
    if (this.failed) return this.handleError(this.failed);
    this.callback(null, this.rows);
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(wire: Wire): void {
    wire.sendCopyFail('No source stream defined');
  }
  handleCopyData(): void {}
}

/** The rows of a named statement on `connection`, its values bound as the ORM writes them in (text, null, whole numbers). */
function readNamed(connection: pg.Client, statement: { name: string; text: string }, values: readonly unknown[]): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const read = new NamedRead(connection, statement.name, statement.text, values.map((value) => (value === null || value === undefined ? null : String(value))));
    read.callback = (error, rows) => (error ? reject(error) : resolve(rows!));
    void connection.query(read as never);
  });
}

/** Runs a named statement on `connection`; one whose kept plan no longer fits its tables is let go and prepared and described again. */
export async function queryNamed(connection: pg.Client, statement: { name: string; text: string }, values: readonly unknown[]): Promise<Row[]> {
  try {
    return await readNamed(connection, statement, values);
  } catch (error) {
    if ((error as { code?: string }).code !== '0A000' || !/cached plan must not change result type/.test(String((error as Error).message))) throw error;
    await connection.query(`DEALLOCATE ${statement.name}`);
    const wire = (connection as unknown as { connection: Wire }).connection;
    delete wire.parsedStatements[statement.name];
    describedOn(wire).delete(statement.name);
    return readNamed(connection, statement, values);
  }
}

readDirectly<pg.Client>(PostgreSqlConnection.prototype, {
  accepts: (query) => enabled && isReportStatement(query),
  rows: (client, connection, query, params) => queryNamed(connection, nameOf(client as PgClient, query), params),
});
