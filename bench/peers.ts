/**
 * The peers of `npm run bench -- --peers`: what each is asked for every benchmark query, and how
 * its answer becomes the hub's. PostGraphile (4.14, connection filter with relations) reads the
 * rows a report is made of, over GraphQL on the same PostgreSQL data; the arithmetic a report does
 * on those rows (totals, shares to the penny, the funding position) is the hub's own pure code,
 * run by the benchmark on PostGraphile's rows outside the timed request, so PostGraphile's figure
 * is a floor for it. DuckDB answers the measures with the floor's SQL, translated to its dialect.
 * Where a peer cannot express a question, `cannot` says why and the bench prints it.
 */
import { parse, type SelectionSetNode } from 'graphql';
import { monthsBefore } from '../server/calendar/months.js';
import { answers, costShareOf, establishmentOf, positionOf, project, type BenchQuery } from './queries.js';

type Vars = Record<string, any>;
type Row = Record<string, any>;

export interface PeerQuestion {
  query: string;
  variables: Vars;
  /** The hub-shaped `data` from the peer's `data` (before projection onto the hub query's selection). */
  answer(data: any): Row;
}

/** camelCase keys (PostGraphile's) to the database's snake_case, one level deep. */
const snake = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
const nodes = (connection: { nodes: Row[] } | null | undefined) => (connection?.nodes ?? []).map(snake);

const LINES = `establishmentLinesByPartnershipId(condition: { yearLabel: $year }, orderBy: [POSITION_ASC, ID_ASC]) {
      nodes { grade kind fteHundredths budgetPence budgetBasis employingAgencyId agencyByEmployingAgencyId { name code } } }`;
const NON_PAY = 'nonPayLinesByPartnershipId(condition: { yearLabel: $year }, orderBy: ID_ASC) { nodes { category description quantity unitCostPence amountPence } }';
const AGREEMENT = `costShareAgreementsByPartnershipId(condition: { yearLabel: $year }) { nodes { basis status version
      costShareEntriesByAgreementId(orderBy: [POSITION_ASC, ID_ASC]) { nodes { weight agencyId agencyByAgencyId { code name } } } } }`;

function lineRows(p: Row): Row[] {
  return nodes(p.establishmentLinesByPartnershipId).map((l) => ({ ...l, agency_name: l.agency_by_employing_agency_id?.name ?? null }));
}
function shareOf(p: Row, lines: Row[]) {
  const agreement = p.costShareAgreementsByPartnershipId.nodes[0];
  if (!agreement) return null;
  const entries = nodes(agreement.costShareEntriesByAgreementId).map((e) => ({ ...e, code: e.agency_by_agency_id.code, name: e.agency_by_agency_id.name }));
  return costShareOf(snake(agreement), entries, lines);
}

/** PostGraphile's question for each benchmark query, or why it has none. */
export function postgraphileQuestion(q: BenchQuery): PeerQuestion | { cannot: string } {
  const v = q.variables;
  const fy = { code: v.partnership, year: v.financialYear };
  switch (q.name) {
    case 'establishment':
      return {
        query: `query($code: String!, $year: String!) { partnershipByCode(code: $code) { ${LINES} ${NON_PAY} } }`,
        variables: fy,
        answer: (d) => answers.establishment(establishmentOf(lineRows(d.partnershipByCode), nodes(d.partnershipByCode.nonPayLinesByPartnershipId))),
      };
    case 'cost-share':
      return {
        query: `query($code: String!, $year: String!) { partnershipByCode(code: $code) { ${LINES} ${AGREEMENT} } }`,
        variables: fy,
        answer: (d) => answers.costShare(shareOf(d.partnershipByCode, lineRows(d.partnershipByCode))),
      };
    case 'funding-position':
      return {
        query: `query($code: String!, $year: String!) { partnershipByCode(code: $code) { ${LINES} ${NON_PAY} ${AGREEMENT}
          fundingStreamsByPartnershipId(filter: { fromYearLabel: { lessThanOrEqualTo: $year }, toYearLabel: { greaterThanOrEqualTo: $year } }, orderBy: ID_ASC) { nodes { certainty amountExpectedPence amountAgreedPence } }
          fundingRisksByPartnershipId(condition: { yearLabel: $year }) { nodes { exposurePence } } } }`,
        variables: fy,
        answer: (d) => {
          const p = d.partnershipByCode;
          const lines = lineRows(p);
          return answers.fundingPosition(positionOf(establishmentOf(lines, nodes(p.nonPayLinesByPartnershipId)), shareOf(p, lines), nodes(p.fundingStreamsByPartnershipId), nodes(p.fundingRisksByPartnershipId)).result);
        },
      };
    case 'funding-risks':
      return {
        query: `query($code: String!, $year: String!) { partnershipByCode(code: $code) {
          fundingRisksByPartnershipId(condition: { yearLabel: $year }, orderBy: ID_ASC) { nodes { title exposurePence certainty description source } } } }`,
        variables: fy,
        answer: (d) => answers.fundingRisks(nodes(d.partnershipByCode.fundingRisksByPartnershipId)),
      };
    case 'referrals-flat':
      return {
        query: `query($code: String!) { allReferrals(filter: { nominalByNominalId: { partnershipByPartnershipId: { code: { equalTo: $code } } } }, orderBy: [REFERRAL_DATE_DESC, ID_DESC]) {
          nodes { id referralDate matrixScore orgsScore panelDate decision agencyByAgencyId { code } crimeCategoryByIndexOffenceId { code } } } }`,
        variables: { code: v.partnership },
        answer: (d) => answers.referrals(nodes(d.allReferrals).map((r) => ({ ...r, agency: r.agency_by_agency_id.code, index_code: r.crime_category_by_index_offence_id?.code ?? null }))),
      };
    case 'cohort-page-100':
      return {
        query: `query($code: String!, $date: String!, $after: String!, $first: Int!) {
          allMemberships(first: $first, orderBy: [START_DATE_ASC, ID_ASC], filter: { nominalByNominalId: { partnershipByPartnershipId: { code: { equalTo: $code } } },
            startDate: { lessThanOrEqualTo: $date }, or: [{ endDate: { isNull: true } }, { endDate: { greaterThan: $date } }] }) {
            totalCount pageInfo { hasNextPage }
            nodes { id startDate
              nominalByNominalId { reference gender ageBand hubByHubId { name }
                offencesByNominalId(filter: { offenceDate: { greaterThan: $after, lessThanOrEqualTo: $date } }, orderBy: [OFFENCE_DATE_ASC, ID_ASC]) { nodes { offenceDate outcome crimeCategoryByCategoryId { code banding } } } }
              statusReviewsByMembershipId(filter: { reviewDate: { lessThanOrEqualTo: $date } }, orderBy: [REVIEW_DATE_DESC, ID_DESC], first: 1) { nodes { reviewDate status } } } } }`,
        variables: { code: v.partnership, date: v.date, after: monthsBefore(v.date, 12), first: v.first },
        answer: (d) => answers.cohortPage(d.allMemberships.totalCount, d.allMemberships.pageInfo.hasNextPage, d.allMemberships.nodes.map((m: Row) => {
          const n = m.nominalByNominalId;
          return {
            id: m.id, start_date: m.startDate, reference: n.reference, gender: n.gender, age_band: n.ageBand, hub: n.hubByHubId?.name ?? null,
            review: nodes(m.statusReviewsByMembershipId)[0],
            offences: n.offencesByNominalId.nodes.map((o: Row) => ({ offenceDate: o.offenceDate, outcome: o.outcome, category: o.crimeCategoryByCategoryId })),
          };
        })),
      };
    default:
      if (q.kind === 'measure') return { cannot: 'a measure counts and sums over date windows per member: PostGraphile exposes rows and filters, not aggregates over windows (only through SQL functions written for it)' };
      if (q.kind === 'scenario') return { cannot: 'the scenario models staffing from its input: no table holds the answer' };
      if (q.name === 'medium-term-plan') return { cannot: 'the plan projects years forward from the records: no table holds the answer' };
      return { cannot: 'not asked in this round (rows PostGraphile could list; the finance reports and lists above are the comparison)' };
  }
}

/** The peer's answer projected onto the hub query's selection, as the hub would return it. */
export function peerAnswer(q: BenchQuery, question: PeerQuestion, data: unknown): Row {
  const operation = parse(q.query).definitions[0] as { selectionSet: SelectionSetNode };
  return project(question.answer(data), operation.selectionSet);
}

/**
 * The floor's SQLite SQL in DuckDB's dialect: `a CROSS JOIN b ON` (SQLite's join-order hint) as a
 * plain join, the date functions on 'YYYY-MM-DD' text, and GROUP BY ALL where SQLite lets a
 * column that is one per group go unnamed. Month arithmetic is PostgreSQL's and
 * DuckDB's (the 29th of February less a year is the 28th), as the hub on PostgreSQL does; the
 * answers are checked against the floor's, so a difference shows.
 */
export function duckdbSql(sql: string): string {
  return sql
    .replace(/\bCROSS JOIN (\w+(?: \w+)?) ON\b/g, 'JOIN $1 ON')
    .replace(/date\(([\w.]+), '-(\d+) months'\)/g, "strftime(CAST($1 AS DATE) - INTERVAL $2 MONTH, '%Y-%m-%d')")
    .replace(/julianday\(([\w.]+)\)/g, 'julian(CAST($1 AS DATE))')
    .replace(/GROUP BY [\w.]+/g, 'GROUP BY ALL');
}
