import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { partnershipScope } from '../../db/partnership-scope.js';
import { engineOf } from '../../db/dialect.js';
import { sqlInParts } from '../../db/snapshot-parts.js';
import { measureSql, sql } from '../../db/sql.js';
import { disclosedPeriod, protectSmallCounts, requestedThreshold } from '../../disclosure/small-counts.js';
import { badInput } from '../../errors/domain-error.js';
import { requireDate } from '../../errors/validate.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { requireUnitCostTable } from '../../reference/lookup.js';
import type { CohortGrouping } from '../cohort-grouping.js';
import type { OffenceScope } from '../offence-scope.js';
import { reoffendingRatesSql } from './reoffending-rates.sql.js';
import { reoffendingCounts, reoffendingRatesDisclosure, reoffendingRatesPartCount, reoffendingRatesParts, type ShownReoffendingRate } from './reoffending-rates.js';

export interface ReoffendingRatesView {
  from: string;
  to: string;
  groupBy: CohortGrouping;
  offenceScope: OffenceScope;
  unitCostTable: string | null;
  rows: ShownReoffendingRate[];
}

/**
 * Binary / frequency / cost-of-offending rates v1 over the window (from, to] (month end to month end
 * for a board), for the partnerships named or every partnership the caller may see, small counts
 * protected for the caller.
 */
export async function loadReoffendingRates(
  em: EntityManager,
  codes: readonly string[] | null,
  fromText: string,
  toText: string,
  groupBy: CohortGrouping,
  unitCostTable?: string | null,
  suppressUnder?: number | null,
  offences: OffenceScope = 'ALL',
): Promise<ReoffendingRatesView> {
  const requested = requestedThreshold(suppressUnder);
  const askedFrom = requireDate('from', fromText);
  const askedTo = requireDate('to', toText);
  if (askedTo <= askedFrom) throw badInput('to', `${askedTo} is not after ${askedFrom}.`);
  const caller = callerOf(em);
  const { from, to } = disclosedPeriod(caller, { field: 'from', date: askedFrom }, { field: 'to', date: askedTo });
  const ids: number[] = [];
  for (const [i, code] of (codes ?? []).entries()) ids.push((await requirePartnership(em, `partnerships[${i}]`, code)).id);
  const scope = partnershipScope(caller, 'n.partnership_id', ids);
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const engine = engineOf(em);
  const count = reoffendingRatesPartCount(engine, groupBy, ids.length > 0);
  const statement = reoffendingRatesSql(em, groupBy, scope.where, offences, { parts: count, byMember: ids.length > 0, everyPartnership: !ids.length && caller.partnershipIds === 'ALL' });
  const params = { from, to, unitCostTable: table, ...scope.params };
  // Every partnership the caller may see: on PostgreSQL, parallel plans made cheap for this statement
  // alone (measureSql) read the window's offences on two cores; named partnerships read their
  // members' offences member by member, in the plain plan, in two parts at once reading one snapshot
  // (sqlInParts; README, Performance).
  const partParams = Array.from({ length: count }, (_, part) => (count > 1 ? { ...params, parts: count, part } : params));
  const parts = ids.length ? await sqlInParts(em, statement, partParams) : await Promise.all(partParams.map((one) => measureSql(em, statement, one)));
  const counts = reoffendingCounts(reoffendingRatesParts(parts, engine === 'postgresql' && count > 1 ? await postgresqlOrder(em, parts) : undefined));
  return { from, to, groupBy, offenceScope: offences, unitCostTable: table, rows: protectSmallCounts(caller, requested, reoffendingRatesDisclosure(groupBy), counts) };
}

/**
 * The order PostgreSQL's statement gives its groups (ORDER BY on text: the database's collation,
 * NULL last), asked of the server for the groups of `parts`, so that their rows added up come out
 * in the order of the statement run whole.
 */
export async function postgresqlOrder(em: EntityManager, parts: readonly (readonly Record<string, unknown>[])[]): Promise<(a: unknown, b: unknown) => number> {
  const groups = [...new Set(parts.flat().map((row) => (row.group === null || row.group === undefined ? null : String(row.group))))];
  if (groups.length < 2) return () => 0;
  const ordered = await sql<{ grp: string | null }>(em, 'SELECT column1 AS grp FROM (VALUES :groups) AS g ORDER BY grp', { groups: groups.map((group) => [group]) });
  const rank = new Map(ordered.map((row, i) => [row.grp, i]));
  const rankOf = (group: unknown) => rank.get(group === null || group === undefined ? null : String(group)) ?? -1;
  return (a, b) => rankOf(a) - rankOf(b);
}
