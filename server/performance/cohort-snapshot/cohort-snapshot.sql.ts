import type { EntityManager } from '@mikro-orm/core';
import type { CohortGrouping } from '../cohort-grouping.js';
import { membersFrom, NOMINAL_GROUP_SQL } from '../members.sql.js';
import { offenceScopeSql, type OffenceScope } from '../offence-scope.js';

/**
 * Cohort snapshot v1 counts per group (NOMINAL_GROUP_SQL of `groupBy`) at :date over the period
 * (:from, :date] for :partnershipId: members by their latest status, added, removed, and members
 * with a proven offence (of `offences`) in the period.
 */
export function cohortSnapshotSql(em: Pick<EntityManager, 'config'>, groupBy: Exclude<CohortGrouping, 'OFFENCE_GROUP'>, offences: OffenceScope): string {
  return `WITH spells AS MATERIALIZED (
       SELECT m.id AS mid, m.nominal_id AS nid, m.start_date, m.end_date, ${NOMINAL_GROUP_SQL[groupBy]} AS grp,
              (m.end_date IS NULL OR m.end_date > :date) AS active
       ${membersFrom(em, groupBy)}
       WHERE n.partnership_id = :partnershipId AND m.start_date <= :date AND (m.end_date IS NULL OR m.end_date > :from)
     ),
     latest AS MATERIALIZED (
       SELECT s.*, (SELECT r.status FROM status_review r WHERE r.membership_id = s.mid AND r.review_date <= :date
                    ORDER BY r.review_date DESC, r.id DESC LIMIT 1) AS status
       FROM spells s
     )
     SELECT s.grp AS "group",
       COUNT(CASE WHEN s.active THEN 1 END) AS total,
       COUNT(CASE WHEN s.active AND s.status = 'RED' THEN 1 END) AS red,
       COUNT(CASE WHEN s.active AND s.status = 'AMBER' THEN 1 END) AS amber,
       COUNT(CASE WHEN s.active AND s.status = 'GREEN' THEN 1 END) AS green,
       COUNT(CASE WHEN s.active AND s.status = 'IN_PRISON' THEN 1 END) AS "inPrison",
       COUNT(CASE WHEN s.active AND s.status IS NULL THEN 1 END) AS unreviewed,
       COUNT(CASE WHEN s.start_date > :from THEN 1 END) AS added,
       COUNT(CASE WHEN s.end_date IS NOT NULL AND s.end_date <= :date THEN 1 END) AS removed,
       COUNT(CASE WHEN s.active AND EXISTS (
         SELECT 1 FROM offence o WHERE o.nominal_id = s.nid AND o.offence_date > :from AND o.offence_date <= :date
           AND o.offence_date >= s.start_date AND o.outcome_date <= :date${offenceScopeSql(offences)}) THEN 1 END) AS reoffended
     FROM latest s
     GROUP BY s.grp ORDER BY s.grp`;
}
