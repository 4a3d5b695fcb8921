import type { EntityManager } from '@mikro-orm/core';
import { engineOf } from '../../db/dialect.js';
import type { CohortGrouping } from '../cohort-grouping.js';
import { membersFrom, NOMINAL_GROUP_SQL, nominalsFrom } from '../members.sql.js';
import { offenceScopeSql, type OffenceScope } from '../offence-scope.js';

/**
 * Reoffending rates v1 over the window (:from, :to], per group: the members on the scheme at any
 * time in the window (within `scope`, a condition on n.partnership_id), those with a proven offence
 * (of `offences`) dated in the window while on the scheme and proven by :to, the offences, and those with no unit
 * cost in the table :unitCostTable; one row for each unit cost among the group's offences with how
 * many offences have it (a group without costed offences has one row, unit cost null), so costs
 * can be worked out from counts. By OFFENCE_GROUP, each banding's row counts the whole cohort as members.
 * Each engine has its statement (the same rows): SQLite's reads each member's offences in the window
 * from the index on (nominal_id, offence_date, …); PostgreSQL's, below, takes the window's offences by date.
 *
 * With `parts` over 1 the members are taken in parts (those whose nominal id leaves :part over
 * :parts), so the parts can run at once on reader connections (reoffendingRatesParts adds their
 * counts up): by a grouping of members every figure is a count over members or their offences, and
 * a member is in one part. With one part the statement has no such condition (on PostgreSQL it
 * would throw the planner's estimate of the members out by a factor of 200, and its plan with it).
 * `byMember` (for a few partnerships named) has PostgreSQL read each member's offences rather than
 * the window's; SQLite always does, and the rows are the same either way. `everyPartnership` (the
 * scope has no condition) has SQLite reach the members from the memberships rather than the nominals.
 */
export function reoffendingRatesSql(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, scope: string, offences: OffenceScope, read: ReoffendingRatesRead = {}): string {
  const { parts = 1, byMember = false, everyPartnership = false } = read;
  if (engineOf(em) === 'postgresql') return reoffendingRatesPostgresql(em, groupBy, scope, offences, byMember, parts > 1);
  // From the memberships, a part's condition is on the membership, before its nominal is looked up.
  const members = parts > 1 ? `(${scope}) AND ${everyPartnership ? 'm.nominal_id' : 'n.id'} % :parts = :part` : scope;
  return reoffendingRatesSqlite(em, groupBy, members, offences, everyPartnership);
}

/** How the reoffending-rates statement reads the members (reoffendingRatesSql). */
export interface ReoffendingRatesRead {
  /** The parts of the members it is run in at once (1, whole, if not given). */
  parts?: number;
  /** A few partnerships are named. */
  byMember?: boolean;
  /** The scope is every partnership (no condition). */
  everyPartnership?: boolean;
}

/** An offence of `o` that counts for the spell `s`: dated in the window while on the scheme, proven by :to. */
function provenInSpell(offences: OffenceScope): string {
  return `o.nominal_id = s.nominal_id AND o.offence_date > :from AND o.offence_date <= :to AND o.outcome_date <= :to
         AND o.offence_date >= s.start_date AND (s.end_date IS NULL OR o.offence_date < s.end_date)${offenceScopeSql(offences)}`;
}

/**
 * On SQLite, by a grouping of members: each spell's offences are read once and counted per member,
 * category and group as they are read (one sort of the offences that count, 53,562 rows for every
 * partnership at scale M); a member with counts is a reoffender, and only the counts per group and
 * category meet the bandings and unit costs. A member's spells never overlap (a spell starts after
 * the one before ends), so each offence counts for one spell. Each membership is one spell (one a
 * nominal and start date), so the spells need making distinct only by PATHWAY, where a need
 * recorded twice gives a member's row twice. For every partnership the spells come from one pass
 * over the memberships, each nominal looked up by id (`fromMemberships`), rather than a look-up of
 * every nominal's memberships. (Looking each spell's offences up a second time for whether it had
 * one, making every grouping's spells distinct and reaching every partnership's members from the
 * nominals took about 40% more time for every partnership at scale M.)
 */
function reoffendingRatesSqlite(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, scope: string, offences: OffenceScope, fromMemberships: boolean): string {
  if (groupBy === 'OFFENCE_GROUP') return reoffendingByOffenceGroupSqlite(em, scope, offences);
  return `WITH spells AS MATERIALIZED (
       SELECT ${groupBy === 'PATHWAY' ? 'DISTINCT ' : ''}m.nominal_id, m.start_date, m.end_date, ${NOMINAL_GROUP_SQL[groupBy]} AS grp
       ${membersFrom(em, groupBy, fromMemberships)}
       WHERE m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope}),
     proven AS MATERIALIZED (
       SELECT s.grp, s.nominal_id, o.category_id, COUNT(*) AS offences FROM spells s CROSS JOIN offence o ON ${provenInSpell(offences)}
       GROUP BY s.nominal_id, o.category_id, s.grp),
     counted AS (SELECT grp, category_id, SUM(offences) AS offences FROM proven GROUP BY grp, category_id),
     cohort AS MATERIALIZED (SELECT grp, COUNT(DISTINCT nominal_id) AS members FROM spells GROUP BY grp),
     reoffenders AS MATERIALIZED (SELECT grp, COUNT(DISTINCT nominal_id) AS reoffenders FROM proven GROUP BY grp),
     costed AS (
       SELECT k.grp, u.cost_pence, SUM(k.offences) AS offences
       FROM counted k JOIN crime_category c ON c.id = k.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       GROUP BY k.grp, u.cost_pence)
     SELECT c.grp AS "group", c.members, COALESCE(o.reoffenders, 0) AS reoffenders, COALESCE(r.offences, 0) AS offences, COALESCE(r.uncosted, 0) AS uncosted,
       k.cost_pence AS unit_cost, k.offences AS costed
     FROM cohort c
       LEFT JOIN reoffenders o ON o.grp IS c.grp
       LEFT JOIN (SELECT grp, SUM(offences) AS offences, SUM(CASE WHEN cost_pence IS NULL THEN offences ELSE 0 END) AS uncosted FROM costed GROUP BY grp) r ON r.grp = c.grp
       LEFT JOIN costed k ON k.grp = c.grp AND k.cost_pence IS NOT NULL
     ORDER BY c.grp, k.cost_pence`;
}

/** On SQLite, by offence group (banding): each member's proven offences in the window, with their banding and unit cost, distinct; members are the whole cohort. */
function reoffendingByOffenceGroupSqlite(em: Pick<EntityManager, 'config'>, scope: string, offences: OffenceScope): string {
  return `WITH spells AS (
       SELECT m.id, m.nominal_id, m.start_date, m.end_date
       ${membersFrom(em, 'NONE')}
       WHERE m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope}),
     proven AS (
       SELECT DISTINCT s.nominal_id, o.id AS offence_id, c.banding, u.cost_pence
       FROM spells s CROSS JOIN offence o ON ${provenInSpell(offences)}
         JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable)
     SELECT p.banding AS "group", (SELECT COUNT(DISTINCT nominal_id) FROM spells) AS members, COUNT(DISTINCT p.nominal_id) AS reoffenders,
       COUNT(p.offence_id) AS offences, COUNT(CASE WHEN p.cost_pence IS NULL THEN 1 END) AS uncosted, MAX(p.cost_pence) AS unit_cost, COUNT(p.cost_pence) AS costed
     FROM proven p GROUP BY p.banding ORDER BY p.banding`;
}

/**
 * The start of the reoffending-rates statement on PostgreSQL by OFFENCE_GROUP: `spells` (each member's spells on the
 * scheme in the window, with their group), `members` (each member once per group) and `proven`
 * (`select`, which reads offences as `o`, over the offences in the window that a spell covers,
 * grouped by `groupBy`), each materialised; the statement goes on from there.
 */
export function spellsAndProvenPostgresql(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, scope: string, offences: OffenceScope, select: string, grouped: string): string {
  const memberGroup = groupBy === 'OFFENCE_GROUP' ? "'all'" : NOMINAL_GROUP_SQL[groupBy];
  const inWindow = `m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope}`;
  return `WITH spells AS MATERIALIZED (
       SELECT m.nominal_id, m.start_date, m.end_date, ${memberGroup} AS grp
       ${membersFrom(em, groupBy)}
       WHERE ${inWindow}),
     members AS MATERIALIZED (SELECT DISTINCT grp, nominal_id FROM spells),
     proven AS MATERIALIZED (
       ${select}
         JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       WHERE o.offence_date > :from AND o.offence_date <= :to AND o.outcome_date <= :to${offenceScopeSql(offences)}
         AND EXISTS (SELECT 1 FROM spells s WHERE s.nominal_id = o.nominal_id AND o.offence_date >= s.start_date AND (s.end_date IS NULL OR o.offence_date < s.end_date))
       GROUP BY ${grouped})`;
}

/**
 * On PostgreSQL, the same rows (reoffendingRatesSql).
 *
 * By a grouping of members (reoffendingByMemberGroupPostgresql), each member once per group, from
 * the members' periods on the scheme (member_period): each offence in the window is kept if a
 * period covers its date (one at most: a member's periods never overlap), takes its member's group,
 * and is counted in one pass two ways (GROUPING SETS): per group and category, and per group and
 * member (each such row a reoffender). Only the counts per group and category meet the bandings and
 * unit costs. (Before 30 November each offence was kept by a look-up among the window's
 * memberships, and the members were every nominal in scope with a look-up of its memberships: a
 * third more time for every partnership at scale M, and for the largest partnership 15,917 such
 * look-ups where it now reads 6,414 periods by partnership.) OFFENCE_GROUP keeps its statement
 * below, from the memberships.
 *
 * Over every partnership the window's offences are read by date, from the index on (offence_date,
 * nominal_id, …) alone: about 143,000 entries at scale M, of which 53,562 count. For a few
 * partnerships named (`byMember`) they are read period by period, from the index on (nominal_id,
 * offence_date, …) between the period's dates: for the largest partnership the 10,713 that count.
 */
function reoffendingRatesPostgresql(em: Pick<EntityManager, 'config'>, groupBy: CohortGrouping, whole: string, offences: OffenceScope, byMember: boolean, inParts: boolean): string {
  // A part's members: those whose nominal id leaves :part over :parts.
  const scope = (nominalId: string) => (inParts ? `(${whole}) AND ${nominalId} % :parts = :part` : whole);
  if (groupBy !== 'OFFENCE_GROUP') return reoffendingByMemberGroupPostgresql(em, groupBy, scope('n.nominal_id'), offences, byMember);
  const read = byMember ? 'FROM (SELECT DISTINCT nominal_id FROM spells) d JOIN offence o ON o.nominal_id = d.nominal_id' : 'FROM offence o';
  const kept = 'o.nominal_id, c.banding, u.cost_pence';
  return `${spellsAndProvenPostgresql(em, groupBy, scope('n.id'), offences, `SELECT ${kept}, COUNT(*) AS offences
       ${read}`, kept)}
     SELECT p.banding AS "group", (SELECT COUNT(*) FROM members) AS members, COUNT(DISTINCT p.nominal_id) AS reoffenders,
       SUM(p.offences) AS offences, SUM(CASE WHEN p.cost_pence IS NULL THEN p.offences ELSE 0 END) AS uncosted, MAX(p.cost_pence) AS unit_cost,
       SUM(CASE WHEN p.cost_pence IS NULL THEN 0 ELSE p.offences END) AS costed
     FROM proven p GROUP BY p.banding ORDER BY p.banding`;
}

/** A spell (membership or period `alias`) on the scheme at some time in the window (:from, :to]. */
const inWindow = (alias: string) => `${alias}.start_date <= :to AND (${alias}.end_date IS NULL OR ${alias}.end_date > :from)`;

/**
 * On PostgreSQL, by a grouping of members (see above), from the members' periods on the scheme
 * (member_period, a rollup of membership and nominal kept by triggers in the same transaction as
 * every write to either: server/database/migrations/postgresql/Migration20261130110000.ts). A
 * member's periods never touch or overlap, so an offence is covered by one period at most and is
 * joined to it directly, with no look-up among the memberships for whether any covers it; a
 * period is on the scheme in the window exactly when one of its memberships is. The periods carry
 * their nominal's partnership and are read as `n`, so that `scope`, a condition on
 * n.partnership_id, applies as it is.
 *
 * By PARTNERSHIP or NONE over every partnership named or not (`byMember` false), neither the members
 * nor the offences meet the nominals: a period's partnership is its group, members are counted from
 * the periods in the window alone, and the window's offences are read by date and joined to their
 * periods (for every partnership at scale M, 39,798 memberships joined to their nominals twice took
 * about a third of the statement's time). By any other grouping, or with `byMember`, the members are
 * the nominals of the periods in the window, looked up by id for their group (by PATHWAY a member's
 * row once for each recorded need, made distinct); the planner reads a few partnerships' offences
 * period by period, from the index on (nominal_id, offence_date, …) between the period's dates
 * (for the largest partnership at scale M, the 10,713 entries that count, not 13,671 before), and
 * every partnership's by date. Where a member's memberships were looked up once per nominal of the
 * partnership (15,917 for the largest at M), the periods in the window are read by partnership.
 */
function reoffendingByMemberGroupPostgresql(
  em: Pick<EntityManager, 'config'>,
  groupBy: Exclude<CohortGrouping, 'OFFENCE_GROUP'>,
  scope: string,
  offences: OffenceScope,
  byMember: boolean,
): string {
  const window = `o.offence_date > :from AND o.offence_date <= :to AND o.outcome_date <= :to${offenceScopeSql(offences)}`;
  const covered = (period: string) => `o.nominal_id = ${period}.nominal_id AND o.offence_date >= ${period}.start_date AND (${period}.end_date IS NULL OR o.offence_date < ${period}.end_date)`;
  if (!byMember && (groupBy === 'PARTNERSHIP' || groupBy === 'NONE')) {
    const byPartnership = groupBy === 'PARTNERSHIP';
    // By NONE every period has the one key (an expression of a column: GROUP BY takes a constant for a position).
    const key = byPartnership ? 'n.partnership_id' : 'n.nominal_id IS NOT NULL';
    return `WITH cohort AS MATERIALIZED (
       SELECT ${byPartnership ? '(SELECT p.code FROM partnership p WHERE p.id = m.key)' : "'all'"} AS grp, m.key, m.members
       FROM (SELECT ${key} AS key, COUNT(DISTINCT n.nominal_id) AS members FROM member_period n WHERE ${inWindow('n')} AND ${scope} GROUP BY 1) m),
     proven AS MATERIALIZED (
       SELECT ${key} AS key, o.category_id, GROUPING(o.category_id) AS per_member, COUNT(*) AS offences
       FROM offence o JOIN member_period n ON ${covered('n')}
       WHERE ${window} AND ${inWindow('n')} AND ${scope}
       GROUP BY GROUPING SETS ((${key}, o.category_id), (${key}, o.nominal_id))),
     ${countedByKey}`;
  }
  return `WITH periods AS MATERIALIZED (
       SELECT n.nominal_id, n.start_date, n.end_date FROM member_period n WHERE ${inWindow('n')} AND ${scope}),
     members AS MATERIALIZED (
       SELECT ${groupBy === 'PATHWAY' ? 'DISTINCT ' : ''}${NOMINAL_GROUP_SQL[groupBy]} AS grp, n.id AS nominal_id
       ${nominalsFrom(em, groupBy)}
       WHERE n.id IN (SELECT nominal_id FROM periods)),
     cohort AS MATERIALIZED (SELECT grp, grp AS key, COUNT(*) AS members FROM members GROUP BY grp),
     proven AS MATERIALIZED (
       SELECT m.grp AS key, o.category_id, GROUPING(o.category_id) AS per_member, COUNT(*) AS offences
       FROM periods s JOIN offence o ON ${covered('s')} JOIN members m ON m.nominal_id = s.nominal_id
       WHERE ${window}
       GROUP BY GROUPING SETS ((m.grp, o.category_id), (m.grp, o.nominal_id))),
     ${countedByKey}`;
}

/**
 * The end of the statement by a grouping of members on PostgreSQL, from `cohort` (each group's
 * name, key and members) and `proven` (each key's offences counted per category, and per member
 * where per_member is 1): only the counts per key and category meet the bandings and unit costs.
 */
const countedByKey = `costed AS MATERIALIZED (
       SELECT k.key, u.cost_pence, SUM(k.offences) AS offences
       FROM proven k JOIN crime_category c ON c.id = k.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       WHERE k.per_member = 0
       GROUP BY k.key, u.cost_pence)
     SELECT c.grp AS "group", c.members, COALESCE(r.reoffenders, 0) AS reoffenders, COALESCE(t.offences, 0) AS offences, COALESCE(t.uncosted, 0) AS uncosted,
       k.cost_pence AS unit_cost, k.offences AS costed
     FROM cohort c
       LEFT JOIN (SELECT key, COUNT(*) AS reoffenders FROM proven WHERE per_member = 1 GROUP BY key) r ON r.key = c.key
       LEFT JOIN (SELECT key, SUM(offences) AS offences, SUM(CASE WHEN cost_pence IS NULL THEN offences ELSE 0 END) AS uncosted FROM costed GROUP BY key) t ON t.key = c.key
       LEFT JOIN costed k ON k.key = c.key AND k.cost_pence IS NOT NULL
     ORDER BY c.grp, k.cost_pence`;
