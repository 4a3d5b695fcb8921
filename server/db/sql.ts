import type { EntityManager } from '@mikro-orm/core';
import { forEngine } from './dialect.js';
import { bindNamed, type SqlParams } from './named-params.js';
import { readConnection } from './read-connection.js';

/**
 * Runs hand-written SQL with `:name` parameters on the request's connection (a replica for a
 * report), logged like every other statement. The statement runs as written on both engines,
 * through forEngine for the few places they differ. Inside a transaction it runs in the transaction.
 */
export function sql<T = Record<string, unknown>>(em: EntityManager, query: string, params: SqlParams = {}): Promise<T[]> {
  return run(em, query, params, false);
}

function run<T>(em: EntityManager, query: string, params: SqlParams, report: boolean): Promise<T[]> {
  const { sql: statement, bindings } = bindNamed(forEngine(em, query), params);
  if (report && reportStatements.size < REPORT_STATEMENTS) reportStatements.add(statement);
  return (readConnection(em) as unknown as { execute(q: string, p: readonly unknown[], method: 'all', ctx: unknown): Promise<T[]> }).execute(statement, bindings, 'all', em.getTransactionContext());
}

/** Texts of short report statements (reportSql) that PostgreSQL keeps prepared by name. */
const reportStatements = new Set<string>();
/** Distinct texts kept at most (a scope's list of partnerships, say, makes texts of several lengths); past it, statements run as before. */
export const REPORT_STATEMENTS = 2_000;

/**
 * sql() for a small report's short statements (the finance reports' rows, found by key): on
 * PostgreSQL their reader connections keep them prepared by name (server/database/postgresql-statements.ts),
 * so the server parses and plans each once per connection. Only statements a test proves to
 * answer alike (test/lean-reads.test.ts) belong here: a bound value takes its type from the
 * statement, not from how it is written, and a long measure's plan must stay made for its values.
 */
export function reportSql<T = Record<string, unknown>>(em: EntityManager, query: string, params: SqlParams = {}): Promise<T[]> {
  return run(em, query, params, true);
}

/** Whether PostgreSQL may keep this statement text prepared by name (reportSql). */
export const isReportStatement = (text: string): boolean => reportStatements.has(text);
