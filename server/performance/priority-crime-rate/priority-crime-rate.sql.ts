import type { EntityManager } from '@mikro-orm/core';
import { monthsBeforeSql } from '../../db/dialect.js';
import type { RateSeries } from './priority-crime-rate.js';

/** The month of the 'YYYY-MM…' text `column` as a number (year × 12 + month), the same on both engines. */
const monthNumber = (column: string) => `(CAST(substr(${column}, 1, 4) AS INTEGER) * 12 + CAST(substr(${column}, 6, 2) AS INTEGER))`;

/**
 * Priority crime rate v1 over all the months in one statement. :months holds a row per month,
 * (month, its last day E, E − 24 months, E − 12 months); for each, the members who joined in the
 * 24 months to E with their priority offences in the 12 months before joining, and the members on
 * the scheme at E with their priority offences in the 12 months to E, for :partnershipId. With an
 * area, only nominals of that local authority (:area); with MOST_RELEVANT_OFFENCE, only members with
 * a relevant banding, and only their offences of that banding.
 *
 * Each thing counted is counted from the first month it counts in up to the month it stops: a
 * member from the month of joining (start ≤ E) to the month of leaving (end > E); a joiner for the
 * 24 months from the month of joining (start > E − 24 months); an offence for the 12 months from
 * its month (date > E − 12 months), while its member is on the scheme. E is a month's last day and
 * E − n months the last day of the month n before (monthBounds), so these are whole months. The
 * statement reads each spell and each offence once, as +1 in its first month and −1 in the month
 * it stops, and a month's count is the sum of those up to it, rather than looking up every
 * member's offences again for every month. Each spell's offences are one range of the index on
 * offence (nominal, offence date, category), read without visiting the rows.
 */
export function priorityCrimeRateSql(em: EntityManager, series: RateSeries): string {
  const relevant = series.method === 'MOST_RELEVANT_OFFENCE';
  const ofSpell = relevant ? ' AND o.banding = s.relevant_banding' : '';
  return `WITH months(month, e, e24, e12) AS (VALUES :months),
     span AS (SELECT MIN(${monthNumber('month')}) AS first, MAX(${monthNumber('month')}) AS last, MIN(e24) AS e24, MIN(e12) AS e12, MAX(e) AS e FROM months),
     spells AS MATERIALIZED (
       SELECT m.nominal_id, m.start_date, m.relevant_banding, ${monthNumber('m.start_date')} AS first, ${monthNumber('m.end_date')} AS gone
       FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id
       WHERE n.partnership_id = :partnershipId${series.area === null ? '' : ' AND n.local_authority = :area'}${relevant ? ' AND m.relevant_banding IS NOT NULL' : ''}),
     priority AS NOT MATERIALIZED (
       SELECT o.nominal_id, o.offence_date, c.banding, ${monthNumber('o.offence_date')} AS first, ${monthNumber('o.offence_date')} + 12 AS gone
       FROM offence o JOIN crime_category c ON c.id = o.category_id WHERE c.priority),
     joiners AS MATERIALIZED (
       SELECT s.nominal_id, s.start_date, s.relevant_banding, s.first, s.first + 24 AS gone
       FROM span CROSS JOIN spells s WHERE s.start_date > span.e24 AND s.start_date <= span.e),
     before AS (
       SELECT s.first, s.gone FROM joiners s CROSS JOIN priority o ON o.nominal_id = s.nominal_id
         AND o.offence_date >= ${monthsBeforeSql(em, 's.start_date', 12)} AND o.offence_date < s.start_date${ofSpell}),
     during AS (
       SELECT CASE WHEN o.first > s.first THEN o.first ELSE s.first END AS first, CASE WHEN s.gone < o.gone THEN s.gone ELSE o.gone END AS gone
       FROM span CROSS JOIN spells s CROSS JOIN priority o ON o.nominal_id = s.nominal_id AND o.offence_date > span.e12 AND o.offence_date <= span.e${ofSpell}
       WHERE s.first <= span.last AND (s.gone IS NULL OR s.gone > span.first)),
     changes(month, pre_members, pre_offences, live_members, live_offences) AS (
       SELECT first, 0, 0, 1, 0 FROM spells WHERE gone IS NULL OR gone > first
       UNION ALL SELECT gone, 0, 0, -1, 0 FROM spells WHERE gone > first
       UNION ALL SELECT first, 1, 0, 0, 0 FROM joiners
       UNION ALL SELECT gone, -1, 0, 0, 0 FROM joiners
       UNION ALL SELECT first, 0, 1, 0, 0 FROM before
       UNION ALL SELECT gone, 0, -1, 0, 0 FROM before
       UNION ALL SELECT first, 0, 0, 0, 1 FROM during WHERE first < gone
       UNION ALL SELECT gone, 0, 0, 0, -1 FROM during WHERE first < gone),
     net AS (
       SELECT month, SUM(pre_members) AS pre_members, SUM(pre_offences) AS pre_offences, SUM(live_members) AS live_members, SUM(live_offences) AS live_offences
       FROM changes GROUP BY month)
     SELECT mo.month, SUM(c.pre_members) AS pre_members, SUM(c.pre_offences) AS pre_offences, SUM(c.live_members) AS live_members, SUM(c.live_offences) AS live_offences
     FROM months mo LEFT JOIN net c ON c.month <= ${monthNumber('mo.month')}
     GROUP BY mo.month ORDER BY mo.month`;
}

/** The rates :partnershipId published for the months :from to :to, as printed: only those of the same area and method (a row that does not say its method never matches). */
export const publishedPriorityCrimeRateSql = (series: RateSeries) => `SELECT month, pre_rate_hundredths AS pre, live_rate_hundredths AS live, percent_change AS change, source
     FROM published_priority_crime_rate WHERE partnership_id = :partnershipId AND month >= :from AND month <= :to
       AND ${series.area === null ? 'area IS NULL' : 'area = :area'} AND method = :method ORDER BY month, id`;
