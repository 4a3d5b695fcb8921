/**
 * The benchmark's queries: each is the GraphQL the hub answers and its floor, the same answer from
 * hand-written SQL through better-sqlite3 (pure calculations shared with the hub, so the floor
 * measures data access and serialisation, not different arithmetic).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { Kind, parse, type FieldNode, type SelectionSetNode } from 'graphql';
import { establishmentTotals } from '../server/finance/establishment/establishment.js';
import { shareCost } from '../server/finance/cost-share/cost-share.js';
import { fundingPosition } from '../server/funding/funding-position.js';
import { modelScenario } from '../server/planning/scenario.js';
import { planYears, projectMediumTermPlan, type AgreedPlan } from '../server/planning/medium-term/medium-term-plan.js';
import { budgetForPosts } from '../server/finance/establishment/establishment.js';
import { monthEnd, monthsBefore, monthsBetween } from '../server/calendar/months.js';
import { roundHalfAway } from '../server/performance/rounding.js';
import { percentChange } from '../server/performance/priority-crime-rate/priority-crime-rate.js';
import { binaryRate, frequencyPer100, offencesPerReoffender } from '../server/performance/reoffending-rates/reoffending-rates.js';

const REPORTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'reports');
type Vars = Record<string, any>;
type Row = Record<string, any>;

export interface BenchQuery {
  name: string;
  kind: 'report' | 'measure' | 'cohort-page' | 'flat' | 'scenario';
  query: string;
  variables: Vars;
  /** The answer from hand-written SQL: the `data` object of the GraphQL response. */
  floor(db: Database, variables: Vars): Row;
}

const pounds = (pence: number | null) => (pence === null ? null : pence / 100);
const hundredths = (value: number | null) => (value === null ? null : value / 100);

/** Picks the fields a query selects from a full answer, in selection order (what GraphQL returns). */
export function project(value: any, selection: SelectionSetNode | undefined): any {
  if (!selection || value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((item) => project(item, selection));
  const out: Row = {};
  for (const node of selection.selections) {
    if (node.kind !== Kind.FIELD) continue;
    const field = node as FieldNode;
    out[field.alias?.value ?? field.name.value] = project(value[field.name.value], field.selectionSet);
  }
  return out;
}

function shaped(query: string, answer: (db: Database, v: Vars) => Row): (db: Database, v: Vars) => Row {
  const operation = parse(query).definitions[0] as { selectionSet: SelectionSetNode };
  return (db, v) => project(answer(db, v), operation.selectionSet);
}

function partnershipId(db: Database, code: string): number {
  const row = db.prepare('SELECT id FROM partnership WHERE code = ?').get(code) as Row | undefined;
  if (!row) throw new Error(`no partnership ${code}`);
  return row.id;
}
const latestUnitCostTable = (db: Database): string | null => (db.prepare('SELECT table_version FROM unit_cost_of_crime ORDER BY id DESC LIMIT 1').get() as Row | undefined)?.table_version ?? null;

function establishment(db: Database, id: number, year: string) {
  const lines = db.prepare(`SELECT l.*, a.name AS agency_name FROM establishment_line l LEFT JOIN agency a ON a.id = l.employing_agency_id
    WHERE l.partnership_id = ? AND l.year_label = ? ORDER BY l.position, l.id`).all(id, year) as Row[];
  const nonPay = db.prepare('SELECT * FROM non_pay_line WHERE partnership_id = ? AND year_label = ? ORDER BY id').all(id, year) as Row[];
  const totals = establishmentTotals(lines.map((l) => ({ fteHundredths: l.fte_hundredths, budgetPence: l.budget_pence })));
  const nonPayPence = nonPay.reduce((sum, l) => sum + l.amount_pence, 0);
  return { lines, nonPay, totals, nonPayPence };
}

function costShare(db: Database, id: number, year: string, lines: Row[]) {
  const agreement = db.prepare('SELECT * FROM cost_share_agreement WHERE partnership_id = ? AND year_label = ?').get(id, year) as Row | undefined;
  if (!agreement) return null;
  const entries = db.prepare(`SELECT e.*, a.code, a.name FROM cost_share_entry e JOIN agency a ON a.id = e.agency_id WHERE e.agreement_id = ? ORDER BY e.position, e.id`).all(agreement.id) as Row[];
  const totals = establishmentTotals(lines.map((l) => ({ fteHundredths: l.fte_hundredths, budgetPence: l.budget_pence })));
  const weights = entries.map((e) => ({
    agency: e.code as string,
    weight: agreement.basis === 'PRO_RATA_FTE_HOSTED' ? lines.filter((l) => l.employing_agency_id === e.agency_id).reduce((s, l) => s + l.fte_hundredths, 0) : e.weight,
  }));
  const shares = shareCost(totals.knownBudgetPence, weights).map((s, i) => ({
    agency: entries[i].name, agencyCode: s.agency, percent: s.percentHundredths / 100, contribution: s.contributionPence / 100,
    weight: agreement.basis === 'FIXED_PERCENTAGES' || agreement.basis === 'PRO_RATA_FTE_HOSTED' ? s.weight / 100 : s.weight,
    contributionPence: s.contributionPence,
  }));
  return { agreement, totalPence: totals.knownBudgetPence, shares };
}

function position(db: Database, id: number, year: string) {
  const est = establishment(db, id, year);
  const share = costShare(db, id, year, est.lines);
  const streams = db.prepare('SELECT * FROM funding_stream WHERE partnership_id = ? AND from_year_label <= ? AND to_year_label >= ? ORDER BY id').all(id, year, year) as Row[];
  const risks = db.prepare('SELECT exposure_pence FROM funding_risk WHERE partnership_id = ? AND year_label = ?').all(id, year) as Row[];
  const contributions = share ? share.shares.reduce((s, x) => s + x.contributionPence, 0) : 0;
  const result = fundingPosition({
    establishmentPence: est.totals.knownBudgetPence,
    nonPayPence: est.nonPayPence,
    agreedContributionsPence: share?.agreement.status === 'AGREED' ? contributions : 0,
    draftContributionsPence: share?.agreement.status === 'DRAFT' ? contributions : 0,
    streams: streams.map((s) => ({ certainty: s.certainty, amountPence: s.amount_expected_pence ?? s.amount_agreed_pence ?? null })),
    riskExposuresPence: risks.map((r) => r.exposure_pence ?? null),
  });
  return { est, share, result };
}

const NOMINAL_GROUP_SQL: Record<string, string> = {
  NONE: "'all'", PARTNERSHIP: 'p.code', AREA: "COALESCE(h.name, 'not recorded')", LOCAL_AUTHORITY: "COALESCE(n.local_authority, 'not recorded')",
  GENDER: 'n.gender', AGE_BAND: 'n.age_band', ETHNICITY: 'n.ethnicity', STATUTORY_STATUS: 'n.statutory_status',
};
const MEMBERS_FROM = 'FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id JOIN partnership p ON p.id = n.partnership_id LEFT JOIN hub h ON h.id = n.hub_id';

function snapshotCounts(db: Database, id: number, date: string, from: string, groupSql: string): Row[] {
  return (db.prepare(`WITH spells AS MATERIALIZED (
       SELECT m.id AS mid, m.nominal_id AS nid, m.start_date, m.end_date, ${groupSql} AS grp, (m.end_date IS NULL OR m.end_date > ?) AS active
       ${MEMBERS_FROM} WHERE n.partnership_id = ? AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)),
     latest AS (SELECT r.membership_id AS mid, r.status, ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
       FROM spells s CROSS JOIN status_review r ON r.membership_id = s.mid WHERE r.review_date <= ?)
     SELECT s.grp AS "group", SUM(s.active) AS total, SUM(s.active AND l.status = 'RED') AS red, SUM(s.active AND l.status = 'AMBER') AS amber,
       SUM(s.active AND l.status = 'GREEN') AS green, SUM(s.active AND l.status = 'IN_PRISON') AS inPrison, SUM(s.active AND l.status IS NULL) AS unreviewed,
       SUM(s.start_date > ?) AS added, SUM(s.end_date IS NOT NULL AND s.end_date <= ?) AS removed,
       SUM(s.active AND EXISTS (SELECT 1 FROM offence o WHERE o.nominal_id = s.nid AND o.offence_date > ? AND o.offence_date <= ?
           AND o.offence_date >= s.start_date AND o.outcome_date <= ?)) AS reoffended
     FROM spells s LEFT JOIN latest l ON l.mid = s.mid AND l.rn = 1 GROUP BY s.grp ORDER BY s.grp`)
    .all(date, id, date, from, date, from, date, from, date, date) as Row[])
    .map((r) => ({ group: String(r.group), ...Object.fromEntries(['total', 'red', 'amber', 'green', 'inPrison', 'unreviewed', 'added', 'removed', 'reoffended'].map((k) => [k, Number(r[k] ?? 0)])) }));
}

const report = (name: string) => readFileSync(join(REPORTS, `${name}.graphql`), 'utf8');

export interface BenchVariables {
  partnership: string;
  year: string;
  date: string;
  flatPartnership: string;
}

/** Every query of the benchmark, with variables chosen from the generated data. */
export function benchQueries(v: BenchVariables): BenchQuery[] {
  const list: Omit<BenchQuery, 'floor'>[] = [];
  const floors = new Map<string, (db: Database, vars: Vars) => Row>();
  const add = (name: string, kind: BenchQuery['kind'], query: string, variables: Vars, answer: (db: Database, vars: Vars) => Row) => {
    list.push({ name, kind, query, variables });
    floors.set(name, shaped(query, answer));
  };
  const fy = { partnership: v.partnership, financialYear: v.year };

  add('partnerships', 'report', report('partnerships'), {}, (db) => {
    const agencies = db.prepare('SELECT partnership_id, code, name, kind FROM agency ORDER BY id').all() as Row[];
    const byPartnership = new Map<number, Row[]>();
    for (const a of agencies) (byPartnership.get(a.partnership_id) ?? byPartnership.set(a.partnership_id, []).get(a.partnership_id)!).push(a);
    return {
      partnerships: (db.prepare('SELECT * FROM partnership ORDER BY code').all() as Row[]).map((p) => ({
        code: p.code, name: p.name, region: p.region, governanceBoard: p.governance_board, agencies: byPartnership.get(p.id) ?? [],
      })),
    };
  });
  add('establishment', 'report', report('establishment'), fy, (db, x) => {
    const e = establishment(db, partnershipId(db, x.partnership), x.financialYear);
    return {
      establishment: {
        totalFte: e.totals.totalFteHundredths / 100, totalBudget: pounds(e.totals.totalBudgetPence), nonPayTotal: e.nonPayPence / 100,
        lines: e.lines.map((l) => ({ grade: l.grade, kind: l.kind, fte: l.fte_hundredths / 100, budget: pounds(l.budget_pence), employingAgency: l.agency_name === null ? null : { name: l.agency_name }, budgetBasis: l.budget_basis })),
        nonPayLines: e.nonPay.map((l) => ({ category: l.category, description: l.description, quantity: l.quantity, unitCost: pounds(l.unit_cost_pence), amount: l.amount_pence / 100 })),
      },
    };
  });
  add('cost-share', 'report', report('cost-share'), fy, (db, x) => {
    const id = partnershipId(db, x.partnership);
    const share = costShare(db, id, x.financialYear, establishment(db, id, x.financialYear).lines);
    return { costShare: share && { basis: share.agreement.basis, status: share.agreement.status, version: share.agreement.version, total: share.totalPence / 100, shares: share.shares } };
  });
  add('funding-position', 'report', report('funding-position'), fy, (db, x) => {
    const { result: r } = position(db, partnershipId(db, x.partnership), x.financialYear);
    return {
      fundingPosition: {
        plannedCost: r.plannedCostPence / 100, confirmed: r.confirmedPence / 100, expected: r.expectedPence / 100, atRisk: r.atRiskPence / 100,
        gap: r.gapPence / 100, worstCaseGap: r.worstCaseGapPence / 100, riskExposure: r.riskExposurePence / 100, gapIfRisksMaterialise: r.gapIfRisksMaterialisePence / 100,
        byCertainty: r.byCertainty.map((c) => ({ certainty: c.certainty, amount: c.amountPence / 100, streams: c.streams })),
      },
    };
  });
  add('funding-risks', 'report', report('funding-risks'), fy, (db, x) => ({
    fundingRisks: (db.prepare('SELECT * FROM funding_risk WHERE partnership_id = ? AND year_label = ? ORDER BY id').all(partnershipId(db, x.partnership), x.financialYear) as Row[])
      .map((r) => ({ title: r.title, exposure: pounds(r.exposure_pence), certainty: r.certainty, description: r.description, source: r.source })),
  }));
  add('funding-streams', 'report', report('funding-streams'), fy, (db, x) => ({
    fundingStreams: (db.prepare('SELECT * FROM funding_stream WHERE partnership_id = ? AND from_year_label <= ? AND to_year_label >= ? ORDER BY id').all(partnershipId(db, x.partnership), x.financialYear, x.financialYear) as Row[])
      .map((s) => ({ funder: s.funder, purpose: s.purpose, amountAgreed: pounds(s.amount_agreed_pence), amountExpected: pounds(s.amount_expected_pence), fromFinancialYear: s.from_year_label, toFinancialYear: s.to_year_label, endDate: s.end_date, certainty: s.certainty })),
  }));
  add('options-appraisal', 'report', report('options-appraisal'), { partnership: v.partnership }, (db, x) => ({
    optionsAppraisal: (db.prepare('SELECT * FROM appraisal_option WHERE partnership_id = ? ORDER BY programme, option, id').all(partnershipId(db, x.partnership)) as Row[])
      .map((o) => ({ option: o.option, title: o.title, saving: pounds(o.saving_pence), savingPercent: hundredths(o.saving_percent_hundredths), status: o.status, reason: o.reason })),
  }));
  add('reoffending-comparison', 'report', report('reoffending-comparison'), { partnership: v.partnership }, (db, x) => ({
    reoffendingComparison: (db.prepare(`SELECT *, RANK() OVER (ORDER BY difference_percent_hundredths) AS rank_by_difference, RANK() OVER (ORDER BY actual_rate_hundredths) AS rank_by_actual
      FROM published_reoffending WHERE partnership_id = ? ORDER BY actual_rate_hundredths, id`).all(partnershipId(db, x.partnership)) as Row[]).map((r) => ({
      localAuthority: r.local_authority, force: r.force, cohortSize: r.cohort_size, actualRate: r.actual_rate_hundredths / 100, predictedRate: r.predicted_rate_hundredths / 100,
      differencePercent: r.difference_percent_hundredths / 100, rankByDifference: r.rank_by_difference, rankByActual: r.rank_by_actual,
      publishedRankByDifference: r.published_rank_by_difference, publishedRankByActual: r.published_rank_by_actual, source: 'published',
    })),
  }));

  // The measures.
  add('cohort-snapshot', 'measure', report('cohort-snapshot'), { partnership: v.partnership, date: v.date, groupBy: 'GENDER' }, (db, x) => {
    const id = partnershipId(db, x.partnership);
    const from = monthsBefore(x.date, 3);
    const [overall] = snapshotCounts(db, id, x.date, from, NOMINAL_GROUP_SQL.NONE);
    return { cohortSnapshot: { date: x.date, periodStart: from, ...overall, groups: snapshotCounts(db, id, x.date, from, NOMINAL_GROUP_SQL[x.groupBy]) } };
  });
  const month = v.date.slice(0, 7);
  add('priority-crime-rate', 'measure', report('priority-crime-rate'), { partnership: v.partnership, from: `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`, to: month }, (db, x) => {
    const id = partnershipId(db, x.partnership);
    const months = monthsBetween(x.from, x.to);
    const params = months.flatMap((m) => { const e = monthEnd(m); return [m, e, monthsBefore(e, 24), monthsBefore(e, 12)]; });
    const rows = db.prepare(`WITH months(month, e, e24, e12) AS (VALUES ${months.map(() => '(?, ?, ?, ?)').join(', ')}),
     spells AS (SELECT m.id, m.nominal_id, m.start_date, m.end_date FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id WHERE n.partnership_id = ?),
     priority AS (SELECT o.nominal_id, o.offence_date FROM offence o JOIN crime_category c ON c.id = o.category_id WHERE c.priority = 1),
     pre AS (SELECT mo.month, COUNT(*) AS members, SUM((SELECT COUNT(*) FROM priority o WHERE o.nominal_id = s.nominal_id AND o.offence_date >= date(s.start_date, '-12 months') AND o.offence_date < s.start_date)) AS offences
       FROM months mo JOIN spells s ON s.start_date > mo.e24 AND s.start_date <= mo.e GROUP BY mo.month),
     live AS (SELECT mo.month, COUNT(*) AS members, SUM((SELECT COUNT(*) FROM priority o WHERE o.nominal_id = s.nominal_id AND o.offence_date > mo.e12 AND o.offence_date <= mo.e)) AS offences
       FROM months mo JOIN spells s ON s.start_date <= mo.e AND (s.end_date IS NULL OR s.end_date > mo.e) GROUP BY mo.month)
     SELECT mo.month, pre.members AS pre_members, pre.offences AS pre_offences, live.members AS live_members, live.offences AS live_offences
     FROM months mo LEFT JOIN pre ON pre.month = mo.month LEFT JOIN live ON live.month = mo.month ORDER BY mo.month`).all(...params, id) as Row[];
    const computed = rows.filter((r) => r.pre_members || r.live_members).map((r) => {
      const pre = r.pre_members ? r.pre_offences / r.pre_members : null;
      const live = r.live_members ? r.live_offences / r.live_members : null;
      return {
        month: r.month, preRate: pre === null ? null : roundHalfAway(pre, 2), liveRate: live === null ? null : roundHalfAway(live, 2),
        percentChange: pre === null || live === null ? null : percentChange(pre, live), preMembers: r.pre_members ?? 0, liveMembers: r.live_members ?? 0,
        source: 'computed', reference: 'priority crime rate v1',
      };
    });
    const published = (db.prepare('SELECT * FROM published_priority_crime_rate WHERE partnership_id = ? AND month >= ? AND month <= ? ORDER BY month, id').all(id, x.from, x.to) as Row[])
      .map((r) => ({ month: r.month, preRate: r.pre_rate_hundredths / 100, liveRate: r.live_rate_hundredths / 100, percentChange: r.percent_change, preMembers: null, liveMembers: null, source: 'published', reference: r.source }));
    return { priorityCrimeRate: [...published, ...computed].sort((a, b) => a.month.localeCompare(b.month) || b.source.localeCompare(a.source)) };
  });
  add('cost-of-crime', 'measure', report('cost-of-crime'), { partnership: v.partnership, asOf: v.date }, (db, x) => {
    const id = partnershipId(db, x.partnership);
    const table = latestUnitCostTable(db);
    const asOf = x.asOf;
    const published = (db.prepare('SELECT * FROM published_cost_of_crime WHERE partnership_id = ? ORDER BY id').all(id) as Row[]).map((r) => ({
      group: r.group, before: pounds(r.before_pence), during: pounds(r.during_pence), after: pounds(r.after_pence), members: null, duringPerMember: null, duringPerMemberYear: null, source: 'published', reference: r.source,
    }));
    const computed = (db.prepare(`WITH spells AS (
       SELECT m.id, m.nominal_id, m.start_date, COALESCE(m.end_date, ?) AS stop, m.end_date, CASE WHEN m.end_date IS NULL OR m.end_date > ? THEN 'Current' ELSE 'Removed' END AS grp
       FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id WHERE n.partnership_id = ? AND m.start_date <= ?),
     costed AS (SELECT s.grp, o.offence_date, s.start_date, s.stop, s.end_date, u.cost_pence
       FROM spells s JOIN offence o ON o.nominal_id = s.nominal_id AND o.outcome_date <= ? JOIN crime_category c ON c.id = o.category_id
         LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = ?)
     SELECT g.grp AS "group", g.members, g.member_days,
       COALESCE(SUM(CASE WHEN c.offence_date >= date(c.start_date, '-24 months') AND c.offence_date < c.start_date THEN c.cost_pence END), 0) AS before_pence,
       COALESCE(SUM(CASE WHEN c.offence_date >= c.start_date AND c.offence_date < c.stop THEN c.cost_pence END), 0) AS during_pence,
       COALESCE(SUM(CASE WHEN c.end_date IS NOT NULL AND c.offence_date >= c.end_date AND c.offence_date <= ? THEN c.cost_pence END), 0) AS after_pence
     FROM (SELECT grp, COUNT(*) AS members, SUM(julianday(stop) - julianday(start_date)) AS member_days FROM spells GROUP BY grp) g LEFT JOIN costed c ON c.grp = g.grp
     GROUP BY g.grp ORDER BY g.grp`).all(asOf, asOf, id, asOf, asOf, table, asOf) as Row[]).map((r) => {
      const years = r.member_days / 365.25;
      return {
        group: r.group, before: r.before_pence / 100, during: r.during_pence / 100, after: r.group === 'Removed' ? r.after_pence / 100 : null, members: r.members,
        duringPerMember: r.members ? Math.round(r.during_pence / r.members) / 100 : null, duringPerMemberYear: years ? Math.round(r.during_pence / years) / 100 : null,
        source: 'computed', reference: `cost of crime v1, unit costs ${table ?? '(none loaded)'}, as at ${asOf}`,
      };
    });
    return { costOfCrime: [...published, ...computed] };
  });
  const rates = (groupBy: string, partnerships: string[] | null) => (db: Database, x: Vars) => {
    const ids = (partnerships ?? []).map((code) => partnershipId(db, code));
    const table = latestUnitCostTable(db);
    const filter = ids.length ? `AND n.partnership_id IN (${ids.map(() => '?').join(', ')})` : '';
    const rows = db.prepare(`WITH spells AS (
       SELECT m.id, m.nominal_id, m.start_date, m.end_date, ${NOMINAL_GROUP_SQL[groupBy]} AS grp ${MEMBERS_FROM}
       WHERE m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?) ${filter}),
     proven AS (SELECT DISTINCT s.grp AS member_grp, s.nominal_id, o.id AS offence_id, c.banding, u.cost_pence
       FROM spells s JOIN offence o ON o.nominal_id = s.nominal_id AND o.offence_date > ? AND o.offence_date <= ? AND o.outcome_date <= ?
         AND o.offence_date >= s.start_date AND (s.end_date IS NULL OR o.offence_date < s.end_date)
         JOIN crime_category c ON c.id = o.category_id LEFT JOIN unit_cost_of_crime u ON u.banding = c.banding AND u.table_version = ?),
     cohort AS (SELECT grp, COUNT(DISTINCT nominal_id) AS members FROM spells GROUP BY grp)
     SELECT c.grp AS "group", c.members, COUNT(DISTINCT p.nominal_id) AS reoffenders, COUNT(p.offence_id) AS offences, COALESCE(SUM(p.cost_pence), 0) AS cost
     FROM cohort c LEFT JOIN proven p ON p.member_grp = c.grp GROUP BY c.grp ORDER BY c.grp`).all(x.to, x.from, ...ids, x.from, x.to, x.to, table) as Row[];
    return {
      reoffendingRates: {
        unitCostTable: table,
        rows: rows.map((r) => ({
          group: String(r.group), members: r.members, reoffenders: r.reoffenders, offences: r.offences, binaryRate: binaryRate(r.reoffenders, r.members),
          frequencyPer100: frequencyPer100(r.offences, r.members), perReoffender: offencesPerReoffender(r.offences, r.reoffenders), cost: r.cost / 100,
        })),
      },
    };
  };
  const window = { from: monthsBefore(v.date, 12), to: v.date };
  add('reoffending-rates', 'measure', report('reoffending-rates'), { ...window, groupBy: 'PARTNERSHIP' }, rates('PARTNERSHIP', null));
  add('reoffending-rates-one', 'measure', report('reoffending-rates'), { ...window, groupBy: 'AGE_BAND', partnerships: [v.partnership] }, rates('AGE_BAND', [v.partnership]));

  // A 100-row page of the cohort with each member's latest review and last year's offences.
  const COHORT_PAGE = `query CohortPage($partnership: String!, $date: String!, $first: Int!) {
  cohort(partnership: $partnership, filter: { activeOn: $date }, first: $first) {
    totalCount hasNextPage
    nodes { id startDate nominal { reference gender ageBand hubName }
      latestReview(asOf: $date) { reviewDate status }
      offencesInLast12Months(asOf: $date) { offenceDate outcome category { code banding } } }
  }
}`;
  add('cohort-page-100', 'cohort-page', COHORT_PAGE, { partnership: v.partnership, date: v.date, first: 100 }, (db, x) => {
    const id = partnershipId(db, x.partnership);
    const where = 'n.partnership_id = ? AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)';
    const rows = db.prepare(`SELECT m.id, m.start_date, n.id AS nid, n.reference, n.gender, n.age_band, h.name AS hub
      FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id LEFT JOIN hub h ON h.id = n.hub_id WHERE ${where} ORDER BY m.start_date, m.id LIMIT ?`).all(id, x.date, x.date, x.first + 1) as Row[];
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id WHERE ${where}`).get(id, x.date, x.date) as Row;
    const page = rows.slice(0, x.first);
    const mids = page.map((r) => r.id);
    const nids = [...new Set(page.map((r) => r.nid))];
    const reviews = new Map((db.prepare(`SELECT * FROM (SELECT r.membership_id, r.review_date, r.status, ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
      FROM status_review r WHERE r.membership_id IN (${mids.map(() => '?').join(', ')}) AND r.review_date <= ?) WHERE rn = 1`).all(...mids, x.date) as Row[]).map((r) => [r.membership_id, r]));
    const offences = new Map<number, Row[]>();
    for (const o of db.prepare(`SELECT o.nominal_id, o.offence_date, o.outcome, c.code, c.banding FROM offence o JOIN crime_category c ON c.id = o.category_id
      WHERE o.nominal_id IN (${nids.map(() => '?').join(', ')}) AND o.offence_date > ? AND o.offence_date <= ? ORDER BY o.offence_date, o.id`).all(...nids, monthsBefore(x.date, 12), x.date) as Row[])
      (offences.get(o.nominal_id) ?? offences.set(o.nominal_id, []).get(o.nominal_id)!).push({ offenceDate: o.offence_date, outcome: o.outcome, category: { code: o.code, banding: o.banding } });
    return {
      cohort: {
        totalCount: total, hasNextPage: rows.length > x.first,
        nodes: page.map((r) => {
          const review = reviews.get(r.id);
          return {
            id: String(r.id), startDate: r.start_date, nominal: { reference: r.reference, gender: r.gender, ageBand: r.age_band, hubName: r.hub },
            latestReview: review ? { reviewDate: review.review_date, status: review.status } : null, offencesInLast12Months: offences.get(r.nid) ?? [],
          };
        }),
      },
    };
  });

  // The Excel bulk case: every referral of a large partnership, flat.
  const FLAT = `query Referrals($partnership: String!) {
  referrals(partnership: $partnership) { id referralDate matrixScore orgsScore panelDate decision agency indexOffenceCode }
}`;
  add('referrals-flat', 'flat', FLAT, { partnership: v.flatPartnership }, (db, x) => ({
    referrals: (db.prepare(`SELECT r.id, r.referral_date, r.matrix_score, r.orgs_score, r.panel_date, r.decision, a.code AS agency, c.code AS index_code
      FROM nominal n JOIN referral r ON r.nominal_id = n.id JOIN agency a ON a.id = r.agency_id LEFT JOIN crime_category c ON c.id = r.index_offence_id
      WHERE n.partnership_id = ? ORDER BY r.referral_date DESC, r.id DESC`).all(partnershipId(db, x.partnership)) as Row[]).map((r) => ({
      id: String(r.id), referralDate: r.referral_date, matrixScore: r.matrix_score, orgsScore: r.orgs_score, panelDate: r.panel_date, decision: r.decision, agency: r.agency, indexOffenceCode: r.index_code,
    })),
  }));

  // The scenario: staffing for a cohort target under the recorded standards, shared as agreed.
  const scenarioInput = {
    partnership: v.partnership, financialYear: v.year, cohortTarget: 500, caseload: 'CRC',
    pay: [{ grade: 'Police officer', costPerFte: 40000, onCostPercent: 25, abatementPercent: 3 }, { grade: 'Offender manager', costPerFte: 30000, onCostPercent: 20 }, { grade: 'Police staff', costPerFte: 25000, onCostPercent: 20 }],
  };
  add('scenario', 'scenario', report('scenario'), { input: scenarioInput }, (db, x) => {
    const input = x.input;
    const id = partnershipId(db, input.partnership);
    const { share, result } = position(db, id, input.financialYear);
    const ratios = (db.prepare('SELECT * FROM staffing_ratio WHERE partnership_id = ? AND caseload = ? ORDER BY id').all(id, input.caseload) as Row[])
      .map((r) => ({ grade: r.grade, fteHundredths: r.fte_hundredths, perNominals: r.per_nominals }));
    const pay = new Map<string, { costPerFtePence: number; onCostBasisPoints: number; abatementBasisPoints: number }>(input.pay.map((p: Row) => [p.grade, {
      costPerFtePence: Math.round(p.costPerFte * 100), onCostBasisPoints: Math.round((p.onCostPercent ?? 0) * 100), abatementBasisPoints: Math.round((p.abatementPercent ?? 0) * 100),
    }]));
    const names = new Map((share?.shares ?? []).map((s) => [s.agencyCode, s.agency]));
    const shares = (share?.shares ?? []).map((s) => ({ agency: s.agencyCode, weight: Math.round(s.weight * 100) }));
    const r = modelScenario({ cohortTarget: input.cohortTarget, ratios, pay, shares, nonPayPence: position(db, id, input.financialYear).est.nonPayPence, confirmedFundingPence: result.confirmedPence });
    return {
      scenario: {
        grades: r.grades.map((g: Row) => ({ grade: g.grade, fte: g.fteHundredths / 100, budget: g.budgetPence / 100 })),
        totalFte: r.totalFteHundredths / 100, budget: r.staffingBudgetPence / 100, plannedCost: r.plannedCostPence / 100, fundingGap: r.fundingGapPence / 100,
        shares: r.shares.map((s: Row) => ({ agency: names.get(s.agency), percent: s.percentHundredths / 100, contribution: s.contributionPence / 100 })),
      },
    };
  });
  // The medium-term plan from the benchmark year: records read by SQL, projected by the hub's pure calculation.
  add('medium-term-plan', 'report', report('medium-term-plan'), { ...fy, years: 3, payAwardPercent: 1, incrementsPercent: 1.5, nonPayInflationPercent: 2 }, (db, x) => {
    const id = partnershipId(db, x.partnership);
    const labels = planYears('financialYear', x.financialYear, x.years);
    const last = labels[labels.length - 1];
    const grouped = <T>(rows: Row[], value: (row: Row) => T) => {
      const map = new Map<string, T[]>();
      for (const row of rows) (map.get(row.year_label) ?? map.set(row.year_label, []).get(row.year_label)!).push(value(row));
      return map;
    };
    const sums = (rows: Row[]) => new Map([...grouped(rows, (r) => Number(r.pence))].map(([year, values]) => [year, values.reduce((a, b) => a + b, 0)]));
    const lines = db.prepare(`SELECT l.*, a.code FROM establishment_line l LEFT JOIN agency a ON a.id = l.employing_agency_id WHERE l.partnership_id = ? AND l.year_label <= ? ORDER BY l.position, l.id`).all(id, last) as Row[];
    const agreed = new Map<string, AgreedPlan>();
    const frozen = db.prepare('SELECT v.*, a.year_label AS plan_year FROM cost_share_version v JOIN cost_share_agreement a ON a.id = v.agreement_id WHERE v.partnership_id = ? ORDER BY v.number').all(id) as Row[];
    for (const a of db.prepare('SELECT * FROM cost_share_agreement WHERE partnership_id = ? AND year_label <= ?').all(id, last) as Row[]) {
      const version = frozen.filter((v) => v.agreement_id === a.id).pop();
      if (version) agreed.set(a.year_label, { planVersion: version.number, basis: version.basis, totalPence: version.total_pence, shares: JSON.parse(version.shares) });
      else if (a.status === 'AGREED') {
        const share = costShare(db, id, a.year_label, establishment(db, id, a.year_label).lines)!;
        agreed.set(a.year_label, {
          planVersion: a.plan_version, basis: a.basis, totalPence: share.totalPence,
          shares: share.shares.map((s) => ({ agency: s.agencyCode, agencyName: s.agency, weight: Math.round(s.weight * 100), percentHundredths: Math.round(s.percent * 100), contributionPence: Math.round(s.contribution * 100) })),
        });
      }
    }
    const plan = projectMediumTermPlan({
      establishment: grouped(lines, (l) => ({ kind: l.kind, budgetPence: l.budget_pence ?? 0, fteHundredths: l.fte_hundredths, employingAgency: l.code ?? null })),
      nonPayPence: sums(db.prepare('SELECT year_label, amount_pence AS pence FROM non_pay_line WHERE partnership_id = ? AND year_label <= ?').all(id, last) as Row[]),
      riskExposurePence: sums(db.prepare('SELECT year_label, COALESCE(exposure_pence, 0) AS pence FROM funding_risk WHERE partnership_id = ? AND year_label <= ?').all(id, last) as Row[]),
      streams: (db.prepare('SELECT * FROM funding_stream WHERE partnership_id = ? ORDER BY id').all(id) as Row[]).map((st) => ({
        id: String(st.id), label: `${st.funder}: ${st.purpose}`, fromYear: st.from_year_label, toYear: st.to_year_label, endDate: st.end_date, certainty: st.certainty,
        pence: st.amount_expected_pence ?? st.amount_agreed_pence ?? null,
      })),
      agreed,
    }, labels, { payAwardBasisPoints: 100, incrementsBasisPoints: 150, nonPayInflationBasisPoints: 200, contributionGrowthBasisPoints: null, shares: null });
    return {
      mediumTermPlan: {
        years: plan.map((y) => ({
          financialYear: y.financialYear, establishment: y.establishmentPence / 100, nonPay: y.nonPayPence / 100, cost: y.costPence / 100, contributionsTotal: y.contributionsPence / 100,
          streamsTotal: y.streamsPence / 100, funding: y.fundingPence / 100, gap: y.gapPence / 100, riskExposure: y.riskExposurePence / 100,
          gapIfRisksMaterialise: y.gapIfRisksMaterialisePence / 100, contributionsFrom: y.contributionsFrom,
        })),
      },
    };
  });
  void budgetForPosts;
  return list.map((q) => ({ ...q, floor: floors.get(q.name)! }));
}

/** Every saved report has a query here (a new report must be added to the benchmark). */
export function reportNames(): string[] {
  return readdirSync(REPORTS).filter((f) => f.endsWith('.graphql')).map((f) => f.replace(/\.graphql$/, ''));
}
