import type { EntityManager } from '@mikro-orm/core';
import type { CohortGrouping } from '../../server/performance/cohort-grouping.js';
import { membersFrom, NOMINAL_GROUP_SQL } from '../../server/performance/members.sql.js';
import { offenceScopeSql, type OffenceScope } from '../../server/performance/offence-scope.js';

/**
 * The reoffending-rates statement on PostgreSQL as it was before it counted once per member and
 * once per member and unit cost (29 November 2026), kept as the reference the statement's rows
 * must equal (test/reoffending-rates-statement.test.ts).
 */
export function reoffendingRatesBefore(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, scope: string, offences: OffenceScope): string {
  const offenceGroups = groupBy === 'OFFENCE_GROUP';
  const memberGroup = offenceGroups ? "'all'" : NOMINAL_GROUP_SQL[groupBy];
  const inWindow = `m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope}`;
  return `WITH spells AS MATERIALIZED (
       SELECT m.nominal_id, m.start_date, m.end_date, ${memberGroup} AS grp
       ${membersFrom(em, groupBy)}
       WHERE ${inWindow}),
     members AS MATERIALIZED (SELECT DISTINCT grp, nominal_id FROM spells),
     proven AS MATERIALIZED (
       SELECT o.nominal_id, c.banding, u.cost_pence, COUNT(*) AS offences
       FROM offence o
         JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       WHERE o.offence_date > :from AND o.offence_date <= :to AND o.outcome_date <= :to${offenceScopeSql(offences)}
         AND EXISTS (SELECT 1 FROM spells s WHERE s.nominal_id = o.nominal_id AND o.offence_date >= s.start_date AND (s.end_date IS NULL OR o.offence_date < s.end_date))
       GROUP BY o.nominal_id, c.banding, u.cost_pence)
     ${offenceGroups
       ? `SELECT p.banding AS "group", (SELECT COUNT(*) FROM members) AS members, COUNT(DISTINCT p.nominal_id) AS reoffenders,
            SUM(p.offences) AS offences, SUM(CASE WHEN p.cost_pence IS NULL THEN p.offences ELSE 0 END) AS uncosted, MAX(p.cost_pence) AS unit_cost,
            SUM(CASE WHEN p.cost_pence IS NULL THEN 0 ELSE p.offences END) AS costed
          FROM proven p GROUP BY p.banding ORDER BY p.banding`
       : `, counted AS MATERIALIZED (
            SELECT m.grp, m.nominal_id, p.cost_pence, SUM(p.offences) AS offences
            FROM members m CROSS JOIN proven p ON p.nominal_id = m.nominal_id GROUP BY m.grp, m.nominal_id, p.cost_pence)
          SELECT c.grp AS "group", c.members, COALESCE(r.reoffenders, 0) AS reoffenders, COALESCE(r.offences, 0) AS offences, COALESCE(r.uncosted, 0) AS uncosted,
            k.cost_pence AS unit_cost, k.costed
          FROM (SELECT grp, COUNT(*) AS members FROM members GROUP BY grp) c
            LEFT JOIN (SELECT grp, COUNT(DISTINCT nominal_id) AS reoffenders, SUM(offences) AS offences, SUM(CASE WHEN cost_pence IS NULL THEN offences ELSE 0 END) AS uncosted
              FROM counted GROUP BY grp) r ON r.grp = c.grp
            LEFT JOIN (SELECT grp, cost_pence, SUM(offences) AS costed FROM counted WHERE cost_pence IS NOT NULL GROUP BY grp, cost_pence) k ON k.grp = c.grp
          ORDER BY c.grp, k.cost_pence`}`;
}
