import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

/**
 * The few places where the hub's hand-written SQL differs between SQLite and PostgreSQL. Dates are
 * stored as 'YYYY-MM-DD' text on both, so comparisons and bounds computed in TypeScript need nothing
 * here; only date arithmetic on a column does.
 */
export type Engine = 'sqlite' | 'postgresql';

export function engineOf(em: Pick<EntityManager, 'config'>): Engine {
  return em.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite';
}

/** The date `months` months before the 'YYYY-MM-DD' text column `column`, as 'YYYY-MM-DD' text. */
export function monthsBeforeSql(em: Pick<EntityManager, 'config'>, column: string, months: number): string {
  if (!Number.isInteger(months)) throw new Error('months must be a whole number');
  return engineOf(em) === 'postgresql'
    ? `to_char(CAST(${column} AS date) - interval '${months} months', 'YYYY-MM-DD')`
    : `date(${column}, '-${months} months')`;
}

/** Days from the 'YYYY-MM-DD' text column `from` to `to`. */
export function daysBetweenSql(em: Pick<EntityManager, 'config'>, from: string, to: string): string {
  return engineOf(em) === 'postgresql' ? `(CAST(${to} AS date) - CAST(${from} AS date))` : `(julianday(${to}) - julianday(${from}))`;
}

/**
 * The statement as the engine takes it. The hub writes `a CROSS JOIN b ON …` where SQLite must
 * join in that order (its planner otherwise starts from the wrong table); PostgreSQL orders joins
 * itself and only knows `JOIN … ON`.
 */
export function forEngine(em: Pick<EntityManager, 'config'>, query: string): string {
  return engineOf(em) === 'postgresql' ? query.replace(/\bCROSS JOIN (\w+(?: \w+)?) ON\b/g, 'JOIN $1 ON') : query;
}

/**
 * Joins each row to the elements of its JSON array column `column` (a nominal's needs), one row
 * per element as `alias`.value, and one row with a null value when the array is empty.
 */
export function jsonArrayJoinSql(em: Pick<EntityManager, 'config'>, column: string, alias: string): string {
  return engineOf(em) === 'postgresql'
    ? `LEFT JOIN LATERAL jsonb_array_elements_text(${column}) AS ${alias}(value) ON true`
    : `LEFT JOIN json_each(${column}) AS ${alias}`;
}
