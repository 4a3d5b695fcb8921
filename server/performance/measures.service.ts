import type { EntityManager } from '@mikro-orm/core';
import { callerOf } from '../access/caller.js';
import { badInput } from '../errors/domain-error.js';
import { optionalDate, requireDate } from '../errors/validate.js';
import { requestedThreshold, smallCountThreshold } from '../disclosure/small-counts.js';
import { requirePartnership } from '../partnership/lookup.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { partnershipScope } from '../db/partnership-scope.js';
import { sql } from '../db/sql.js';
import { daysBetweenSql, monthsBeforeSql } from '../db/dialect.js';
import { UnitCostOfCrime } from '../reference/crime-category.entity.js';
import { monthEnd, monthsBefore, monthsBetween } from '../calendar/months.js';
import { percentChange, roundHalfAway } from './measures.js';

/** What a breakdown groups by; each maps to one whitelisted SQL expression. */
export const CohortGrouping = {
  NONE: 'NONE',
  PARTNERSHIP: 'PARTNERSHIP',
  AREA: 'AREA',
  LOCAL_AUTHORITY: 'LOCAL_AUTHORITY',
  GENDER: 'GENDER',
  AGE_BAND: 'AGE_BAND',
  ETHNICITY: 'ETHNICITY',
  STATUTORY_STATUS: 'STATUTORY_STATUS',
  OFFENCE_GROUP: 'OFFENCE_GROUP',
} as const;
export type CohortGrouping = (typeof CohortGrouping)[keyof typeof CohortGrouping];

const NOMINAL_GROUP_SQL: Record<Exclude<CohortGrouping, 'OFFENCE_GROUP'>, string> = {
  NONE: "'all'",
  PARTNERSHIP: 'p.code',
  AREA: "COALESCE(h.name, 'not recorded')",
  LOCAL_AUTHORITY: "COALESCE(n.local_authority, 'not recorded')",
  GENDER: 'n.gender',
  AGE_BAND: 'n.age_band',
  ETHNICITY: 'n.ethnicity',
  STATUTORY_STATUS: 'n.statutory_status',
};

/** Members through the partnership's nominals first (CROSS JOIN fixes SQLite's join order), so cost follows the partnership, not the whole history. */
const MEMBERS_FROM = 'FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id JOIN partnership p ON p.id = n.partnership_id LEFT JOIN hub h ON h.id = n.hub_id';

export interface SnapshotCounts {
  group: string;
  total: number;
  red: number;
  amber: number;
  green: number;
  inPrison: number;
  unreviewed: number;
  added: number;
  removed: number;
  reoffended: number;
}

export interface SnapshotView {
  partnership: Partnership;
  date: string;
  periodStart: string;
  overall: SnapshotCounts;
  groups: SnapshotCounts[];
  suppressUnder: number | null;
}

async function snapshotCounts(em: EntityManager, partnershipId: number, date: string, from: string, groupSql: string): Promise<SnapshotCounts[]> {
  const rows = await sql<Record<string, number | string>>(
    em,
    `WITH spells AS MATERIALIZED (
       SELECT m.id AS mid, m.nominal_id AS nid, m.start_date, m.end_date, ${groupSql} AS grp,
              (m.end_date IS NULL OR m.end_date > :date) AS active
       ${MEMBERS_FROM}
       WHERE n.partnership_id = :partnershipId AND m.start_date <= :date AND (m.end_date IS NULL OR m.end_date > :from)
     ),
     latest AS (
       SELECT r.membership_id AS mid, r.status,
              ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
       FROM spells s CROSS JOIN status_review r ON r.membership_id = s.mid WHERE r.review_date <= :date
     )
     SELECT s.grp AS "group",
       COUNT(CASE WHEN s.active THEN 1 END) AS total,
       COUNT(CASE WHEN s.active AND l.status = 'RED' THEN 1 END) AS red,
       COUNT(CASE WHEN s.active AND l.status = 'AMBER' THEN 1 END) AS amber,
       COUNT(CASE WHEN s.active AND l.status = 'GREEN' THEN 1 END) AS green,
       COUNT(CASE WHEN s.active AND l.status = 'IN_PRISON' THEN 1 END) AS "inPrison",
       COUNT(CASE WHEN s.active AND l.status IS NULL THEN 1 END) AS unreviewed,
       COUNT(CASE WHEN s.start_date > :from THEN 1 END) AS added,
       COUNT(CASE WHEN s.end_date IS NOT NULL AND s.end_date <= :date THEN 1 END) AS removed,
       COUNT(CASE WHEN s.active AND EXISTS (
         SELECT 1 FROM offence o WHERE o.nominal_id = s.nid AND o.offence_date > :from AND o.offence_date <= :date
           AND o.offence_date >= s.start_date AND o.outcome_date <= :date) THEN 1 END) AS reoffended
     FROM spells s LEFT JOIN latest l ON l.mid = s.mid AND l.rn = 1
     GROUP BY s.grp ORDER BY s.grp`,
    { partnershipId, date, from },
  );
  return rows.map((row) => ({
    group: String(row.group),
    ...Object.fromEntries(['total', 'red', 'amber', 'green', 'inPrison', 'unreviewed', 'added', 'removed', 'reoffended'].map((k) => [k, Number(row[k] ?? 0)])),
  }) as SnapshotCounts);
}

/**
 * The small-count threshold of a measure: the one asked for (`suppressUnder`, 1–100), raised to the
 * caller's own floor (board tokens: 5) whether asked for or not; null when neither asks.
 */
export function suppressionThreshold(em: EntityManager, value: number | null | undefined): number | null {
  return smallCountThreshold(callerOf(em), requestedThreshold(value));
}

const ZERO = (group: string): SnapshotCounts => ({ group, total: 0, red: 0, amber: 0, green: 0, inPrison: 0, unreviewed: 0, added: 0, removed: 0, reoffended: 0 });

/**
 * Cohort snapshot v1 at `date` over the period (from, date], `from` defaulting to three months
 * before (the quarter since the previous snapshot). Two SQL statements: the overall counts and
 * the breakdown.
 */
export async function loadCohortSnapshot(em: EntityManager, code: string, dateText: string, fromText?: string | null, groupBy: CohortGrouping = 'NONE', suppressUnder?: number | null): Promise<SnapshotView> {
  const partnership = await requirePartnership(em, 'partnership', code);
  const date = requireDate('date', dateText);
  const from = optionalDate('from', fromText) ?? monthsBefore(date, 3);
  if (from >= date) throw badInput('from', `${from} is not before the snapshot date (${date}).`);
  if (groupBy === 'OFFENCE_GROUP') throw badInput('groupBy', 'a snapshot groups members, not offences; use reoffendingRates for offence groups.');
  const threshold = suppressionThreshold(em, suppressUnder);
  const [overall] = await snapshotCounts(em, partnership.id, date, from, NOMINAL_GROUP_SQL.NONE);
  const groups = groupBy === 'NONE' ? [] : await snapshotCounts(em, partnership.id, date, from, NOMINAL_GROUP_SQL[groupBy]);
  return { partnership, date, periodStart: from, overall: overall ?? ZERO('all'), groups, suppressUnder: threshold };
}

export interface RateRow {
  month: string;
  preRate: number | null;
  liveRate: number | null;
  percentChange: number | null;
  preMembers: number | null;
  liveMembers: number | null;
  source: 'computed' | 'published';
  reference: string;
}

export const PRIORITY_RATE_DEFINITION = 'priority crime rate v1';

/**
 * Pre-IOM vs live-IOM priority crime rate v1, monthly, computed in one SQL statement over all the
 * months. For month M ending on day E: pre = average priority offences in the 12 months before
 * joining, over memberships that started in the 24 months to E; live = average priority offences
 * dated in the 12 months to E, over members on the scheme at E; change = live / pre − 1.
 */
export async function loadPriorityCrimeRate(em: EntityManager, code: string, fromMonth: string, toMonth: string): Promise<RateRow[]> {
  const partnership = await requirePartnership(em, 'partnership', code);
  for (const [field, value] of [['from', fromMonth], ['to', toMonth]] as const)
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw badInput(field, `"${value}" is not a month; write it as YYYY-MM.`);
  if (toMonth < fromMonth) throw badInput('to', `${toMonth} is before ${fromMonth}.`);
  const months = monthsBetween(fromMonth, toMonth);
  if (months.length > 120) throw badInput('to', 'at most 120 months at a time.');
  const bounds = months.map((m) => { const e = monthEnd(m); return [m, e, monthsBefore(e, 24), monthsBefore(e, 12)]; });
  const rows = await sql<{ month: string; pre_members: number; pre_offences: number; live_members: number; live_offences: number }>(
    em,
    `WITH months(month, e, e24, e12) AS (VALUES :months),
     spells AS (SELECT m.id, m.nominal_id, m.start_date, m.end_date FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id WHERE n.partnership_id = :partnershipId),
     priority AS NOT MATERIALIZED (SELECT o.nominal_id, o.offence_date FROM offence o JOIN crime_category c ON c.id = o.category_id WHERE c.priority),
     pre AS (
       SELECT mo.month, COUNT(*) AS members,
         SUM((SELECT COUNT(*) FROM priority o WHERE o.nominal_id = s.nominal_id AND o.offence_date >= ${monthsBeforeSql(em, 's.start_date', 12)} AND o.offence_date < s.start_date)) AS offences
       FROM months mo JOIN spells s ON s.start_date > mo.e24 AND s.start_date <= mo.e GROUP BY mo.month),
     live AS (
       SELECT mo.month, COUNT(*) AS members,
         SUM((SELECT COUNT(*) FROM priority o WHERE o.nominal_id = s.nominal_id AND o.offence_date > mo.e12 AND o.offence_date <= mo.e)) AS offences
       FROM months mo JOIN spells s ON s.start_date <= mo.e AND (s.end_date IS NULL OR s.end_date > mo.e) GROUP BY mo.month)
     SELECT mo.month, pre.members AS pre_members, pre.offences AS pre_offences, live.members AS live_members, live.offences AS live_offences
     FROM months mo LEFT JOIN pre ON pre.month = mo.month LEFT JOIN live ON live.month = mo.month ORDER BY mo.month`,
    { months: bounds, partnershipId: partnership.id },
  );
  const computed: RateRow[] = rows
    .filter((r) => r.pre_members || r.live_members)
    .map((r) => {
      const pre = r.pre_members ? Number(r.pre_offences) / Number(r.pre_members) : null;
      const live = r.live_members ? Number(r.live_offences) / Number(r.live_members) : null;
      return {
        month: r.month,
        preRate: pre === null ? null : roundHalfAway(pre, 2),
        liveRate: live === null ? null : roundHalfAway(live, 2),
        percentChange: pre === null || live === null ? null : percentChange(pre, live),
        preMembers: r.pre_members ? Number(r.pre_members) : 0,
        liveMembers: r.live_members ? Number(r.live_members) : 0,
        source: 'computed',
        reference: PRIORITY_RATE_DEFINITION,
      };
    });
  const published = await sql<{ month: string; pre: number; live: number; change: number; source: string }>(
    em,
    `SELECT month, pre_rate_hundredths AS pre, live_rate_hundredths AS live, percent_change AS change, source
     FROM published_priority_crime_rate WHERE partnership_id = :partnershipId AND month >= :from AND month <= :to ORDER BY month, id`,
    { partnershipId: partnership.id, from: fromMonth, to: toMonth },
  );
  const publishedRows: RateRow[] = published.map((r) => ({
    month: r.month, preRate: r.pre / 100, liveRate: r.live / 100, percentChange: r.change, preMembers: null, liveMembers: null, source: 'published', reference: r.source,
  }));
  return [...publishedRows, ...computed].sort((a, b) => a.month.localeCompare(b.month) || b.source.localeCompare(a.source));
}

export interface ComparisonRow {
  localAuthority: string | null;
  force: string;
  cohortSize: number;
  actualRate: number;
  predictedRate: number;
  differencePercent: number;
  rankByDifference: number;
  rankByActual: number;
  publishedRankByDifference: number | null;
  publishedRankByActual: number | null;
  note: string | null;
  source: string;
  reference: string;
}

/**
 * Actual vs predicted reoffending v1: the published rows as printed, ranked within the loaded set
 * by SQL RANK() (1 = lowest; equal values share a rank). The published national ranks are kept beside.
 */
export async function loadReoffendingComparison(em: EntityManager, code: string): Promise<ComparisonRow[]> {
  const partnership = await requirePartnership(em, 'partnership', code);
  const rows = await sql<Record<string, unknown>>(
    em,
    `SELECT local_authority, force, cohort_size, actual_rate_hundredths AS actual, predicted_rate_hundredths AS predicted,
       difference_percent_hundredths AS difference, published_rank_by_difference, published_rank_by_actual, note, source,
       RANK() OVER (ORDER BY difference_percent_hundredths) AS rank_by_difference,
       RANK() OVER (ORDER BY actual_rate_hundredths) AS rank_by_actual
     FROM published_reoffending WHERE partnership_id = :partnershipId ORDER BY actual_rate_hundredths, id`,
    { partnershipId: partnership.id },
  );
  return rows.map((r) => ({
    localAuthority: (r.local_authority as string | null) ?? null,
    force: String(r.force),
    cohortSize: Number(r.cohort_size),
    actualRate: Number(r.actual) / 100,
    predictedRate: Number(r.predicted) / 100,
    differencePercent: Number(r.difference) / 100,
    rankByDifference: Number(r.rank_by_difference),
    rankByActual: Number(r.rank_by_actual),
    publishedRankByDifference: r.published_rank_by_difference === null ? null : Number(r.published_rank_by_difference),
    publishedRankByActual: r.published_rank_by_actual === null ? null : Number(r.published_rank_by_actual),
    note: (r.note as string | null) ?? null,
    source: 'published',
    reference: String(r.source),
  }));
}

export interface CostRow {
  group: string;
  members: number | null;
  beforePence: number | null;
  duringPence: number | null;
  afterPence: number | null;
  duringMemberYears: number | null;
  offencesWithoutUnitCost: number;
  source: 'computed' | 'published';
  reference: string;
}

/** The unit-cost table a measure uses: the one named, or the latest loaded. */
export async function requireUnitCostTable(em: EntityManager, field: string, version?: string | null): Promise<string | null> {
  if (version) {
    if (!(await em.count(UnitCostOfCrime, { tableVersion: version }))) throw badInput(field, `there is no unit-cost table "${version}".`);
    return version;
  }
  const latest = await em.findOne(UnitCostOfCrime, { id: { $gt: 0 } }, { orderBy: { id: 'desc' } });
  return latest?.tableVersion ?? null;
}

export const COST_OF_CRIME_DEFINITION = 'cost of crime v1';

/**
 * Cost of crime before / during / after v1, per group of members (Current: on the scheme at
 * `asOf`; Removed: de-selected by then). Before: proven offences in the 24 months before the
 * start; during: from the start to the end (or `asOf`); after: from the end to `asOf`. Each
 * offence costs its banding's unit cost. Published rows are returned beside.
 */
export async function loadCostOfCrime(em: EntityManager, code: string, asOfText?: string | null, unitCostTable?: string | null): Promise<CostRow[]> {
  const partnership = await requirePartnership(em, 'partnership', code);
  const asOf = optionalDate('asOf', asOfText) ?? new Date().toISOString().slice(0, 10);
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const published = await sql<Record<string, unknown>>(em, 'SELECT "group", before_pence, during_pence, after_pence, source FROM published_cost_of_crime WHERE partnership_id = :partnershipId ORDER BY id', { partnershipId: partnership.id });
  const rows: CostRow[] = published.map((r) => ({
    group: String(r.group),
    members: null,
    beforePence: r.before_pence === null ? null : Number(r.before_pence),
    duringPence: r.during_pence === null ? null : Number(r.during_pence),
    afterPence: r.after_pence === null ? null : Number(r.after_pence),
    duringMemberYears: null,
    offencesWithoutUnitCost: 0,
    source: 'published',
    reference: String(r.source),
  }));
  // Offences are summed per group in one pass as they are read, and only the two group totals meet
  // the member counts: joining every costed offence row to its group first made SQLite materialise
  // them all and build an index over them (2.5 to 4 times slower at scale M).
  const computed = await sql<Record<string, number | string | null>>(
    em,
    `WITH spells AS (
       SELECT m.nominal_id, m.start_date, ${monthsBeforeSql(em, 'm.start_date', 24)} AS since, COALESCE(m.end_date, :asOf) AS stop, m.end_date,
         CASE WHEN m.end_date IS NULL OR m.end_date > :asOf THEN 'Current' ELSE 'Removed' END AS grp
       FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id WHERE n.partnership_id = :partnershipId AND m.start_date <= :asOf),
     costed AS (
       SELECT s.grp,
         SUM(CASE WHEN o.offence_date >= s.since AND o.offence_date < s.start_date THEN u.cost_pence END) AS before_pence,
         SUM(CASE WHEN o.offence_date >= s.start_date AND o.offence_date < s.stop THEN u.cost_pence END) AS during_pence,
         SUM(CASE WHEN s.end_date IS NOT NULL AND o.offence_date >= s.end_date AND o.offence_date <= :asOf THEN u.cost_pence END) AS after_pence,
         COUNT(CASE WHEN u.cost_pence IS NULL THEN 1 END) AS uncosted
       FROM spells s CROSS JOIN offence o ON o.nominal_id = s.nominal_id AND o.outcome_date <= :asOf
         CROSS JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = :unitCostTable
       GROUP BY s.grp)
     SELECT g.grp AS "group", g.members, g.member_days, COALESCE(c.before_pence, 0) AS before_pence, COALESCE(c.during_pence, 0) AS during_pence,
       COALESCE(c.after_pence, 0) AS after_pence, COALESCE(c.uncosted, 0) AS uncosted
     FROM (SELECT grp, COUNT(*) AS members, SUM(${daysBetweenSql(em, 'start_date', 'stop')}) AS member_days FROM spells GROUP BY grp) g
       LEFT JOIN costed c ON c.grp = g.grp
     ORDER BY g.grp`,
    { asOf, partnershipId: partnership.id, unitCostTable: table },
  );
  for (const r of computed)
    rows.push({
      group: String(r.group),
      members: Number(r.members),
      beforePence: Number(r.before_pence),
      duringPence: Number(r.during_pence),
      afterPence: r.group === 'Removed' ? Number(r.after_pence) : null,
      duringMemberYears: Number(r.member_days) / 365.25,
      offencesWithoutUnitCost: Number(r.uncosted),
      source: 'computed',
      reference: `${COST_OF_CRIME_DEFINITION}, unit costs ${table ?? '(none loaded)'} , as at ${asOf}`.replace(' ,', ','),
    });
  return rows;
}

export interface ReoffendingRateRow {
  group: string;
  members: number;
  reoffenders: number;
  offences: number;
  costPence: number;
  offencesWithoutUnitCost: number;
}

/**
 * Binary / frequency / cost-of-offending rates v1 over the window (from, to]: members are everyone
 * on the scheme at any time in the window; a proven offence counts when dated in the window while
 * on the scheme and proven by `to`. By offence group, each row counts the whole cohort as members
 * and only that group's offences.
 */
export async function loadReoffendingRates(em: EntityManager, codes: readonly string[] | null, fromText: string, toText: string, groupBy: CohortGrouping, unitCostTable?: string | null): Promise<{ rows: ReoffendingRateRow[]; from: string; to: string; unitCostTable: string | null }> {
  const from = requireDate('from', fromText);
  const to = requireDate('to', toText);
  if (to <= from) throw badInput('to', `${to} is not after ${from}.`);
  const ids: number[] = [];
  for (const [i, code] of (codes ?? []).entries()) ids.push((await requirePartnership(em, `partnerships[${i}]`, code)).id);
  // "Every partnership" is every partnership the caller may see: this SQL does not pass through the scope filter.
  const scope = partnershipScope(callerOf(em), 'n.partnership_id', ids);
  const table = await requireUnitCostTable(em, 'unitCostTable', unitCostTable);
  const offenceGroups = groupBy === 'OFFENCE_GROUP';
  const memberGroup = offenceGroups ? "'all'" : NOMINAL_GROUP_SQL[groupBy];
  const rows = await sql<Record<string, number | string>>(
    em,
    `WITH spells AS (
       SELECT m.id, m.nominal_id, m.start_date, m.end_date, ${memberGroup} AS grp
       ${MEMBERS_FROM}
       WHERE m.start_date <= :to AND (m.end_date IS NULL OR m.end_date > :from) AND ${scope.where}),
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
            COUNT(p.offence_id) AS offences, COALESCE(SUM(p.cost_pence), 0) AS cost, COUNT(CASE WHEN p.cost_pence IS NULL THEN 1 END) AS uncosted
          FROM proven p GROUP BY p.banding ORDER BY p.banding`
       : `SELECT c.grp AS "group", c.members, COUNT(DISTINCT p.nominal_id) AS reoffenders, COUNT(p.offence_id) AS offences,
            COALESCE(SUM(p.cost_pence), 0) AS cost, COUNT(CASE WHEN p.offence_id IS NOT NULL AND p.cost_pence IS NULL THEN 1 END) AS uncosted
          FROM cohort c LEFT JOIN proven p ON p.member_grp = c.grp GROUP BY c.grp, c.members ORDER BY c.grp`}`,
    { from, to, unitCostTable: table, ...scope.params },
  );
  return {
    from, to, unitCostTable: table,
    rows: rows.map((r) => ({
      group: String(r.group), members: Number(r.members), reoffenders: Number(r.reoffenders), offences: Number(r.offences), costPence: Number(r.cost), offencesWithoutUnitCost: Number(r.uncosted),
    })),
  };
}
