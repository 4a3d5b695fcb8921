import type { CohortGrouping } from '../cohort-grouping.js';
import { MEMBERS_FROM, NOMINAL_GROUP_SQL } from '../members.sql.js';

/**
 * Reoffending rates v1 over the window (:from, :to], per group: the members on the scheme at any
 * time in the window (within `scope`, a condition on n.partnership_id), those with a proven offence
 * dated in the window while on the scheme and proven by :to, the offences, and those with no unit
 * cost in the table :unitCostTable; one row for each unit cost among the group's offences with how
 * many offences have it (a group without costed offences has one row, unit cost null), so costs
 * can be worked out from counts. By OFFENCE_GROUP, each banding's row counts the whole cohort as members.
 */
export function reoffendingRatesSql(groupBy: CohortGrouping, scope: string): string {
  const offenceGroups = groupBy === 'OFFENCE_GROUP';
  const memberGroup = offenceGroups ? "'all'" : NOMINAL_GROUP_SQL[groupBy];
  return `WITH spells AS (
       SELECT m.id, m.nominal_id, m.start_date, m.end_date, ${memberGroup} AS grp
       ${MEMBERS_FROM}
       WHERE m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope}),
     proven AS (
       SELECT DISTINCT s.grp AS member_grp, s.nominal_id, o.id AS offence_id, c.banding, u.cost_pence
       FROM spells s CROSS JOIN offence o ON o.nominal_id = s.nominal_id
         AND o.offence_date > :from AND o.offence_date <= :to AND o.outcome_date <= :to
         AND o.offence_date >= s.start_date AND (s.end_date IS NULL OR o.offence_date < s.end_date)
         JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable),
     cohort AS (SELECT grp, COUNT(DISTINCT nominal_id) AS members FROM spells GROUP BY grp)
     ${offenceGroups
       ? `SELECT p.banding AS "group", (SELECT SUM(members) FROM cohort) AS members, COUNT(DISTINCT p.nominal_id) AS reoffenders,
            COUNT(p.offence_id) AS offences, COUNT(CASE WHEN p.cost_pence IS NULL THEN 1 END) AS uncosted, MAX(p.cost_pence) AS unit_cost, COUNT(p.cost_pence) AS costed
          FROM proven p GROUP BY p.banding ORDER BY p.banding`
       : `SELECT c.grp AS "group", c.members, COALESCE(r.reoffenders, 0) AS reoffenders, COALESCE(r.offences, 0) AS offences, COALESCE(r.uncosted, 0) AS uncosted,
            k.cost_pence AS unit_cost, k.costed
          FROM cohort c
            LEFT JOIN (SELECT member_grp, COUNT(DISTINCT nominal_id) AS reoffenders, COUNT(offence_id) AS offences, COUNT(CASE WHEN cost_pence IS NULL THEN 1 END) AS uncosted
              FROM proven GROUP BY member_grp) r ON r.member_grp = c.grp
            LEFT JOIN (SELECT member_grp, cost_pence, COUNT(*) AS costed FROM proven WHERE cost_pence IS NOT NULL GROUP BY member_grp, cost_pence) k ON k.member_grp = c.grp
          ORDER BY c.grp, k.cost_pence`}`;
}
