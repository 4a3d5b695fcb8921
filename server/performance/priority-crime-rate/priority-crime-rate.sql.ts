import type { EntityManager } from '@mikro-orm/core';
import { monthsBeforeSql } from '../../db/dialect.js';
import type { RateSeries } from './priority-crime-rate.js';

/**
 * Priority crime rate v1 over all the months in one statement. :months holds a row per month,
 * (month, its last day E, E − 24 months, E − 12 months); for each, the members who joined in the
 * 24 months to E with their priority offences in the 12 months before joining, and the members on
 * the scheme at E with their priority offences in the 12 months to E, for :partnershipId. With an
 * area, only nominals of that local authority (:area); with MOST_RELEVANT_OFFENCE, only members with
 * a relevant banding, and only their offences of that banding.
 */
export function priorityCrimeRateSql(em: EntityManager, series: RateSeries): string {
  const relevant = series.method === 'MOST_RELEVANT_OFFENCE';
  const ofSpell = relevant ? ' AND o.banding = s.relevant_banding' : '';
  return `WITH months(month, e, e24, e12) AS (VALUES :months),
     spells AS (SELECT m.id, m.nominal_id, m.start_date, m.end_date, m.relevant_banding FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id
       WHERE n.partnership_id = :partnershipId${series.area === null ? '' : ' AND n.local_authority = :area'}${relevant ? ' AND m.relevant_banding IS NOT NULL' : ''}),
     priority AS NOT MATERIALIZED (SELECT o.nominal_id, o.offence_date, c.banding FROM offence o JOIN crime_category c ON c.id = o.category_id WHERE c.priority),
     pre AS (
       SELECT mo.month, COUNT(*) AS members,
         SUM((SELECT COUNT(*) FROM priority o WHERE o.nominal_id = s.nominal_id AND o.offence_date >= ${monthsBeforeSql(em, 's.start_date', 12)} AND o.offence_date < s.start_date${ofSpell})) AS offences
       FROM months mo JOIN spells s ON s.start_date > mo.e24 AND s.start_date <= mo.e GROUP BY mo.month),
     live AS (
       SELECT mo.month, COUNT(*) AS members,
         SUM((SELECT COUNT(*) FROM priority o WHERE o.nominal_id = s.nominal_id AND o.offence_date > mo.e12 AND o.offence_date <= mo.e${ofSpell})) AS offences
       FROM months mo JOIN spells s ON s.start_date <= mo.e AND (s.end_date IS NULL OR s.end_date > mo.e) GROUP BY mo.month)
     SELECT mo.month, pre.members AS pre_members, pre.offences AS pre_offences, live.members AS live_members, live.offences AS live_offences
     FROM months mo LEFT JOIN pre ON pre.month = mo.month LEFT JOIN live ON live.month = mo.month ORDER BY mo.month`;
}

/** The rates :partnershipId published for the months :from to :to, as printed: only those of the same area and method (a row that does not say its method never matches). */
export const publishedPriorityCrimeRateSql = (series: RateSeries) => `SELECT month, pre_rate_hundredths AS pre, live_rate_hundredths AS live, percent_change AS change, source
     FROM published_priority_crime_rate WHERE partnership_id = :partnershipId AND month >= :from AND month <= :to
       AND ${series.area === null ? 'area IS NULL' : 'area = :area'} AND method = :method ORDER BY month, id`;
