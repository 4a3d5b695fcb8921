import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { monthsBetween } from '../../calendar/months.js';
import { sql } from '../../db/sql.js';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { badInput } from '../../errors/domain-error.js';
import { requireMonth } from '../../errors/validate.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { PUBLISHED_PRIORITY_CRIME_RATE_SQL, priorityCrimeRateSql } from './priority-crime-rate.sql.js';
import { byMonth, monthBounds, monthCounts, PRIORITY_RATE_DISCLOSURE, publishedRates, type PublishedRate, type RateCounts, type RateRow } from './priority-crime-rate.js';

/**
 * Pre-IOM vs live-IOM priority crime rate v1, monthly from `fromMonth` to `toMonth`: the months
 * computed from the hub's records (one statement over all the months; rates from the counts as the
 * caller may see them) beside the published ones, as printed.
 */
export async function loadPriorityCrimeRate(em: EntityManager, code: string, fromMonth: string, toMonth: string, source?: string | null): Promise<RateRow[]> {
  if (source && source !== 'published' && source !== 'computed') throw badInput('source', `"${source}" is neither published nor computed.`);
  const partnership = await requirePartnership(em, 'partnership', code);
  requireMonth('from', fromMonth);
  requireMonth('to', toMonth);
  if (toMonth < fromMonth) throw badInput('to', `${toMonth} is before ${fromMonth}.`);
  const months = monthsBetween(fromMonth, toMonth);
  if (months.length > 120) throw badInput('to', 'at most 120 months at a time.');
  const counts = source === 'published' ? [] : await sql<RateCounts>(em, priorityCrimeRateSql(em), { months: monthBounds(months), partnershipId: partnership.id });
  const published = source === 'computed' ? [] : await sql<PublishedRate>(em, PUBLISHED_PRIORITY_CRIME_RATE_SQL, { partnershipId: partnership.id, from: fromMonth, to: toMonth });
  const computed = protectSmallCounts(callerOf(em), null, PRIORITY_RATE_DISCLOSURE, monthCounts(counts));
  return byMonth([...publishedRates(published), ...computed]);
}
