import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, isObjectType, type FormattedExecutionResult } from 'graphql';
import { hubSchema } from '../server/schema.js';
import { HUB_POLICY } from '../server/access/policy.js';
import { ROLES, Role, aTokenOf, roleName } from '../server/access/role.js';
import type { Caller } from '../server/access/caller.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { dataSnapshot } from './support/snapshot.js';

/**
 * The authorisation matrix, generated from the one policy table: every role × every query and
 * mutation × own / another / a made-up partnership (or id). What each cell must give follows from
 * the policy entry alone; a query, mutation or sensitive field without an entry (or without a
 * sample request here) fails the first tests.
 */
const OWN = 'norfolk-suffolk';
const OTHER = 'thurrock';
const MADE_UP = 'no-such-partnership';
const MISSING_ID = '999999';
const YEAR = '2014/15';

type Target = 'own' | 'other' | 'missing';
interface Request {
  query: string;
  variables?: Record<string, unknown>;
  /** What to replace with the made-up code or id when comparing another partnership's answer with a missing one's. */
  key?: string;
}

let t: TestHub;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
const codeFor = (target: Target) => (target === 'own' ? OWN : target === 'other' ? OTHER : MADE_UP);

async function admin(query: string, variables?: Record<string, unknown>) {
  return dataOf(await t.gql(query, variables));
}

const LINE = { grade: 'Matrix constable', fte: 1, budget: 1000 };
const NON_PAY = { category: 'OTHER', description: 'Matrix cost', amount: 10 };
const STREAM = { funder: 'Matrix funder', purpose: 'Testing', fromFinancialYear: YEAR, certainty: 'EXPECTED', amountExpected: 10 };
const RISK = { title: 'Matrix risk', certainty: 'UNCERTAIN', exposure: 10 };
const OPTION = { programme: 'Matrix', option: 1, title: 'Matrix option', status: 'UNDER_CONSIDERATION' };
const SCENARIO = (partnership: string) => ({
  partnership, financialYear: YEAR, cohortTarget: 80,
  ratios: [{ grade: 'Constable', fte: 1, perNominals: 40 }],
  pay: [{ grade: 'Constable', costPerFte: 40000 }],
});

/** A fresh row in the target's partnership (or a made-up id), so updates and removals can run again and again. */
async function rowIn(target: Target, kind: 'line' | 'nonPay' | 'stream' | 'risk' | 'option'): Promise<{ id: string; version: number }> {
  if (target === 'missing') return { id: MISSING_ID, version: 1 };
  const p = codeFor(target);
  const add = {
    line: ['addEstablishmentLine(partnership: $p, financialYear: "2014/15", line: $x)', 'EstablishmentLineInput', LINE],
    nonPay: ['addNonPayLine(partnership: $p, financialYear: "2014/15", line: $x)', 'NonPayLineInput', NON_PAY],
    stream: ['addFundingStream(partnership: $p, stream: $x)', 'FundingStreamInput', STREAM],
    risk: ['addFundingRisk(partnership: $p, financialYear: "2014/15", risk: $x)', 'FundingRiskInput', RISK],
    option: ['addAppraisalOption(partnership: $p, option: $x)', 'AppraisalOptionInput', { ...OPTION, option: ++counter }],
  }[kind] as [string, string, unknown];
  const data = await admin(`mutation ($p: String!, $x: ${add[1]}!) { row: ${add[0]} { id version } }`, { p, x: add[2] });
  return data.row;
}

async function costShareVersion(status: 'DRAFT' | 'AGREED'): Promise<number> {
  const { costShare } = await admin(`{ costShare(partnership: "${OWN}", financialYear: "${YEAR}") { status version } }`);
  if (costShare.status === status) return costShare.version;
  const verb = status === 'DRAFT' ? 'reopenCostShare' : 'agreeCostShare';
  return (await admin(`mutation ($v: Int!) { c: ${verb}(partnership: "${OWN}", financialYear: "${YEAR}", expectedVersion: $v) { version } }`, { v: costShare.version })).c.version;
}

const byId = (mutation: string, kind: Parameters<typeof rowIn>[1], input?: [string, string, () => unknown]) => async (target: Target): Promise<Request> => {
  const row = await rowIn(target, kind);
  const inputArgs = input ? `, ${input[0]}: $x` : '';
  const inputVar = input ? `, $x: ${input[1]}!` : '';
  const selection = input ? '{ id }' : '';
  return { query: `mutation ($id: ID!, $v: Int!${inputVar}) { ${mutation}(id: $id, expectedVersion: $v${inputArgs}) ${selection} }`, variables: { id: row.id, v: row.version, x: input?.[2]() }, key: row.id };
};

const NOMINAL = () => ({ reference: unique('MATRIX'), gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'NPS' });
const REFERRING_AGENCY = { own: 'norfolk-constabulary', other: 'essex-police', missing: 'norfolk-constabulary' } as const;

/** A fresh cohort row in the target's partnership (or a made-up id): a nominal, a referral of one, or a membership of one. */
async function cohortRowIn(target: Target, kind: 'nominal' | 'referral' | 'membership'): Promise<{ id: string; version: number }> {
  if (target === 'missing') return { id: MISSING_ID, version: 1 };
  const { nominal } = await admin('mutation ($p: String!, $x: NominalInput!) { nominal: addNominal(partnership: $p, input: $x) { id version } }', { p: codeFor(target), x: NOMINAL() });
  if (kind === 'nominal') return nominal;
  if (kind === 'referral')
    return (await admin('mutation ($n: ID!, $a: String!) { row: referNominal(nominal: $n, input: { agency: $a, referralDate: "2014-01-10" }) { id version } }', { n: nominal.id, a: REFERRING_AGENCY[target] })).row;
  return (await admin('mutation ($n: ID!) { row: startMembership(nominal: $n, input: { agreementSignedDate: "2014-02-01" }) { id version } }', { n: nominal.id })).row;
}

/** `mutation(arg: <a fresh row's id>, [expectedVersion,] input: …)`, for the cohort records. */
const onCohortRow = (mutation: string, arg: string, kind: Parameters<typeof cohortRowIn>[1], versioned: boolean, input: [string, () => unknown]) => async (target: Target): Promise<Request> => {
  const row = await cohortRowIn(target, kind);
  const version = versioned ? ', $v: Int!' : '';
  return {
    query: `mutation ($id: ID!${version}, $x: ${input[0]}!) { ${mutation}(${arg}: $id${versioned ? ', expectedVersion: $v' : ''}, input: $x) { id } }`,
    variables: { id: row.id, ...(versioned ? { v: row.version } : {}), x: input[1]() },
    key: row.id,
  };
};

/** A nominal of the target's partnership from the demo cohort (or a made-up id). */
async function demoNominalIn(target: Target): Promise<string> {
  if (target === 'missing') return MISSING_ID;
  return (await admin('query ($p: String!) { cohort(partnership: $p, first: 1) { nodes { nominal { id } } } }', { p: codeFor(target) })).cohort.nodes[0].nominal.id;
}

/** One request per query and mutation of the schema; `target` chooses the partnership (or id) it names. */
/** A sheet submission: every row the target's sheet has, unchanged, and one new row (nothing to read for a made-up partnership). */
function sheetSample(mutation: string, argument: string, inputType: string, read: string, added: Record<string, unknown>) {
  return async (target: Target): Promise<Request> => {
    const data = target === 'missing' ? null : await admin(`query ($p: String!) { ${read} }`, { p: codeFor(target) });
    const rows = ((data?.establishment ?? data)?.rows ?? []).map((row: { id: string; version: number }) => ({ id: row.id, expectedVersion: row.version }));
    return {
      query: `mutation ($p: String!, $x: [${inputType}!]!) { ${mutation}(partnership: $p, financialYear: "${YEAR}", ${argument}: $x) { added unchanged } }`,
      variables: { p: codeFor(target), x: [...rows, added] },
    };
  };
}

const SAMPLES: Record<string, (target: Target) => Promise<Request>> = {
  'Query.viewer': async () => ({ query: '{ viewer { role partnerships suppressCountsBelow } }' }),
  'Query.partnerships': async () => ({ query: '{ partnerships { code agencies { code } hubs { name } } }' }),
  'Query.partnership': async (target) => ({ query: 'query ($p: String!) { partnership(code: $p) { code name agencies { code } } }', variables: { p: codeFor(target) } }),
  'Query.financialYears': async () => ({ query: '{ financialYears { label } }' }),
  'Query.reports': async () => ({ query: '{ reports { name } }' }),
  'Query.report': async () => ({ query: '{ report(name: "cost-share") { name } }' }),
  'Query.measures': async () => ({ query: '{ measures { name version } }' }),
  'Query.workbookSnapshot': async () => ({ query: `{ workbookSnapshot(id: ${MISSING_ID}) { id } }` }),
  'Query.compareSnapshotWithLive': async () => ({ query: `{ compareSnapshotWithLive(id: ${MISSING_ID}) { path } }` }),
  'Mutation.freezeWorkbook': async () => ({ query: 'mutation ($x: FreezeWorkbookInput!) { freezeWorkbook(input: $x) { id } }', variables: { x: { workbook: unique('matrix-book'), bindings: [{ binding: 'b1', query: '{ financialYears { label } }' }] } } }),
  'Mutation.publishReport': async () => ({ query: 'mutation ($x: PublishReportInput!) { publishReport(input: $x) { version } }', variables: { x: { name: unique('matrix-report'), title: 'Matrix', description: 'Matrix report', query: '{ financialYears { label } }' } } }),
  'Mutation.saveParameterSet': async () => ({ query: 'mutation ($x: SaveParameterSetInput!) { saveParameterSet(input: $x) { name } }', variables: { x: { report: 'cost-share', name: unique('matrix set'), variables: JSON.stringify({ partnership: OWN }) } } }),
  'Query.reportLayout': async () => ({ query: '{ reportLayout(query: "{ financialYears { label } }") { columns { path header } } }' }),
  'Query.batch': async () => ({ query: '{ batch(requests: [{ query: "{ financialYears { label } }" }]) { data errors { message } } }' }),
  'Query.establishment': async (target) => ({ query: `query ($p: String!) { establishment(partnership: $p, financialYear: "${YEAR}") { totalFte lines { grade employingAgency { code } } } }`, variables: { p: codeFor(target) } }),
  'Query.costShare': async (target) => ({ query: `query ($p: String!) { costShare(partnership: $p, financialYear: "${YEAR}") { total shares { agency contribution } } }`, variables: { p: codeFor(target) } }),
  'Query.costShareVersions': async (target) => ({ query: `query ($p: String!) { costShareVersions(partnership: $p, financialYear: "${YEAR}") { version status total shares { agency contribution } } }`, variables: { p: codeFor(target) } }),
  'Query.costShareDiff': async (target) => ({ query: `query ($p: String!) { costShareDiff(partnership: $p, financialYear: "${YEAR}", from: 1) { from to shares { agencyCode contributionFrom contributionTo } } }`, variables: { p: codeFor(target) } }),
  'Query.previewCostShareDraft': async (target) => ({
    query: `query ($p: String!, $x: CostShareInput!) { previewCostShareDraft(partnership: $p, financialYear: "${YEAR}", input: $x) { to changed shares { agencyCode contributionTo } } }`,
    variables: { p: codeFor(target), x: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'norfolk-constabulary', percent: 60 }, { agency: 'suffolk-constabulary', percent: 40 }] } },
  }),
  'Query.mediumTermPlan': async (target) => ({ query: 'query ($p: String!) { mediumTermPlan(partnership: $p, from: "2014/15", years: 3, assumptions: { payAwardPercent: 1 }) { years { financialYear cost funding gap } } }', variables: { p: codeFor(target) } }),
  'Query.mediumTermPlanVariants': async (target) => ({ query: 'query ($p: String!) { mediumTermPlanVariants(partnership: $p) { name plan { years { gap } } } }', variables: { p: codeFor(target) } }),
  'Query.compareMediumTermPlans': async (target) => {
    if (target === 'own') await admin('mutation { saveMediumTermPlanVariant(partnership: "norfolk-suffolk", name: "Matrix compare", from: "2014/15", years: 3) { id } }').catch(() => null);
    return { query: 'query ($p: String!) { compareMediumTermPlans(partnership: $p, variants: ["Matrix compare"]) { financialYear variant gap } }', variables: { p: codeFor(target) } };
  },
  'Query.fundingPosition': async (target) => ({ query: `query ($p: String!) { fundingPosition(partnership: $p, financialYear: "${YEAR}") { plannedCost gap } }`, variables: { p: codeFor(target) } }),
  'Query.fundingStreams': async (target) => ({ query: `query ($p: String!) { fundingStreams(partnership: $p, financialYear: "${YEAR}") { funder } }`, variables: { p: codeFor(target) } }),
  'Query.fundingRisks': async (target) => ({ query: `query ($p: String!) { fundingRisks(partnership: $p, financialYear: "${YEAR}") { title } }`, variables: { p: codeFor(target) } }),
  'Query.optionsAppraisal': async (target) => ({ query: 'query ($p: String!) { optionsAppraisal(partnership: $p) { title } }', variables: { p: codeFor(target) } }),
  'Query.financeHistory': async (target) => ({ query: 'query ($p: String!) { financeHistory(partnership: $p, record: ESTABLISHMENT_LINE, first: 2) { total changes { action label by changes { field from to } } } }', variables: { p: codeFor(target) } }),
  'Query.scenario': async (target) => ({ query: 'query ($x: ScenarioInput!) { scenario(input: $x) { budget } }', variables: { x: SCENARIO(codeFor(target)) } }),
  'Query.savedScenarios': async (target) => ({ query: 'query ($p: String!) { savedScenarios(partnership: $p) { name } }', variables: { p: codeFor(target) } }),
  'Query.crimeClassifications': async () => ({ query: '{ crimeClassifications { version source } }' }),
  'Query.crimeCategories': async () => ({ query: '{ crimeCategories { code banding priority } }' }),
  'Query.unitCostsOfCrime': async () => ({ query: '{ unitCostsOfCrime { tableVersion banding cost } }' }),
  'Query.cohortSnapshot': async (target) => ({ query: 'query ($p: String!) { cohortSnapshot(partnership: $p, date: "2014-09-30", groupBy: GENDER) { total red added groups { group total } } }', variables: { p: codeFor(target) } }),
  'Query.priorityCrimeRate': async (target) => ({ query: 'query ($p: String!) { priorityCrimeRate(partnership: $p, from: "2014-01", to: "2014-06") { month preRate liveRate liveMembers source } }', variables: { p: codeFor(target) } }),
  'Query.reoffendingComparison': async (target) => ({ query: 'query ($p: String!) { reoffendingComparison(partnership: $p) { force cohortSize rankByActual } }', variables: { p: codeFor(target) } }),
  'Query.reoffendingRates': async (target) => ({ query: 'query ($p: String!) { reoffendingRates(partnerships: [$p], from: "2013-09-30", to: "2014-09-30") { rows { group members reoffenders binaryRate } } }', variables: { p: codeFor(target) } }),
  'Query.costOfCrime': async (target) => ({ query: 'query ($p: String!) { costOfCrime(partnership: $p, asOf: "2014-10-24") { group members before during source } }', variables: { p: codeFor(target) } }),
  'Query.cohortTargetProgress': async (target) => ({ query: 'query ($p: String!) { cohortTargetProgress(partnership: $p, date: "2014-09-30") { target phasedTarget members capacity } }', variables: { p: codeFor(target) } }),
  'Query.needsBreakdown': async (target) => ({ query: 'query ($p: String!) { needsBreakdown(partnership: $p, date: "2014-09-30") { members rows { pathway members } } }', variables: { p: codeFor(target) } }),
  'Query.scoringMatrix': async (target) => ({ query: 'query ($p: String!) { scoringMatrix(partnership: $p) { threshold factors { factor weight } } }', variables: { p: codeFor(target) } }),
  'Query.reviewCadence': async (target) => ({ query: 'query ($p: String!) { reviewCadence(partnership: $p) { status everyDays } }', variables: { p: codeFor(target) } }),
  'Query.nominals': async (target) => ({ query: 'query ($p: String!) { nominals(partnership: $p, search: "", first: 2) { reference identity { name } } }', variables: { p: codeFor(target) } }),
  'Query.reviewsDue': async (target) => ({ query: 'query ($p: String!) { reviewsDue(partnership: $p, date: "2014-09-30") { reference dueDate daysOverdue } }', variables: { p: codeFor(target) } }),
  'Query.capacity': async (target) => ({ query: 'query ($p: String!) { capacity(partnership: $p, date: "2014-09-30") { members rows { grade } } }', variables: { p: codeFor(target) } }),
  'Query.valueForMoney': async (target) => ({ query: `query ($p: String!) { valueForMoney(partnership: $p, financialYear: "${YEAR}") { managed runningCost costPerManagedOffender } }`, variables: { p: codeFor(target) } }),
  'Query.cohort': async (target) => ({ query: 'query ($p: String!) { cohort(partnership: $p, first: 3) { totalCount nodes { startDate nominal { reference identity { name } } latestReview { status } } } }', variables: { p: codeFor(target) } }),
  'Query.nominal': async (target) => {
    const id = await demoNominalIn(target);
    return { query: 'query ($id: ID!) { nominal(id: $id) { reference gender identity { name pncId } memberships { startDate } } }', variables: { id }, key: id };
  },
  'Query.referrals': async (target) => ({ query: 'query ($p: String!) { referrals(partnership: $p, decision: ACCEPTED) { referralDate agency nominal { reference } scope { inScope checks { rule passed } } } }', variables: { p: codeFor(target) } }),
  'Query.accessTokens': async () => ({ query: '{ accessTokens { id role } }' }),
  'Query.auditLog': async () => ({ query: '{ auditLog(first: 5) { total entries { operation } } }' }),

  'Mutation.addPartnership': async () => ({ query: 'mutation ($x: PartnershipInput!) { addPartnership(input: $x) { code } }', variables: { x: { code: unique('matrix'), name: 'Matrix' } } }),
  'Mutation.addAgency': async (target) => ({ query: 'mutation ($p: String!, $x: AgencyInput!) { addAgency(partnership: $p, input: $x) { code } }', variables: { p: codeFor(target), x: { code: unique('agency'), name: 'Agency', kind: 'OTHER' } } }),
  'Mutation.addHub': async (target) => ({ query: 'mutation ($p: String!, $n: String!) { addHub(partnership: $p, name: $n) { name } }', variables: { p: codeFor(target), n: unique('hub') } }),
  'Mutation.openFinancialYear': async () => ({ query: 'mutation { openFinancialYear(label: "2019/20") { label } }' }),
  'Mutation.addEstablishmentLine': async (target) => ({ query: `mutation ($p: String!, $x: EstablishmentLineInput!) { addEstablishmentLine(partnership: $p, financialYear: "${YEAR}", line: $x) { id } }`, variables: { p: codeFor(target), x: LINE } }),
  'Mutation.updateEstablishmentLine': byId('updateEstablishmentLine', 'line', ['line', 'EstablishmentLineInput', () => LINE]),
  'Mutation.removeEstablishmentLine': byId('removeEstablishmentLine', 'line'),
  'Mutation.addNonPayLine': async (target) => ({ query: `mutation ($p: String!, $x: NonPayLineInput!) { addNonPayLine(partnership: $p, financialYear: "${YEAR}", line: $x) { id } }`, variables: { p: codeFor(target), x: NON_PAY } }),
  'Mutation.updateNonPayLine': byId('updateNonPayLine', 'nonPay', ['line', 'NonPayLineInput', () => NON_PAY]),
  'Mutation.removeNonPayLine': byId('removeNonPayLine', 'nonPay'),
  'Mutation.addFundingStream': async (target) => ({ query: 'mutation ($p: String!, $x: FundingStreamInput!) { addFundingStream(partnership: $p, stream: $x) { id } }', variables: { p: codeFor(target), x: STREAM } }),
  'Mutation.updateFundingStream': byId('updateFundingStream', 'stream', ['stream', 'FundingStreamInput', () => STREAM]),
  'Mutation.removeFundingStream': byId('removeFundingStream', 'stream'),
  'Mutation.addFundingRisk': async (target) => ({ query: `mutation ($p: String!, $x: FundingRiskInput!) { addFundingRisk(partnership: $p, financialYear: "${YEAR}", risk: $x) { id } }`, variables: { p: codeFor(target), x: RISK } }),
  'Mutation.updateFundingRisk': byId('updateFundingRisk', 'risk', ['risk', 'FundingRiskInput', () => RISK]),
  'Mutation.removeFundingRisk': byId('removeFundingRisk', 'risk'),
  'Mutation.addAppraisalOption': async (target) => ({ query: 'mutation ($p: String!, $x: AppraisalOptionInput!) { addAppraisalOption(partnership: $p, option: $x) { id } }', variables: { p: codeFor(target), x: { ...OPTION, option: ++counter } } }),
  'Mutation.updateAppraisalOption': byId('updateAppraisalOption', 'option', ['option', 'AppraisalOptionInput', () => ({ ...OPTION, option: ++counter })]),
  'Mutation.removeAppraisalOption': byId('removeAppraisalOption', 'option'),
  'Mutation.saveCostShareDraft': async (target) => ({
    query: `mutation ($p: String!, $v: Int, $x: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: "${YEAR}", expectedVersion: $v, input: $x) { version } }`,
    variables: { p: codeFor(target), v: target === 'own' ? await costShareVersion('DRAFT') : 1, x: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'norfolk-constabulary', percent: 56.5 }, { agency: 'suffolk-constabulary', percent: 43.5 }] } },
  }),
  'Mutation.agreeCostShare': async (target) => ({
    query: `mutation ($p: String!, $v: Int!) { agreeCostShare(partnership: $p, financialYear: "${YEAR}", expectedVersion: $v) { status } }`,
    variables: { p: codeFor(target), v: target === 'own' ? await costShareVersion('DRAFT') : 1 },
  }),
  'Mutation.reopenCostShare': async (target) => ({
    query: `mutation ($p: String!, $v: Int!) { reopenCostShare(partnership: $p, financialYear: "${YEAR}", expectedVersion: $v) { status } }`,
    variables: { p: codeFor(target), v: target === 'own' ? await costShareVersion('AGREED') : 1 },
  }),
  'Mutation.submitEstablishment': sheetSample('submitEstablishment', 'lines', 'EstablishmentSheetLineInput', `establishment(partnership: $p, financialYear: "${YEAR}") { rows: lines { id version } }`, { grade: 'Matrix sheet post', fte: 1 }),
  'Mutation.submitNonPayLines': sheetSample('submitNonPayLines', 'lines', 'NonPaySheetLineInput', `establishment(partnership: $p, financialYear: "${YEAR}") { rows: nonPayLines { id version } }`, NON_PAY),
  'Mutation.submitFundingRisks': sheetSample('submitFundingRisks', 'risks', 'FundingRiskSheetRowInput', `rows: fundingRisks(partnership: $p, financialYear: "${YEAR}") { id version }`, RISK),
  'Mutation.saveMediumTermPlanVariant': async (target) => ({
    query: 'mutation ($p: String!, $n: String!) { saveMediumTermPlanVariant(partnership: $p, name: $n, from: "2014/15", years: 3, assumptions: { payAwardPercent: 2 }) { id name } }',
    variables: { p: codeFor(target), n: unique('variant') },
  }),
  'Mutation.removeMediumTermPlanVariant': async (target) => {
    if (target === 'missing') return { query: 'mutation ($id: ID!) { removeMediumTermPlanVariant(id: $id, expectedVersion: 1) }', variables: { id: MISSING_ID }, key: MISSING_ID };
    // Thurrock has agreed no cost share: its plan assumes one.
    const shares = target === 'own' ? null : { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'essex-police', percent: 100 }] };
    const { saved } = await admin('mutation ($p: String!, $n: String!, $s: CostShareInput) { saved: saveMediumTermPlanVariant(partnership: $p, name: $n, from: "2014/15", years: 3, assumptions: { shares: $s }) { id } }', { p: codeFor(target), n: unique('variant'), s: shares });
    return { query: 'mutation ($id: ID!) { removeMediumTermPlanVariant(id: $id, expectedVersion: 1) }', variables: { id: saved.id }, key: saved.id };
  },
  'Mutation.saveScenario': async (target) => ({ query: 'mutation ($n: String!, $x: ScenarioInput!) { saveScenario(name: $n, input: $x) { name } }', variables: { n: unique('scenario'), x: SCENARIO(codeFor(target)) } }),
  'Mutation.addStaffingRatio': async (target) => ({ query: 'mutation ($p: String!, $x: StaffingRatioInput!) { addStaffingRatio(partnership: $p, ratio: $x) { grade } }', variables: { p: codeFor(target), x: { grade: unique('grade'), fte: 1, perNominals: 40 } } }),
  'Mutation.addCohortTarget': async (target) => ({ query: 'mutation ($p: String!, $x: CohortTargetInput!) { addCohortTarget(partnership: $p, target: $x) { target } }', variables: { p: codeFor(target), x: { baseline: 10, baselineDate: '2014-04-01', target: 20, targetDate: '2016-03-31' } } }),
  'Mutation.addNominal': async (target) => ({ query: 'mutation ($p: String!, $x: NominalInput!) { addNominal(partnership: $p, input: $x) { id reference } }', variables: { p: codeFor(target), x: NOMINAL() } }),
  'Mutation.updateNominal': onCohortRow('updateNominal', 'id', 'nominal', true, ['NominalInput', NOMINAL]),
  'Mutation.referNominal': async (target) => onCohortRow('referNominal', 'nominal', 'nominal', false, ['ReferralInput', () => ({ agency: REFERRING_AGENCY[target], referralDate: '2014-01-10', orgsScore: 60 })])(target),
  'Mutation.decideReferral': onCohortRow('decideReferral', 'id', 'referral', true, ['PanelDecisionInput', () => ({ panelDate: '2014-01-20', decision: 'ACCEPTED' })]),
  'Mutation.startMembership': onCohortRow('startMembership', 'nominal', 'nominal', false, ['MembershipInput', () => ({ agreementSignedDate: '2014-02-01' })]),
  'Mutation.recordReview': onCohortRow('recordReview', 'membership', 'membership', false, ['StatusReviewInput', () => ({ reviewDate: '2014-03-01', status: 'GREEN' })]),
  'Mutation.deselect': onCohortRow('deselect', 'membership', 'membership', true, ['DeselectionInput', () => ({ endDate: '2014-06-01', reason: 'MOVED_OUT_OF_AREA' })]),
  'Mutation.recordOffence': onCohortRow('recordOffence', 'nominal', 'nominal', false, ['OffenceInput', () => ({ crimSec3Code: '45', offenceDate: '2014-03-01', outcome: 'CONVICTION', outcomeDate: '2014-04-01' })]),
  'Mutation.importCohortRecords': async (target) => ({ query: 'mutation ($p: String!, $r: [CohortRecordInput!]!) { importCohortRecords(partnership: $p, records: $r) }', variables: { p: codeFor(target), r: [{ nominal: NOMINAL(), offences: [] }] } }),
  'Mutation.setScoringMatrix': async (target) => ({
    query: 'mutation ($p: String!, $x: ScoringMatrixInput!) { setScoringMatrix(partnership: $p, matrix: $x) { threshold } }',
    variables: { p: codeFor(target), x: { threshold: 5, factors: [{ factor: 'priorityOffences', label: 'Priority offences', weight: 1, maxValue: 10 }] } },
  }),
  'Mutation.setReviewCadence': async (target) => ({
    query: 'mutation ($p: String!, $x: [ReviewCadenceInput!]!) { setReviewCadence(partnership: $p, cadence: $x) { status everyDays } }',
    variables: { p: codeFor(target), x: [{ status: 'RED', everyDays: 14 }] },
  }),
  'Mutation.setCohortCapacity': async (target) => ({
    query: 'mutation ($p: String!, $x: CohortCapacityInput!) { setCohortCapacity(partnership: $p, capacity: $x) { capacity } }',
    variables: { p: codeFor(target), x: { capacity: 150, fromDate: '2014-04-01' } },
  }),
  'Mutation.setRelevantBanding': async (target) => {
    const row = await cohortRowIn(target, 'membership');
    return { query: 'mutation ($id: ID!, $v: Int!) { setRelevantBanding(membership: $id, expectedVersion: $v, banding: "Burglary Dwelling") { id } }', variables: { id: row.id, v: row.version }, key: row.id };
  },
  'Mutation.setScopeRules': async (target) => ({ query: 'mutation ($p: String!, $r: [String!]!) { setScopeRules(partnership: $p, rules: $r) }', variables: { p: codeFor(target), r: target === 'own' ? ['NORFOLK_SUFFOLK_EXCLUSIONS'] : [] } }),
  'Mutation.importRows': async (target) => ({
    query: 'mutation ($p: String!, $csv: String!) { importRows(kind: "funding-risks", csv: $csv, partnership: $p, dryRun: true) { rows inserted problemCount problems { row column reason } } }',
    variables: { p: codeFor(target), csv: 'Risk reference,Financial year,Title,Certainty\nMATRIX-RISK-1,2014/15,Matrix risk,UNCERTAIN\n' },
  }),
  'Mutation.createAccessToken': async () => ({ query: `mutation { createAccessToken(input: { role: FINANCE, partnerships: ["${OWN}"] }) { token } }` }),
  'Mutation.revokeAccessToken': async () => {
    const { createAccessToken } = await admin('mutation { createAccessToken(input: { role: BOARD, partnerships: ["thurrock"] }) { accessToken { id } } }');
    return { query: 'mutation ($id: ID!) { revokeAccessToken(id: $id) { revokedAt } }', variables: { id: createAccessToken.accessToken.id } };
  },
};

/**
 * A request for each field with its own rule. Fields of types every role reaches go through a
 * query every role may use; nominal-level types are reached only through the nominal-level
 * queries, so for a role those refuse, the refusal is the query's.
 */
const FIELD_SAMPLES: Record<string, string> = {
  'SavedReport.usedBy': '{ report(name: "cost-share") { usedBy { workbook } } }',
  'Partnership.staffingRatios': `{ partnership(code: "${OWN}") { staffingRatios { grade } } }`,
  'Partnership.cohortTargets': `{ partnership(code: "${OWN}") { cohortTargets { target } } }`,
};

const schema = hubSchema();

/** Where each nominal-level type sits in a page of the own partnership's cohort (`%` is the selection). */
const COHORT_PATHS: Record<string, string> = {
  CohortPage: '%',
  Membership: 'nodes { % }',
  StatusReview: 'nodes { reviews { % } }',
  Nominal: 'nodes { nominal { % } }',
  NominalIdentity: 'nodes { nominal { identity { % } } }',
  Offence: 'nodes { nominal { offences { % } } }',
  Referral: 'nodes { nominal { referrals { % } } }',
  ReferralScope: 'nodes { nominal { referrals { scope { % } } } }',
  ScopeCheckResult: 'nodes { nominal { referrals { scope { checks { % } } } } }',
  ReferralMatrix: 'nodes { nominal { referrals { matrix { % } } } }',
  ScoredFactorResult: 'nodes { nominal { referrals { matrix { factors { % } } } } }',
};
/** Nominal-level types reached from another query than the cohort page (`%` is the selection). */
const OTHER_PATHS: Record<string, string> = {
  ReviewDueResult: `{ reviewsDue(partnership: "${OWN}", date: "2014-09-30") { % } }`,
};
for (const key of Object.keys(HUB_POLICY.fields)) {
  const [typeName, fieldName] = key.split('.');
  const type = schema.getType(typeName);
  if ((!COHORT_PATHS[typeName] && !OTHER_PATHS[typeName]) || !type || !isObjectType(type) || !type.getFields()[fieldName]) continue;
  const selection = isObjectType(getNamedType(type.getFields()[fieldName].type)) ? `${fieldName} { __typename }` : fieldName;
  if (OTHER_PATHS[typeName]) FIELD_SAMPLES[key] = OTHER_PATHS[typeName].replace('%', selection);
  else FIELD_SAMPLES[key] = `{ cohort(partnership: "${OWN}", first: 1) { ${COHORT_PATHS[typeName].replace('%', selection)} } }`;
}

const rootFields = (['Query', 'Mutation'] as const).flatMap((root) => Object.keys(schema.getRootType(root === 'Query' ? ('query' as never) : ('mutation' as never))?.getFields() ?? {}).map((name) => `${root}.${name}`));
const objectTypes = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && !type.name.startsWith('__') && !['Query', 'Mutation'].includes(type.name)).map((type) => type.name);

describe('the policy table covers the schema', () => {
  it('has an entry, and a sample request here, for every query and mutation, and none for operations that do not exist', () => {
    expect(rootFields.filter((name) => !HUB_POLICY.operations[name])).toEqual([]);
    expect(Object.keys(HUB_POLICY.operations).filter((name) => !rootFields.includes(name))).toEqual([]);
    expect(rootFields.filter((name) => !SAMPLES[name])).toEqual([]);
  });

  it('has an entry for every object type, and every field rule names a field that exists and has a sample', () => {
    expect(objectTypes.filter((name) => !HUB_POLICY.types[name])).toEqual([]);
    expect(Object.keys(HUB_POLICY.types).filter((name) => !objectTypes.includes(name))).toEqual([]);
    for (const key of Object.keys(HUB_POLICY.fields)) {
      const [typeName, fieldName] = key.split('.');
      const type = schema.getType(typeName);
      expect(type && isObjectType(type) && type.getFields()[fieldName], key).toBeTruthy();
      expect(FIELD_SAMPLES[key], `a sample request for ${key}`).toBeTruthy();
    }
  });

  it('gives every field of a nominal-level type its own rule (so an identity field cannot slip in unclassified)', () => {
    for (const [name, rule] of Object.entries(HUB_POLICY.types)) {
      if (rule.sensitivity !== 'NOMINAL' && rule.sensitivity !== 'IDENTITY') continue;
      const type = schema.getType(name);
      const fields = type && isObjectType(type) ? Object.keys(type.getFields()) : [];
      expect(fields.filter((field) => !HUB_POLICY.fields[`${name}.${field}`]), name).toEqual([]);
    }
  });

  it('lets only admins see tokens and the audit log, and no role but finance and admin write finance data', () => {
    for (const [name, rule] of Object.entries(HUB_POLICY.operations)) {
      if (rule.sensitivity === 'ADMIN') expect(rule.roles, name).toEqual([Role.ADMIN]);
      if (rule.kind === 'write' && rule.sensitivity === 'FINANCE') expect([...rule.roles].sort(), name).toEqual([Role.ADMIN, Role.FINANCE]);
    }
  });
});

describe('the authorisation matrix', () => {
  const callers = new Map<Role, Caller>();
  beforeAll(async () => {
    t = await startTestHub();
    for (const role of ROLES) callers.set(role, (await t.token(role, [OWN])).caller);
  });
  afterAll(() => t.close());

  const run = (request: Request, role: Role) => t.gql(request.query, request.variables, callers.get(role));
  const masked = (result: FormattedExecutionResult, key: string | undefined, replacement: string) =>
    JSON.stringify(result).replaceAll(OTHER, MADE_UP).replaceAll(key && key !== replacement ? `"${key}"` : '\u0000', `"${replacement}"`).replaceAll(key && key !== replacement ? ` ${key}.` : '\u0000', ` ${replacement}.`);

  const cells = Object.entries(HUB_POLICY.operations).flatMap(([operation, rule]) => ROLES.map((role) => [operation, roleName(role), role, rule] as const));

  it.each(cells)('%s as %s', async (operation, _name, role, rule) => {
    const field = operation.split('.')[1];
    const sample = SAMPLES[operation];
    if (!rule.roles.includes(role)) {
      // Both requests are made first (making a sample may add rows as admin), then refused together: nothing they try changes anything.
      const requests = [await sample('own'), await sample('other')];
      const before = rule.kind === 'write' ? await dataSnapshot(t.orm) : '';
      for (const [index, request] of requests.entries()) {
        const result = await run(request, role);
        expect(result.errors, `${operation} ${index ? 'other' : 'own'}`).toEqual([expect.objectContaining({ message: `${aTokenOf(role)} may not use ${field}.`, extensions: { code: 'FORBIDDEN' } })]);
        expect(result.data?.[field] ?? null).toBeNull();
      }
      if (rule.kind === 'write') expect(await dataSnapshot(t.orm)).toBe(before);
      return;
    }
    const own = await run(await sample('own'), role);
    expect(own.errors, `${operation} on its own partnership`).toBeUndefined();
    expect(own.data?.[field]).not.toBeUndefined();
    if (rule.scope === 'global') return;

    const otherRequest = await sample('other');
    const before = await dataSnapshot(t.orm);
    const other = await run(otherRequest, role);
    if (rule.kind === 'write' && role !== Role.ADMIN) expect(await dataSnapshot(t.orm), 'a refused write changes nothing').toBe(before);
    const missingRequest = await sample('missing');
    const missing = await run(missingRequest, role);
    if (role === Role.ADMIN) {
      // Admins see every partnership: another partnership's rows are there (whatever the sample's own checks then say).
      expect(masked(other, otherRequest.key, missingRequest.key ?? MISSING_ID), `${operation}: admins see every partnership`).not.toBe(JSON.stringify(missing));
      return;
    }
    // Another partnership's code or id gives exactly what a made-up one gives.
    expect(masked(other, otherRequest.key, missingRequest.key ?? MISSING_ID)).toBe(JSON.stringify(missing).replaceAll(MADE_UP, MADE_UP));
  });

  it.each(Object.entries(HUB_POLICY.fields).flatMap(([key, rule]) => ROLES.map((role) => [key, roleName(role), role, rule] as const)))('%s as %s', async (key, _name, role, rule) => {
    const result = await t.gql(FIELD_SAMPLES[key], {}, callers.get(role));
    const query = /^\{\s*(\w+)/.exec(FIELD_SAMPLES[key])![1];
    if (!HUB_POLICY.operations[`Query.${query}`].roles.includes(role)) {
      expect(result.errors).toEqual([expect.objectContaining({ message: `${aTokenOf(role)} may not use ${query}.`, extensions: { code: 'FORBIDDEN' } })]);
    } else if (rule.kind === 'roles' && !rule.roles.includes(role)) {
      expect(result.errors).toEqual([expect.objectContaining({ message: `${aTokenOf(role)} may not use ${key}.`, extensions: { code: 'FORBIDDEN' } })]);
    } else {
      expect(result.errors).toBeUndefined();
    }
  });

  it('lists only the partnerships a token covers', async () => {
    for (const role of ROLES) {
      const { partnerships } = dataOf(await t.gql('{ partnerships { code } }', {}, callers.get(role)));
      const codes = partnerships.map((p: { code: string }) => p.code);
      if (role === Role.ADMIN) expect(codes).toEqual(expect.arrayContaining([OWN, OTHER, 'barnet']));
      else expect(codes).toEqual([OWN]);
    }
  });
});
