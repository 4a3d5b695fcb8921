import type { EntityManager } from '@mikro-orm/core';
import type { CohortGrouping } from '../../server/performance/cohort-grouping.js';
import { membersFrom, NOMINAL_GROUP_SQL } from '../../server/performance/members.sql.js';
import { offenceScopeSql, type OffenceScope } from '../../server/performance/offence-scope.js';
import { spellsAndProvenPostgresql } from '../../server/performance/reoffending-rates/reoffending-rates.sql.js';

/**
 * The reoffending-rates statement on PostgreSQL as it was before it counted once per member and
 * once per member and unit cost (29 November 2026), kept as the reference the statement's rows
 * must equal (test/reoffending-rates-statement.test.ts). Its spells, members and proven offences are
 * the statement's own (spellsAndProvenPostgresql); how it counts them is as it was.
 */
export function reoffendingRatesBefore(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, scope: string, offences: OffenceScope): string {
  const offenceGroups = groupBy === 'OFFENCE_GROUP';
  return `${spellsAndProvenPostgresql(em, groupBy, scope, offences, `SELECT o.nominal_id, c.banding, u.cost_pence, COUNT(*) AS offences
       FROM offence o`, 'o.nominal_id, c.banding, u.cost_pence')}
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

/**
 * The reoffending-rates statement on SQLite by a grouping of members as it was before it counted
 * per member and took the memberships first for every partnership (30 November 2026): every spell
 * made distinct, its offences counted per group and category, and looked up again for whether it
 * had one. Kept as the reference the statement's rows must equal (test/reoffending-rates-statement.test.ts).
 */
export function reoffendingRatesBeforeSqlite(em: Pick<EntityManager, 'config'>, groupBy: Exclude<CohortGrouping, 'OFFENCE_GROUP'>, scope: string, offences: OffenceScope): string {
  const provenInSpell = `o.nominal_id = s.nominal_id AND o.offence_date > :from AND o.offence_date <= :to AND o.outcome_date <= :to
         AND o.offence_date >= s.start_date AND (s.end_date IS NULL OR o.offence_date < s.end_date)${offenceScopeSql(offences)}`;
  return `WITH spells AS MATERIALIZED (
       SELECT DISTINCT m.nominal_id, m.start_date, m.end_date, ${NOMINAL_GROUP_SQL[groupBy]} AS grp
       ${membersFrom(em, groupBy)}
       WHERE m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope}),
     counted AS MATERIALIZED (
       SELECT s.grp, o.category_id, COUNT(*) AS offences FROM spells s CROSS JOIN offence o ON ${provenInSpell} GROUP BY s.grp, o.category_id),
     cohort AS MATERIALIZED (
       SELECT s.grp, COUNT(DISTINCT s.nominal_id) AS members,
         COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM offence o WHERE ${provenInSpell}) THEN s.nominal_id END) AS reoffenders
       FROM spells s GROUP BY s.grp),
     costed AS (
       SELECT k.grp, u.cost_pence, SUM(k.offences) AS offences
       FROM counted k JOIN crime_category c ON c.id = k.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       GROUP BY k.grp, u.cost_pence)
     SELECT c.grp AS "group", c.members, c.reoffenders, COALESCE(r.offences, 0) AS offences, COALESCE(r.uncosted, 0) AS uncosted, k.cost_pence AS unit_cost, k.offences AS costed
     FROM cohort c
       LEFT JOIN (SELECT grp, SUM(offences) AS offences, SUM(CASE WHEN cost_pence IS NULL THEN offences ELSE 0 END) AS uncosted FROM costed GROUP BY grp) r ON r.grp = c.grp
       LEFT JOIN costed k ON k.grp = c.grp AND k.cost_pence IS NOT NULL
     ORDER BY c.grp, k.cost_pence`;
}
