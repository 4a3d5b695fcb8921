import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const ESTABLISHMENT = `{ establishment(partnership: "norfolk-suffolk", financialYear: "2014/15") { totalFte totalBudget lines { id grade fte budget version } } }`;
const COST_SHARE = `{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { status version total shares { agencyCode percent contribution } } }`;
const ADD_LINE = `mutation ($p: String!, $y: String!, $line: EstablishmentLineInput!) { addEstablishmentLine(partnership: $p, financialYear: $y, line: $line) { id grade fte budget version } }`;
const UPDATE_LINE = `mutation ($id: ID!, $v: Int!, $line: EstablishmentLineInput!) { updateEstablishmentLine(id: $id, expectedVersion: $v, line: $line) { id fte budget version } }`;
const SAVE_DRAFT = `mutation ($p: String!, $y: String!, $v: Int, $input: CostShareInput!) { saveCostShareDraft(partnership: $p, financialYear: $y, expectedVersion: $v, input: $input) { status version basis total shares { agencyCode percent contribution weight } } }`;

async function snapshot() {
  return JSON.stringify([dataOf(await t.gql(ESTABLISHMENT)), dataOf(await t.gql(COST_SHARE))]);
}

/** Runs a write that must be refused; returns its error after checking nothing changed. */
async function refused(query: string, variables: Record<string, unknown>) {
  const before = await snapshot();
  const error = errorOf(await t.gql(query, variables));
  expect(await snapshot()).toBe(before);
  return error;
}

describe('bad input is refused with BAD_USER_INPUT naming the field, and changes nothing', () => {
  const line = { grade: 'Constable', fte: 1, budget: 40_000 };

  it.each([
    ['negative FTE', { p: 'norfolk-suffolk', y: '2014/15', line: { ...line, fte: -1 } }, 'line.fte'],
    ['negative money', { p: 'norfolk-suffolk', y: '2014/15', line: { ...line, budget: -0.01 } }, 'line.budget'],
    ['fractions of a penny', { p: 'norfolk-suffolk', y: '2014/15', line: { ...line, budget: 10.005 } }, 'line.budget'],
    ['an empty grade', { p: 'norfolk-suffolk', y: '2014/15', line: { ...line, grade: ' ' } }, 'line.grade'],
    ['an unknown partnership', { p: 'nowhere', y: '2014/15', line }, 'partnership'],
    ['an unknown financial year', { p: 'norfolk-suffolk', y: '2030/31', line }, 'financialYear'],
    ['a malformed financial year', { p: 'norfolk-suffolk', y: '2014-15', line }, 'financialYear'],
    ['an agency the partnership does not have', { p: 'norfolk-suffolk', y: '2014/15', line: { ...line, employingAgency: 'essex-police' } }, 'line.employingAgency'],
    ['FTE on an allowances line', { p: 'norfolk-suffolk', y: '2014/15', line: { ...line, kind: 'ALLOWANCES' } }, 'line.fte'],
  ])('%s', async (_name, variables, field) => {
    const error = await refused(ADD_LINE, variables);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('fixed shares that do not sum to 100%', async () => {
    const version = dataOf(await t.gql(COST_SHARE)).costShare.version;
    await t.gql('mutation ($v: Int!) { reopenCostShare(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v) { version } }', { v: version });
    const draft = dataOf(await t.gql(COST_SHARE)).costShare;
    const error = await refused(SAVE_DRAFT, {
      p: 'norfolk-suffolk', y: '2014/15', v: draft.version,
      input: { basis: 'FIXED_PERCENTAGES', shares: [{ agency: 'norfolk-constabulary', percent: 56.5 }, { agency: 'suffolk-constabulary', percent: 40 }] },
    });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: 'input.shares: the shares must sum to 100% (they sum to 96.50%).' });
    const restored = dataOf(await t.gql('mutation ($v: Int!) { agreeCostShare(partnership: "norfolk-suffolk", financialYear: "2014/15", expectedVersion: $v) { status } }', { v: draft.version }));
    expect(restored.agreeCostShare.status).toBe('AGREED');
  });

  it('a funding stream that ends before it starts', async () => {
    const add = 'mutation ($s: FundingStreamInput!) { addFundingStream(partnership: "thurrock", stream: $s) { id } }';
    const stream = { funder: 'PCC', purpose: 'DIP worker', fromFinancialYear: '2013/14', certainty: 'EXPECTED' };
    expect(errorOf(await t.gql(add, { s: { ...stream, toFinancialYear: '2012/13' } }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'stream.toFinancialYear' } });
    expect(errorOf(await t.gql(add, { s: { ...stream, endDate: '2013-03-31' } }))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'stream.endDate: 2013-03-31 is before the stream starts (2013-04-01).' });
    expect(errorOf(await t.gql(add, { s: { ...stream, endDate: '2014-02-30' } }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'stream.endDate' } });
    const streams = dataOf(await t.gql('{ fundingStreams(partnership: "thurrock", financialYear: "2013/14") { purpose } }')).fundingStreams;
    expect(streams.map((s: { purpose: string }) => s.purpose)).not.toContain('DIP worker');
  });

  it('a cohort target dated before its baseline', async () => {
    const error = errorOf(await t.gql('mutation { addCohortTarget(partnership: "barnet", target: { baseline: 56, baselineDate: "2014-10-31", target: 200, targetDate: "2014-03-31" }) { id } }'));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'target.targetDate' } });
  });

  it('a value of the wrong type, before any resolver runs', async () => {
    const error = errorOf(await t.gql(ADD_LINE, { p: 'norfolk-suffolk', y: '2014/15', line: { grade: 'Constable', fte: 'lots' } }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/line.*fte/);
  });
});

describe('editing with versions', () => {
  it('adds, updates and removes an establishment line, each change bumping the version', async () => {
    const added = dataOf(await t.gql(ADD_LINE, { p: 'barnet', y: '2015/16', line: { grade: 'Police officer', fte: 5, budget: 242_500, employingAgency: 'met-police' } })).addEstablishmentLine;
    expect(added).toMatchObject({ grade: 'Police officer', fte: 5, budget: 242_500, version: 1 });
    const updated = dataOf(await t.gql(UPDATE_LINE, { id: added.id, v: 1, line: { grade: 'Police officer', fte: 5.5, budget: 266_750 } })).updateEstablishmentLine;
    expect(updated).toMatchObject({ fte: 5.5, budget: 266_750, version: 2 });
    const removed = dataOf(await t.gql('mutation ($id: ID!) { removeEstablishmentLine(id: $id, expectedVersion: 2) }', { id: added.id }));
    expect(removed.removeEstablishmentLine).toBe(true);
    expect(dataOf(await t.gql('{ establishment(partnership: "barnet", financialYear: "2015/16") { lines { id } } }')).establishment.lines).toEqual([]);
  });

  it('refuses a stale update with CONFLICT and the current version, and keeps the newer change', async () => {
    const line = dataOf(await t.gql(ADD_LINE, { p: 'barnet', y: '2014/15', line: { grade: 'Offender manager', fte: 2 } })).addEstablishmentLine;
    dataOf(await t.gql(UPDATE_LINE, { id: line.id, v: 1, line: { grade: 'Offender manager', fte: 3 } }));
    const error = errorOf(await t.gql(UPDATE_LINE, { id: line.id, v: 1, line: { grade: 'Offender manager', fte: 4 } }));
    expect(error).toMatchObject({ code: 'CONFLICT', extensions: { expectedVersion: 1, currentVersion: 2 } });
    const lines = dataOf(await t.gql('{ establishment(partnership: "barnet", financialYear: "2014/15") { lines { id fte version } } }')).establishment.lines;
    expect(lines.find((l: { id: string }) => l.id === line.id)).toMatchObject({ fte: 3, version: 2 });
  });

  it('treats an id that does not exist as NOT_FOUND', async () => {
    expect(errorOf(await t.gql(UPDATE_LINE, { id: '999999', v: 1, line: { grade: 'x', fte: 1 } })).code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(UPDATE_LINE, { id: 'abc', v: 1, line: { grade: 'x', fte: 1 } })).code).toBe('NOT_FOUND');
  });

  it('lets exactly one of two edits made from the same version win', async () => {
    const line = dataOf(await t.gql(ADD_LINE, { p: 'barnet', y: '2016/17', line: { grade: 'Police officer', fte: 1 } })).addEstablishmentLine;
    const results = await Promise.all([2, 3].map((fte) => t.gql(UPDATE_LINE, { id: line.id, v: 1, line: { grade: 'Police officer', fte } })));
    const codes = results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK')).sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
  });
});

describe('a cost share from draft to agreed', () => {
  const p = 'barnet';
  const y = '2015/16';

  it('is drafted, changed, agreed, locked and reopened, refusing stale versions throughout', async () => {
    const shares = [{ agency: 'met-police', percent: 50 }, { agency: 'london-crc', percent: 30 }, { agency: 'nps-london', percent: 20 }];
    await t.gql(ADD_LINE, { p, y, line: { grade: 'Police officer', fte: 5, budget: 242_500, employingAgency: 'met-police' } });
    await t.gql(ADD_LINE, { p, y, line: { grade: 'Offender manager', fte: 6.5, budget: 234_000, employingAgency: 'london-crc' } });

    const draft = dataOf(await t.gql(SAVE_DRAFT, { p, y, input: { basis: 'FIXED_PERCENTAGES', shares } })).saveCostShareDraft;
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1, total: 476_500 });
    expect(draft.shares.map((s: { contribution: number }) => s.contribution)).toEqual([238_250, 142_950, 95_300]);

    const created = errorOf(await t.gql(SAVE_DRAFT, { p, y, input: { basis: 'FIXED_PERCENTAGES', shares } }));
    expect(created).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: 1 } });

    const byFte = dataOf(await t.gql(SAVE_DRAFT, { p, y, v: 1, input: { basis: 'PRO_RATA_FTE_HOSTED', shares: [{ agency: 'met-police' }, { agency: 'london-crc' }] } })).saveCostShareDraft;
    expect(byFte).toMatchObject({ version: 2, basis: 'PRO_RATA_FTE_HOSTED' });
    // 5 FTE and 6.5 FTE hosted: 43.48% and 56.52%, contributions to the penny
    expect(byFte.shares).toEqual([
      { agencyCode: 'met-police', percent: 43.48, contribution: 207_173.91, weight: 5 },
      { agencyCode: 'london-crc', percent: 56.52, contribution: 269_326.09, weight: 6.5 },
    ]);

    expect(errorOf(await t.gql('mutation { agreeCostShare(partnership: "barnet", financialYear: "2015/16", expectedVersion: 1) { version } }')).code).toBe('CONFLICT');
    const agreed = dataOf(await t.gql('mutation { agreeCostShare(partnership: "barnet", financialYear: "2015/16", expectedVersion: 2) { status version } }')).agreeCostShare;
    expect(agreed).toEqual({ status: 'AGREED', version: 3 });

    const locked = errorOf(await t.gql(SAVE_DRAFT, { p, y, v: 3, input: { basis: 'FIXED_PERCENTAGES', shares } }));
    expect(locked).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^The 2015\/16 cost share for .* is agreed \(version 1, agreed on \d{4}-\d\d-\d\d by the hub\); reopen it \(reopenCostShare\) before changing it\.$/), extensions: { status: 'AGREED', planVersion: 1 } });

    const position = dataOf(await t.gql('{ fundingPosition(partnership: "barnet", financialYear: "2015/16") { plannedCost confirmed gap } }')).fundingPosition;
    expect(position).toEqual({ plannedCost: 476_500, confirmed: 476_500, gap: 0 });

    const reopened = dataOf(await t.gql('mutation { reopenCostShare(partnership: "barnet", financialYear: "2015/16", expectedVersion: 3) { status version } }')).reopenCostShare;
    expect(reopened).toEqual({ status: 'DRAFT', version: 4 });
  });

  it('makes a new version on every save, even two saves in the same millisecond', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z'), toFake: ['Date'] });
    try {
      const save = (v: number | null, police: number) =>
        t.gql(SAVE_DRAFT, { p: 'thurrock', y: '2013/14', v, input: { basis: 'PRO_RATA_COHORT', shares: [{ agency: 'essex-police', weight: police }, { agency: 'essex-probation', weight: 20 }] } });
      expect(dataOf(await save(null, 30)).saveCostShareDraft.version).toBe(1);
      expect(dataOf(await save(1, 31)).saveCostShareDraft.version).toBe(2);
      expect(dataOf(await save(2, 32)).saveCostShareDraft.version).toBe(3);
      expect(errorOf(await save(2, 33))).toMatchObject({ code: 'CONFLICT', extensions: { currentVersion: 3 } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('pro rata by cohort needs a weight for every agency', async () => {
    const error = errorOf(await t.gql(SAVE_DRAFT, { p: 'thurrock', y: '2012/13', input: { basis: 'PRO_RATA_COHORT', shares: [{ agency: 'essex-police', weight: 30 }, { agency: 'essex-probation' }] } }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.shares[1].weight' } });
    expect(dataOf(await t.gql('{ costShare(partnership: "thurrock", financialYear: "2012/13") { version } }')).costShare).toBeNull();
  });
});

describe('other finance records', () => {
  it('adds a non-pay line from quantity and unit cost, and refuses an amount that disagrees', async () => {
    const add = 'mutation ($line: NonPayLineInput!) { addNonPayLine(partnership: "norfolk-suffolk", financialYear: "2016/17", line: $line) { amount unitCost quantity } }';
    expect(dataOf(await t.gql(add, { line: { category: 'VEHICLES', description: 'Insurance', quantity: 12, unitCost: 800 } })).addNonPayLine).toEqual({ amount: 9_600, unitCost: 800, quantity: 12 });
    expect(errorOf(await t.gql(add, { line: { category: 'VEHICLES', description: 'Insurance', quantity: 12, unitCost: 800, amount: 9_000 } }))).toMatchObject({
      code: 'BAD_USER_INPUT', message: 'line.amount: 12 × £800.00 is £9,600.00, not £9,000.00.',
    });
  });

  it('updates a funding risk from its version', async () => {
    const risk = dataOf(await t.gql('mutation { addFundingRisk(partnership: "thurrock", financialYear: "2013/14", risk: { title: "Alcohol worker", certainty: ENDING }) { id version exposure } }')).addFundingRisk;
    const updated = dataOf(await t.gql('mutation ($id: ID!) { updateFundingRisk(id: $id, expectedVersion: 1, risk: { title: "Alcohol worker", certainty: ENDING, exposure: 12500.5, likelihood: HIGH }) { version exposure likelihood } }', { id: risk.id })).updateFundingRisk;
    expect(updated).toEqual({ version: 2, exposure: 12_500.5, likelihood: 'HIGH' });
  });

  it('adds an option to an appraisal and opens a new financial year', async () => {
    const option = dataOf(await t.gql('mutation { addAppraisalOption(partnership: "turnaround", option: { programme: "TurnAround IOM", option: 5, title: "Status quo", status: UNDER_CONSIDERATION, saving: 0 }) { option saving status } }')).addAppraisalOption;
    expect(option).toEqual({ option: 5, saving: 0, status: 'UNDER_CONSIDERATION' });
    expect(dataOf(await t.gql('mutation { openFinancialYear(label: "2026/27") { label startDate endDate } }')).openFinancialYear).toEqual({ label: '2026/27', startDate: '2026-04-01', endDate: '2027-03-31' });
    expect(errorOf(await t.gql('mutation { openFinancialYear(label: "2026/28") { label } }'))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'label' } });
  });
});
