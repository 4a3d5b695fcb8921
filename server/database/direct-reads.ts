/**
 * A report's reads on its own connections (SQLite's readers, PostgreSQL's replicas and reporting
 * lanes), outside any transaction, sent straight to the pooled driver connection with their values
 * bound, through statements the connection keeps prepared (../db/sqlite-statements.ts,
 * postgresql-statements.ts), instead of through knex with the values written into the text. They
 * are logged as the ORM logs every statement, and a failure tells the statement as knex does.
 */
export interface PooledClient<C> {
  acquireConnection(): Promise<C>;
  releaseConnection(connection: C): Promise<unknown>;
}
interface ReadConnection<C> {
  type: string;
  config: { get(key: 'onQuery'): (sql: string, params: readonly unknown[]) => string; getLogger(): { isEnabled(namespace: string, context?: object): boolean } };
  platform: { formatQuery(sql: string, params: readonly unknown[]): string };
  ensureConnection(): Promise<void>;
  getKnex(): { client: PooledClient<C> };
  getSql(query: string, formatted: string, context?: unknown): string;
  executeQuery<T>(query: string, run: () => Promise<T>, context: object): Promise<T>;
}
type Execute<T> = (this: T, query: unknown, params?: readonly unknown[], method?: string, ctx?: unknown, loggerContext?: object) => Promise<unknown>;

export interface DirectReads<C> {
  /** Whether this statement (its text, its values) is read directly. */
  accepts(query: string, params: readonly unknown[]): boolean;
  /** Its rows, on a connection the pool has handed over; `written()` is the statement with its values written in, as the ORM sends it. */
  rows(client: PooledClient<C>, connection: C, query: string, params: readonly unknown[], written: () => string): Promise<Record<string, unknown>[]>;
}

/**
 * Values bound as the ORM would write them in: text, null and whole numbers within 32 bits (a
 * larger number node-sqlite3 binds as a real). Booleans, dates, buffers and lists go the ORM's way.
 */
export const bindsAsWritten = (params: readonly unknown[]): boolean =>
  params.every((value) => value === null || typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff));

/** Sends the read connections' accepted statements (`prototype` is the engine's connection class) straight to the driver. */
export function readDirectly<C>(prototype: object, direct: DirectReads<C>): void {
  const target = prototype as { execute: Execute<ReadConnection<C>> };
  const execute = target.execute;
  target.execute = async function directExecute(this: ReadConnection<C>, query, params = [], method = 'all', ctx, loggerContext) {
    if (this.type !== 'read' || ctx || typeof query !== 'string' || (method !== 'all' && method !== 'get') || !bindsAsWritten(params) || !direct.accepts(query, params)) {
      return execute.call(this, query, params, method, ctx, loggerContext);
    }
    await this.ensureConnection();
    const text = this.config.get('onQuery')(query, params);
    const client = this.getKnex().client;
    const read = async () => {
      const connection = await client.acquireConnection();
      try {
        const rows = await direct.rows(client, connection, text, params, () => this.platform.formatQuery(text, params));
        return method === 'get' ? rows[0] : rows;
      } catch (error) {
        if (error instanceof Error) error.message = `${this.platform.formatQuery(text, params)} - ${error.message}`;
        throw error;
      } finally {
        await client.releaseConnection(connection);
      }
    };
    // Logged as the ORM logs a statement (executeQuery) when the log shows statements; the statement
    // with its values written in only then. Otherwise executeQuery would log nothing: it is skipped.
    if (!this.config.getLogger().isEnabled('query', loggerContext)) return read();
    return this.executeQuery(this.getSql(text, this.platform.formatQuery(text, params), loggerContext), read, { query: text, params, ...loggerContext });
  };
}
