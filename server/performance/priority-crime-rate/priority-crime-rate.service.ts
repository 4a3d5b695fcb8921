import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../../access/caller.js';
import { monthsBetween } from '../../calendar/months.js';
import { sql } from '../../db/sql.js';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { badInput } from '../../errors/domain-error.js';
import { optionalText, requireMonth } from '../../errors/validate.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { publishedPriorityCrimeRateSql, priorityCrimeRateSql } from './priority-crime-rate.sql.js';
import { byMonth, monthBounds, monthCounts, priorityRateDisclosure, publishedRates, type PriorityRateMethod, type PublishedRate, type RateCounts, type RateRow } from './priority-crime-rate.js';

/**
 * Pre-IOM vs live-IOM priority crime rate v1, monthly from `fromMonth` to `toMonth`: the months
 * computed from the hub's records (one statement over all the months; rates from the counts as the
 * caller may see them) beside the published ones of the same area and method: like is compared only with like.
 */
export async function loadPriorityCrimeRate(
  em: EntityManager, code: string, fromMonth: string, toMonth: string, areaText: string | null = null, method: PriorityRateMethod = 'ALL_PRIORITY_OFFENCES', source?: string | null,
): Promise<RateRow[]> {
  if (source && source !== 'published' && source !== 'computed') throw badInput('source', `"${source}" is neither published nor computed.`);
  const partnership = await requirePartnership(em, 'partnership', code);
  requireMonth('from', fromMonth);
  requireMonth('to', toMonth);
  if (toMonth < fromMonth) throw badInput('to', `${toMonth} is before ${fromMonth}.`);
  const months = monthsBetween(fromMonth, toMonth);
  if (months.length > 120) throw badInput('to', 'at most 120 months at a time.');
  const series = { area: optionalText('area', areaText, 200), method };
  const area = series.area === null ? {} : { area: series.area };
  const counts = source === 'published' ? [] : await sql<RateCounts>(em, priorityCrimeRateSql(em, series), { months: monthBounds(months), partnershipId: partnership.id, ...area });
  const published = source === 'computed' ? [] : await sql<PublishedRate>(em, publishedPriorityCrimeRateSql(series), { partnershipId: partnership.id, from: fromMonth, to: toMonth, method, ...area });
  const computed = protectSmallCounts(callerOf(em), null, priorityRateDisclosure(series), monthCounts(counts));
  return byMonth([...publishedRates(published, series), ...computed]);
}
