import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { sqlInParts } from '../../db/snapshot-parts.js';
import { sql } from '../../db/sql.js';
import { disclosedDate, protectSmallCounts } from '../../disclosure/small-counts.js';
import { optionalDate } from '../../errors/validate.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { requireUnitCostTable } from '../../reference/lookup.js';
import { costOfCrimeSql, PUBLISHED_COST_OF_CRIME_SQL } from './cost-of-crime.sql.js';
import { costOfCrimeDisclosure, COST_OF_CRIME_PARTS, costOfCrimeParts, groupCounts, publishedCosts, type CostRow } from './cost-of-crime.js';
import type { OffenceScope } from '../offence-scope.js';

/**
 * Cost of crime before / during / after v1, per group of members (Current: on the scheme at
 * `asOf`; Removed: de-selected by then). Before: proven offences in the 24 months before the
 * start; during: from the start to the end (or `asOf`); after: from the end to `asOf`. Each
 * offence (of `offences`) costs its banding's unit cost, worked out from the offences counted as the caller may
 * see them (at a month end for a board). Published rows are returned beside, as printed.
 */
export async function loadCostOfCrime(em: EntityManager, code: string, asOfText?: string | null, unitCostTable?: string | null, offences: OffenceScope = 'ALL'): Promise<CostRow[]> {
  const partnership = await requirePartnership(em, 'partnership', code);
  const caller = callerOf(em);
  const asOf = disclosedDate(caller, optionalDate('asOf', asOfText) ?? new Date().toISOString().slice(0, 10));
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const statement = costOfCrimeSql(em, offences, COST_OF_CRIME_PARTS);
  const params = { asOf, partnershipId: partnership.id, unitCostTable: table, parts: COST_OF_CRIME_PARTS };
  const published = await sql(em, PUBLISHED_COST_OF_CRIME_SQL, { partnershipId: partnership.id });
  const parts = await sqlInParts(em, statement, Array.from({ length: COST_OF_CRIME_PARTS }, (_, part) => ({ ...params, part })));
  const counts = groupCounts(costOfCrimeParts(parts));
  return [...publishedCosts(published), ...protectSmallCounts(caller, null, costOfCrimeDisclosure(table, asOf, offences), counts)];
}
