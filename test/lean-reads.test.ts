import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, systemCaller, type Caller } from '../server/access/caller.js';
import { Role } from '../server/access/role.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';
import { lookUpsUnderWay } from '../server/partnership/lookup.js';

/**
 * The small finance reports read their rows with flat hand-written SQL outside a transaction
 * (server/db/entity-rows.ts) and through the ORM inside one (a write's reads). Both must answer
 * exactly alike: every report on every demo partnership and year, asked both ways, for an admin
 * and for a finance token that sees one partnership (the others must be refused alike).
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const report = (name: string) => readFileSync(join(import.meta.dirname, '..', 'schema', 'reports', `${name}.graphql`), 'utf8');
const examples = (name: string) => [...report(name).matchAll(/^# variables: (.*)$/gm)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);

const VERSIONS = `query ($partnership: String!, $financialYear: String!) {
  costShareVersions(partnership: $partnership, financialYear: $financialYear) { version status current frozen basis total totalComplete agreedAt agreedBy note unallocated shares { agency agencyCode percent contribution weight } }
  costShare(partnership: $partnership, financialYear: $financialYear) { partnership financialYear version planVersion status frozen agreedAt agreedBy note total totalComplete establishmentTotal unallocated variance notes source shares { agency agencyCode percent contribution weight } }
}`;

const NAMED = `query ($partnership: String!, $financialYear: String!) {
  establishment(partnership: $partnership, financialYear: $financialYear) { partnership financialYear }
  costShare(partnership: $partnership, financialYear: $financialYear) { partnership financialYear }
  fundingPosition(partnership: $partnership, financialYear: $financialYear) { partnership financialYear }
}`;

/** The same operation on the lean path (as a query runs) and on the ORM's (inside a transaction, as a write's reads run). */
async function bothWays(query: string, variables: Record<string, unknown>, caller: Caller): Promise<[FormattedExecutionResult, FormattedExecutionResult]> {
  const lean = await t.gql(query, variables, caller);
  const context = t.hub.contextFor({ ...caller });
  const orm = await context.em.transactional(async (tx) => {
    const response = await t.hub.apollo.executeOperation({ query, variables }, { contextValue: { ...context, em: tx } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  });
  return [lean, orm];
}

/** `run`'s result and the statements the ORM's logger saw it send (each statement the hub sends is logged with its query). */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const statements: string[] = [];
  const logger = t.orm.config.getLogger() as unknown as { log(namespace: string, message: string, context?: { query?: string }): void };
  const original = logger.log.bind(logger);
  const debug = t.orm.config.get('debug');
  t.orm.config.set('debug', ['query']);
  logger.log = (_namespace, _message, context) => { if (context?.query) statements.push(context.query); };
  try {
    const result = await run();
    return { result, count: statements.length, statements };
  } finally {
    logger.log = original;
    t.orm.config.set('debug', debug);
  }
}

/** `run`'s result with `count` other look-ups taken as under way (lookUpsUnderWay) while it runs. */
async function withUnderWay<T>(count: number, run: () => Promise<T>): Promise<T> {
  lookUpsUnderWay.count += count;
  try {
    return await run();
  } finally {
    lookUpsUnderWay.count -= count;
  }
}

describe('the lean read path of the finance reports', () => {
  it('answers every report on every demo partnership and year exactly as the ORM does', async () => {
    const { partnerships, financialYears } = dataOf(await t.gql('{ partnerships { code } financialYears { label } }'));
    const years = financialYears.map((y: { label: string }) => y.label);
    expect(partnerships.length).toBeGreaterThanOrEqual(5);
    let answered = 0;
    for (const name of ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'funding-streams']) {
      for (const { code } of partnerships)
        for (const financialYear of years) {
          const [lean, orm] = await bothWays(report(name), { partnership: code, financialYear }, systemCaller('test'));
          expect(lean, `${name} ${code} ${financialYear}`).toEqual(orm);
          if (!lean.errors) answered++;
        }
    }
    for (const { code } of partnerships)
      for (const financialYear of years) {
        const [lean, orm] = await bothWays(VERSIONS, { partnership: code, financialYear }, systemCaller('test'));
        expect(lean, `cost share versions ${code} ${financialYear}`).toEqual(orm);
        // The partnership and year each report names (read at once with the rows that point at them).
        const [named, namedOrm] = await bothWays(NAMED, { partnership: code, financialYear }, systemCaller('test'));
        expect(named.errors).toBeUndefined();
        expect(named, `partnership and year ${code} ${financialYear}`).toEqual(namedOrm);
      }
    for (const variables of examples('scenario')) {
      const [lean, orm] = await bothWays(report('scenario'), variables, systemCaller('test'));
      expect(lean.errors).toBeUndefined();
      expect(lean).toEqual(orm);
    }
    // A partnership or year that is not there, or not open, or not a year: the same error both ways, the partnership's first.
    for (const [partnership, financialYear] of [['nowhere', years[0]], [partnerships[0].code, '2099/00'], ['nowhere', 'not a year'], [partnerships[0].code, 'not a year'], ['nowhere', '2099/00']])
      for (const name of ['establishment', 'cost-share', 'funding-position', 'funding-risks']) {
        const [lean, orm] = await bothWays(report(name), { partnership, financialYear }, systemCaller('test'));
        expect(lean.errors, `${name} ${partnership} ${financialYear}`).toHaveLength(1);
        expect(lean, `${name} ${partnership} ${financialYear}`).toEqual(orm);
        expect(lean.errors![0].message).toContain(partnership === 'nowhere' ? 'no partnership "nowhere"' : financialYear === '2099/00' ? 'not open' : 'not a year');
      }
    // The scenario on what is stored: the cohort target in force, the staffing standards (each caseload), the year's cost share.
    const pay = (examples('scenario')[0].input as { pay: unknown }).pay;
    let modelled = 0;
    for (const { code } of partnerships)
      for (const financialYear of years)
        for (const caseload of [undefined, 'NPS', 'CRC']) {
          const variables = { input: { partnership: code, financialYear, pay, ...(caseload ? { caseload } : {}) } };
          const [lean, orm] = await bothWays(report('scenario'), variables, systemCaller('test'));
          expect(lean, `scenario ${code} ${financialYear} ${caseload}`).toEqual(orm);
          if (!lean.errors) modelled++;
        }
    expect(modelled).toBeGreaterThan(0);
    // The demo data has figures for most partnership-years; the comparison must not be of errors alone.
    expect(answered).toBeGreaterThan(25);
  }, 120_000);

  it('answers a draft (shares worked out from the entries and the establishment now) exactly as the ORM does', async () => {
    const key = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
    const { costShare } = dataOf(await t.gql('query ($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { version } }', key));
    dataOf(await t.gql('mutation ($partnership: String!, $financialYear: String!, $v: Int!) { reopenCostShare(partnership: $partnership, financialYear: $financialYear, expectedVersion: $v) { status } }', { ...key, v: costShare.version }));
    for (const query of [VERSIONS, report('cost-share'), report('funding-position')]) {
      const [lean, orm] = await bothWays(query, key, systemCaller('test'));
      expect(lean.errors).toBeUndefined();
      expect(lean).toEqual(orm);
    }
    expect(dataOf(await t.gql(VERSIONS, key)).costShare.status).toBe('DRAFT');
  });

  it('answers a draft shared by FTE hosted (weights from each line\'s FTE and employing agency) exactly as the ORM does', async () => {
    const key = { partnership: 'thurrock', financialYear: '2012/13' };
    const agencies = ['essex-police', 'essex-probation', 'family-mosaic', 'dip'];
    const { costShare } = dataOf(await t.gql('query ($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { version status } }', key));
    if (costShare?.status === 'AGREED')
      dataOf(await t.gql('mutation ($partnership: String!, $financialYear: String!, $v: Int!) { reopenCostShare(partnership: $partnership, financialYear: $financialYear, expectedVersion: $v) { status } }', { ...key, v: costShare.version }));
    const latest = dataOf(await t.gql('query ($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { version } }', key)).costShare;
    dataOf(await t.gql('mutation ($p: String!, $y: String!, $v: Int, $x: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: $x) { version } }', {
      p: key.partnership, y: key.financialYear, v: latest?.version ?? null, x: { basis: 'PRO_RATA_FTE_HOSTED', shares: agencies.map((agency) => ({ agency })) },
    }));
    for (const query of [report('cost-share'), report('funding-position')]) {
      const [lean, orm] = await bothWays(query, key, systemCaller('test'));
      expect(lean.errors).toBeUndefined();
      expect(lean).toEqual(orm);
    }
    // Shared by the FTE each agency employs: the police's two and a half posts to the DIP's 0.3.
    const shares = dataOf(await t.gql('query ($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { basis shares { agencyCode weight } } }', key)).costShare;
    expect(shares.basis).toBe('PRO_RATA_FTE_HOSTED');
    const weight = (code: string) => shares.shares.find((share: { agencyCode: string }) => share.agencyCode === code).weight;
    expect(weight('essex-police')).toBeGreaterThan(weight('dip'));
    expect(weight('dip')).toBeGreaterThan(0);
  });

  it('answers an agreed version naming an agency the draft after it no longer shares with exactly as the ORM does', async () => {
    const key = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
    const ask = 'query ($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { version status shares { agencyCode } } }';
    let { costShare } = dataOf(await t.gql(ask, key));
    expect(costShare.shares.length).toBeGreaterThan(1);
    const kept = costShare.shares[0].agencyCode as string;
    // Reopened as a draft (unless the test above left it so), the agreed version staying as it was.
    if (costShare.status === 'AGREED')
      costShare = dataOf(await t.gql('mutation ($partnership: String!, $financialYear: String!, $v: Int!) { reopenCostShare(partnership: $partnership, financialYear: $financialYear, expectedVersion: $v) { version } }', { ...key, v: costShare.version })).reopenCostShare;
    // The draft shares everything to one agency: the agreed version's other agencies are no longer among the draft's entries.
    dataOf(await t.gql(`mutation ($partnership: String!, $financialYear: String!, $v: Int!, $input: CostShareInput!) {
      saveCostShareDraft(partnership: $partnership, financialYear: $financialYear, expectedVersion: $v, input: $input) { status } }`, { ...key, v: costShare.version, input: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: kept, percent: 100 }] } }));
    const [lean, orm] = await bothWays(VERSIONS, key, systemCaller('test'));
    expect(lean.errors).toBeUndefined();
    expect(lean).toEqual(orm);
    const versions = (lean.data as any).costShareVersions as { status: string; shares: { agencyCode: string; agency: string }[] }[];
    const others = versions.find((v) => v.status === 'AGREED')!.shares.filter((share) => share.agencyCode !== kept);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((share) => share.agency)).toBe(true);
    expect(versions.at(-1)!.shares.map((share) => share.agencyCode)).toEqual([kept]);
  });

  it('answers the cohort page with each member\'s last year of offences exactly as the ORM does', async () => {
    const page = `query ($partnership: String!, $date: String!) { cohort(partnership: $partnership, filter: { activeOn: $date }, first: 100) {
      totalCount nodes { id nominal { reference } latestReview(asOf: $date) { reviewDate status } offencesInLast12Months(asOf: $date) { id offenceDate outcome outcomeDate category { code banding } } } } }`;
    const { partnerships } = dataOf(await t.gql('{ partnerships { code } }'));
    let offences = 0;
    for (const { code } of partnerships)
      for (const date of ['2015-03-31']) {
        const [lean, orm] = await bothWays(page, { partnership: code, date }, systemCaller('test'));
        expect(lean.errors).toBeUndefined();
        expect(lean, `${code} ${date}`).toEqual(orm);
        offences += (lean.data as any).cohort.nodes.reduce((sum: number, node: any) => sum + node.offencesInLast12Months.length, 0);
      }
    expect(offences).toBeGreaterThan(0);
  }, 120_000);

  it('answers every field of the cohort page\'s members, nominals, hubs and reviews exactly as the ORM does, identities by the caller\'s rights', async () => {
    const page = `query ($partnership: String!, $date: String, $after: String) { cohort(partnership: $partnership, first: 40, after: $after) {
      totalCount endCursor hasNextPage nodes { id startDate endDate deselectionReason deselectionNote relevantBanding version updatedAt
        nominal { id reference gender ageBand ethnicity localAuthority hubName statutoryStatus needs domesticAbusePerpetrator registeredSexOffender mappaLevel version updatedAt identity { name dateOfBirth pncId } }
        latestReview(asOf: $date) { id reviewDate status note reference version updatedAt }
        latest: latestReview { id status } reviews { id reviewDate status } } } }`;
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const [first, second] = partnerships as { id: string; code: string }[];
    let hubs = 0, needs = 0, reviews = 0, identities = 0;
    for (const { id, code } of [first, second])
      for (const caller of [systemCaller('test'), callerFor(1, Role.CASE_MANAGER, [Number(id)]), callerFor(2, Role.CASE_MANAGER, [Number(first.id === id ? second.id : first.id)])])
        for (const date of [null, '2015-03-31']) {
          let after: string | null = null;
          for (let pages = 0; pages < 2; pages++) {
            const [lean, orm] = await bothWays(page, { partnership: code, date, after }, caller);
            expect(lean, `${code} ${caller.role} ${date} ${after}`).toEqual(orm);
            if (lean.errors) break;
            const { nodes, endCursor } = (lean.data as any).cohort;
            hubs += nodes.filter((n: any) => n.nominal.hubName).length;
            needs += nodes.filter((n: any) => n.nominal.needs.length).length;
            reviews += nodes.filter((n: any) => n.latestReview).length;
            identities += nodes.filter((n: any) => n.nominal.identity?.name).length;
            after = endCursor;
          }
        }
    // The comparison must reach hubs, needs (JSON), reviews and identities, not only nulls.
    expect(hubs).toBeGreaterThan(0);
    expect(needs).toBeGreaterThan(0);
    expect(reviews).toBeGreaterThan(0);
    expect(identities).toBeGreaterThan(0);
  }, 120_000);

  it('reads each finance report in its look-up\'s statement (the funding position in two at once, the scenario\'s staffing standards with them), alike for a partnership out of the caller\'s scope', async () => {
    const statements = (query: string, variables: Record<string, unknown>, caller: Caller = systemCaller('test')) => counted(() => t.gql(query, variables, caller));
    const key = { partnership: 'norfolk-suffolk', financialYear: '2014/15' };
    // Each report's rows (the establishment's lines with their agencies and its non-pay costs; the cost share's
    // lines, agreement, entries, agencies and frozen version; the funding position's all of these with the
    // streams and risks) come in the partnership-and-year look-up's own statement.
    // The funding position's reads are too many columns for one: two look-up statements at once.
    const expected: Record<string, number> = { establishment: 1, 'cost-share': 1, 'funding-position': 2, 'funding-risks': 1, 'funding-streams': 1 };
    for (const [name, count] of Object.entries(expected)) {
      const read = await statements(report(name), key);
      expect(read.result.errors, name).toBeUndefined();
      expect(read.count, name).toBe(count);
    }
    // An agreed cost share's frozen figures come in the same statement (the figures of this year's, agreed here if the tests above left it a draft).
    const { costShare } = dataOf(await t.gql('query ($partnership: String!, $financialYear: String!) { costShare(partnership: $partnership, financialYear: $financialYear) { version status } }', key));
    if (costShare.status !== 'AGREED')
      dataOf(await t.gql('mutation ($partnership: String!, $financialYear: String!, $v: Int!) { agreeCostShare(partnership: $partnership, financialYear: $financialYear, expectedVersion: $v) { status } }', { ...key, v: costShare.version }));
    const agreedKey = key;
    for (const name of ['cost-share', 'funding-position']) {
      const agreed = await statements(report(name), agreedKey!);
      expect(agreed.result.errors, name).toBeUndefined();
      expect(agreed.count, name).toBe(expected[name]);
      if (name === 'cost-share') expect(dataOf(agreed.result).costShare.status).toBe('AGREED');
    }
    // The scenario (cohort size given): the funding position's two statements with its staffing standards, then at once the input's two agencies.
    const scenario = await statements(report('scenario'), examples('scenario')[0]);
    expect(scenario.result.errors).toBeUndefined();
    expect(scenario.count).toBe(4);
    // A finance token of another partnership gets no rows from the joined statement: the partnership is not there for it.
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const barnet = partnerships.find((p: { code: string }) => p.code === 'barnet');
    for (const [name, count] of Object.entries(expected)) {
      const other = await statements(report(name), key, callerFor(1, Role.FINANCE, [Number(barnet.id)]));
      expect(other.count, name).toBe(count);
      expect(other.result.errors?.[0].message, name).toMatch(/there is no partnership "norfolk-suffolk"/);
    }
  });

  it('reads the funding position in one statement while another look-up is under way, answering as its two statements at once do', async () => {
    const read = (query: string, variables: Record<string, unknown>, underWay: number) => withUnderWay(underWay, () => counted(() => t.gql(query, variables)));
    const { partnerships, financialYears } = dataOf(await t.gql('{ partnerships { code } financialYears { label } }'));
    let answered = 0;
    for (const { code } of partnerships)
      for (const { label } of financialYears) {
        const key = { partnership: code, financialYear: label };
        const alone = await read(report('funding-position'), key, 0);
        const busy = await read(report('funding-position'), key, 1);
        expect(busy.result, `${code} ${label}`).toEqual(alone.result);
        if (alone.result.errors) continue;
        answered++;
        expect(alone.count, `${code} ${label} alone`).toBe(2);
        expect(busy.count, `${code} ${label} with another under way`).toBe(1);
      }
    expect(answered).toBeGreaterThan(5);
    // The scenario's look-up too (its staffing standards with it), and a partnership that is not there is told the same.
    const variables = examples('scenario')[0];
    const [alone, busy] = [await read(report('scenario'), variables, 0), await read(report('scenario'), variables, 1)];
    expect(alone.result.errors).toBeUndefined();
    expect(busy.result).toEqual(alone.result);
    expect([alone.count, busy.count]).toEqual([4, 3]);
    const nowhere = { partnership: 'nowhere', financialYear: financialYears[0].label };
    const [missing, missingBusy] = [await read(report('funding-position'), nowhere, 0), await read(report('funding-position'), nowhere, 1)];
    expect(missing.result.errors?.[0].message).toMatch(/there is no partnership "nowhere"/);
    expect(missingBusy.result).toEqual(missing.result);
    expect(lookUpsUnderWay.count).toBe(0);
  });

  it('works the funding position out of its non-pay costs\', streams\' and risks\' figures alone, the cost share out of its lines\', and a report asked with them still gets whole rows', async () => {
    const whole = `query ($partnership: String!, $financialYear: String!) {
      fundingRisks(partnership: $partnership, financialYear: $financialYear) { id version title description exposure certainty likelihood owner mitigation source }
      fundingStreams(partnership: $partnership, financialYear: $financialYear) { id version funder purpose amountAgreed amountExpected fromFinancialYear toFinancialYear endDate certainty notes source }
      establishment(partnership: $partnership, financialYear: $financialYear) { lines { id grade kind fte budget employingAgency { code name } budgetBasis payPoint notes source } nonPayLines { id category description quantity unitCost amount notes source } }
    }`;
    // A demo partnership and year with both risks and streams.
    const { partnerships, financialYears } = dataOf(await t.gql('{ partnerships { code } financialYears { label } }'));
    const years = partnerships.flatMap(({ code }: { code: string }) => financialYears.map(({ label }: { label: string }) => ({ partnership: code, financialYear: label })));
    let key: Record<string, string> | undefined, alone: Record<string, unknown[]> | undefined;
    for (const candidate of years) {
      const data = dataOf(await t.gql(whole, candidate));
      if (data.fundingRisks.length && data.fundingStreams.length) [key, alone] = [candidate, data];
      if (key) break;
    }
    expect(key).toBeDefined();
    const read = await withUnderWay(1, () => counted(() => t.gql(report('funding-position'), key!)));
    expect(read.result.errors).toBeUndefined();
    const [statement] = read.statements;
    expect(read.statements).toHaveLength(1);
    // The fields its figures and parts are made of, and none of the records' other columns (nor the streams' years).
    for (const column of ['n.description', 'n.amount_pence', 's.funder', 's.purpose', 's.certainty', 's.amount_expected_pence', 's.amount_agreed_pence', 'r.title', 'r.exposure_pence']) expect(statement).toContain(`${column} AS`);
    for (const column of ['n.notes', 'n.category', 's.notes', 's.end_date', 's.from_year_label', 'r.description', 'r.mitigation', 'r.owner', 'f.label', 't.label']) expect(statement).not.toContain(`${column} AS`);
    // The cost share reads its establishment lines' budget, FTE and employing agency alone (it shows none of the lines).
    const costShare = await counted(() => t.gql(report('cost-share'), key!));
    expect(costShare.result.errors).toBeUndefined();
    expect(costShare.statements).toHaveLength(1);
    for (const column of ['l.budget_pence', 'l.fte_hundredths', 'l.employing_agency_id']) expect(costShare.statements[0]).toContain(`${column} AS`);
    for (const column of ['l.grade', 'l.notes', 'l.pay_point', 'l.source']) expect(costShare.statements[0]).not.toContain(`${column} AS`);
    // Asked in one request with the funding position, the risks and streams are the whole rows they are when asked alone.
    const together = `query ($partnership: String!, $financialYear: String!) {
      fundingPosition(partnership: $partnership, financialYear: $financialYear) { gap parts { figure label amount } }
      costShare(partnership: $partnership, financialYear: $financialYear) { total shares { agencyCode contribution } }
      ${whole.slice(whole.indexOf('{') + 1, whole.lastIndexOf('}'))}
    }`;
    for (const underWay of [0, 1]) {
      const both = dataOf(await withUnderWay(underWay, () => t.gql(together, key!)));
      expect({ fundingRisks: both.fundingRisks, fundingStreams: both.fundingStreams, establishment: both.establishment }, `with ${underWay} under way`).toEqual(alone);
      expect(both.fundingPosition.parts.length).toBeGreaterThan(0);
    }
  });

  it('keeps a partnership scope: a finance token sees its own partnership and is refused another alike', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { id code } }'));
    const norfolk = partnerships.find((p: { code: string }) => p.code === 'norfolk-suffolk');
    const finance = callerFor(1, Role.FINANCE, [Number(norfolk.id)]);
    for (const name of ['establishment', 'cost-share', 'funding-position', 'funding-risks', 'funding-streams']) {
      const [own, ownOrm] = await bothWays(report(name), { partnership: 'norfolk-suffolk', financialYear: '2014/15' }, finance);
      expect(own.errors).toBeUndefined();
      expect(own).toEqual(ownOrm);
      const [other, otherOrm] = await bothWays(report(name), { partnership: 'barnet', financialYear: '2015/16' }, finance);
      expect(other.errors?.[0].message).toMatch(/there is no partnership "barnet"/);
      expect(other).toEqual(otherOrm);
    }
  });
});
