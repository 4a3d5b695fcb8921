import type { EntityManager } from '@mikro-orm/core';
import { daysBetweenSql, monthsBeforeSql } from '../../db/dialect.js';
import { offenceScopeSql, type OffenceScope } from '../offence-scope.js';

/** The cost-of-crime rows :partnershipId published, as printed (pence; null: n/a). */
export const PUBLISHED_COST_OF_CRIME_SQL = 'SELECT "group", before_pence, during_pence, after_pence, source FROM published_cost_of_crime WHERE partnership_id = :partnershipId ORDER BY id';

/**
 * Cost of crime v1 for :partnershipId as at :asOf, per group of memberships (Current, Removed): the
 * members, their days on the scheme, and their offences proven by :asOf (of `offences`) before, during and after
 * membership counted by unit cost (table :unitCostTable; one row per group and unit cost, so costs
 * are worked out from counts), with the offences that have no unit cost. Offences are counted per
 * group and category in one pass as they are read, and only those totals meet the unit costs and
 * the member counts: joining every costed offence row to its group first made SQLite materialise
 * them all and build an index over them (2.5 to 4 times slower at scale M), and looking up each
 * offence's banding and unit cost took PostgreSQL a fifth of the statement's time. The offences
 * are grouped by one integer, (category × 2 + 1 if the spell's member was removed) × 4 + the
 * window the offence falls in for its spell (1 before, 2 during, 3 after, 0 none: the windows do
 * not overlap), not by the group's name and the category, and counted once each: SQLite sorts
 * every offence row to group them, and an integer key made that statement 15 to 25% quicker at
 * scale M; one count a row in place of a count for each window, about a tenth more on both
 * engines. The group is named once, for its row.
 *
 * With `parts` over 1 the members are taken in parts (those whose nominal id leaves :part over
 * :parts), so the parts can run at once on reader connections (costOfCrimeParts adds their counts
 * up): every figure is a count or a sum over members. With one part the statement has no such
 * condition (on PostgreSQL it would throw the planner's estimate of the spells out, 42 for 8,729).
 */
export function costOfCrimeSql(em: EntityManager, offences: OffenceScope, parts = 1): string {
  return `WITH spells AS (
       SELECT m.nominal_id, m.start_date, ${monthsBeforeSql(em, 'm.start_date', 24)} AS since, COALESCE(m.end_date, :asOf) AS stop, m.end_date,
         CASE WHEN m.end_date IS NULL OR m.end_date > :asOf THEN 0 ELSE 1 END AS removed
       FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id WHERE n.partnership_id = :partnershipId${parts > 1 ? ' AND n.id % :parts = :part' : ''} AND m.start_date <= :asOf),
     counted AS (
       SELECT k.key / 4 AS category_group, SUM(CASE WHEN k.key % 4 = 1 THEN k.n ELSE 0 END) AS before_n, SUM(CASE WHEN k.key % 4 = 2 THEN k.n ELSE 0 END) AS during_n,
         SUM(CASE WHEN k.key % 4 = 3 THEN k.n ELSE 0 END) AS after_n, SUM(k.n) AS all_n
       FROM (SELECT (o.category_id * 2 + s.removed) * 4 +
           CASE WHEN o.offence_date < s.since THEN 0 WHEN o.offence_date < s.start_date THEN 1 WHEN o.offence_date < s.stop THEN 2
             WHEN s.end_date IS NOT NULL AND o.offence_date >= s.end_date AND o.offence_date <= :asOf THEN 3 ELSE 0 END AS key, COUNT(*) AS n
         FROM spells s CROSS JOIN offence o ON o.nominal_id = s.nominal_id AND o.outcome_date <= :asOf${offenceScopeSql(offences)}
         GROUP BY 1) k
       GROUP BY k.key / 4),
     costed AS (
       SELECT k.category_group % 2 AS removed, u.cost_pence AS unit_cost, SUM(k.before_n) AS before_n, SUM(k.during_n) AS during_n, SUM(k.after_n) AS after_n,
         SUM(CASE WHEN u.cost_pence IS NULL THEN k.all_n ELSE 0 END) AS uncosted
       FROM counted k JOIN crime_category c ON c.id = k.category_group / 2
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       GROUP BY k.category_group % 2, u.cost_pence)
     SELECT CASE g.removed WHEN 0 THEN 'Current' ELSE 'Removed' END AS "group", g.members, g.member_days, c.unit_cost, c.before_n, c.during_n, c.after_n, COALESCE(c.uncosted, 0) AS uncosted
     FROM (SELECT removed, COUNT(*) AS members, SUM(${daysBetweenSql(em, 'start_date', 'stop')}) AS member_days FROM spells GROUP BY removed) g
       LEFT JOIN costed c ON c.removed = g.removed
     ORDER BY g.removed, c.unit_cost`;
}
