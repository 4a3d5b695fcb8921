import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { monthsBefore } from '../../calendar/months.js';
import { sql } from '../../db/sql.js';
import { disclosedPeriod, protectSmallCounts, requestedThreshold } from '../../disclosure/small-counts.js';
import { badInput } from '../../errors/domain-error.js';
import { optionalDate, requireDate } from '../../errors/validate.js';
import { requirePartnership } from '../../partnership/lookup.js';
import type { Partnership } from '../../partnership/partnership.entity.js';
import type { CohortGrouping } from '../cohort-grouping.js';
import type { OffenceScope } from '../offence-scope.js';
import { cohortSnapshotSql } from './cohort-snapshot.sql.js';
import { overallCounts, SNAPSHOT_DISCLOSURE, SNAPSHOT_GROUP_DISCLOSURE, snapshotCounts, sumOfGroups, type ShownSnapshotCounts, type SnapshotCounts } from './cohort-snapshot.js';

/** A snapshot's counts as counted, before small-count protection. */
interface CountedSnapshot {
  partnership: Partnership;
  date: string;
  periodStart: string;
  overall: SnapshotCounts;
  groups: SnapshotCounts[];
}

/** A snapshot as the caller may see it. */
export interface CohortSnapshotView {
  partnership: string;
  date: string;
  periodStart: string;
  offenceScope: OffenceScope;
  overall: ShownSnapshotCounts;
  groups: ShownSnapshotCounts[];
}

interface SnapshotQuery {
  partnership: Partnership;
  date: string;
  from: string;
  groupBy: Exclude<CohortGrouping, 'OFFENCE_GROUP'>;
  offences: OffenceScope;
}

/**
 * The snapshot's date, period and grouping, checked; `from` defaults to three months before the date
 * (the quarter since the previous snapshot). Both are the dates the caller may ask about (month ends for a board).
 */
async function checkSnapshot(em: EntityManager, code: string, dateText: string, fromText: string | null | undefined, groupBy: CohortGrouping, offences: OffenceScope): Promise<SnapshotQuery> {
  const partnership = await requirePartnership(em, 'partnership', code);
  const asked = requireDate('date', dateText);
  const askedFrom = optionalDate('from', fromText) ?? monthsBefore(asked, 3);
  if (askedFrom >= asked) throw badInput('from', `${askedFrom} is not before the snapshot date (${asked}).`);
  const { from, to: date } = disclosedPeriod(callerOf(em), { field: 'from', date: askedFrom }, { field: 'date', date: asked });
  if (groupBy === 'OFFENCE_GROUP') throw badInput('groupBy', 'a snapshot groups members, not offences; use reoffendingRates for offence groups.');
  return { partnership, date, from, groupBy, offences };
}

/**
 * One SQL statement: the breakdown, whose groups add up to the overall counts (each member is in one
 * group); by PATHWAY, where a member may be in several groups, a second for the overall counts.
 */
async function countSnapshot(em: EntityManager, { partnership, date, from, groupBy, offences }: SnapshotQuery): Promise<CountedSnapshot> {
  const params = { partnershipId: partnership.id, date, from };
  const overallOnly = async () => overallCounts(await sql(em, cohortSnapshotSql(em, 'NONE', offences), params));
  if (groupBy === 'NONE') return { partnership, date, periodStart: from, overall: await overallOnly(), groups: [] };
  const groups = snapshotCounts(await sql(em, cohortSnapshotSql(em, groupBy, offences), params));
  const overall = groupBy === 'PATHWAY' ? await overallOnly() : sumOfGroups(groups);
  return { partnership, date, periodStart: from, overall, groups };
}

/** Cohort snapshot v1 counts at `date` over the period (from, date], as counted (no small-count protection). */
export async function countCohortSnapshot(em: EntityManager, code: string, dateText: string, fromText: string | null | undefined, groupBy: CohortGrouping, offences: OffenceScope = 'ALL'): Promise<CountedSnapshot> {
  return countSnapshot(em, await checkSnapshot(em, code, dateText, fromText, groupBy, offences));
}

/**
 * Cohort snapshot v1 at `date` over the period (from, date], its counts as the caller may see them
 * (at the threshold asked for: `requestedThreshold`), for the snapshot and the measures built on it.
 */
export async function loadCohortSnapshot(
  em: EntityManager, code: string, dateText: string, fromText?: string | null, groupBy: CohortGrouping = 'NONE', suppressUnder?: number | null, offences: OffenceScope = 'ALL',
): Promise<CohortSnapshotView> {
  const query = await checkSnapshot(em, code, dateText, fromText, groupBy, offences);
  const requested = requestedThreshold(suppressUnder);
  const counted = await countSnapshot(em, query);
  const caller = callerOf(em);
  const [overall] = protectSmallCounts(caller, requested, SNAPSHOT_DISCLOSURE, [counted.overall]);
  const groups = protectSmallCounts(caller, requested, SNAPSHOT_GROUP_DISCLOSURE, counted.groups);
  return { partnership: counted.partnership.code, date: counted.date, periodStart: counted.periodStart, offenceScope: offences, overall, groups };
}
