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
  return run(em, query, params, null);
}

function run<T>(em: EntityManager, query: string, params: SqlParams, kind: 'report' | 'measure' | null): Promise<T[]> {
  const { sql: statement, bindings } = bindNamed(forEngine(em, query), params);
  if (kind === 'report' && reportStatements.size < REPORT_STATEMENTS) reportStatements.add(statement);
  if (kind === 'measure' && measureStatements.size < REPORT_STATEMENTS) measureStatements.add(statement);
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
  return run(em, query, params, 'report');
}

/** Whether PostgreSQL may keep this statement text prepared by name (reportSql). */
export const isReportStatement = (text: string): boolean => reportStatements.has(text);

/** Texts of long measure statements (measureSql) that PostgreSQL may answer with a parallel plan. */
const measureStatements = new Set<string>();

/**
 * sql() for a measure's long statement, one that reads hundreds of thousands of offences: on
 * PostgreSQL, read on a report's connection, it runs in a read-only transaction of its own with
 * parallel plans made cheap for that transaction alone (server/database/postgresql-measures.ts),
 * so the server may read the offences on more than one core. Only statements the benchmark shows
 * to gain belong here; the answer is the same whatever the plan.
 */
export function measureSql<T = Record<string, unknown>>(em: EntityManager, query: string, params: SqlParams = {}): Promise<T[]> {
  return run(em, query, params, 'measure');
}

/** Whether this statement text is a measure's long statement (measureSql). */
export const isMeasureStatement = (text: string): boolean => measureStatements.has(text);
