import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../server/access/caller.js';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * Every measure as a board token sees it, against the same measure as the hub counts it (the demo
 * cohorts, which have groups of one to four): each count is the counted one rounded to base 5, every
 * rate, cost and average is worked out from rounded counts, and no figure a board sees is a count
 * from 1 to 4 or gives one by a sum or difference (every count seen is a multiple of 5).
 */
let t: TestHub;
let board: Caller;
const PARTNERSHIPS = ['thurrock', 'barnet', 'norfolk-suffolk', 'west-midlands'];
const MEMBER_GROUPINGS = ['NONE', 'PARTNERSHIP', 'AREA', 'LOCAL_AUTHORITY', 'GENDER', 'AGE_BAND', 'ETHNICITY', 'STATUTORY_STATUS'];
/** Snapshot dates and windows for each cohort. */
const DATES: Record<string, string[]> = { thurrock: ['2012-06-30', '2012-09-30'], barnet: ['2014-09-30', '2014-10-31'], 'norfolk-suffolk': ['2014-03-31', '2014-09-30'] };

beforeAll(async () => {
  t = await startTestHub();
  board = (await t.token('BOARD', PARTNERSHIPS)).caller;
});
afterAll(() => t.close());

type Row = Record<string, any>;
const round5 = (n: number) => Math.round(n / 5) * 5;
const counted = async (query: string, variables: Row = {}) => dataOf(await t.gql(query, variables));
const seenByBoard = async (query: string, variables: Row = {}) => dataOf(await t.gql(query, variables, board));
/** The counts a board sees: each a multiple of 5, so no sum or difference of them is a count from 1 to 4. */
const seen: number[] = [];
const note = (...values: (number | null)[]) => seen.push(...values.filter((v): v is number => v !== null));
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((10_000 * part) / whole) / 100);

afterAll(() => {
  expect(seen.length).toBeGreaterThan(500);
  expect(seen.filter((n) => n % 5 !== 0)).toEqual([]);
});

describe('cohort snapshot, as a board sees it', () => {
  const SNAPSHOT = `query ($p: String!, $d: String!, $from: String, $g: CohortGrouping) {
    cohortSnapshot(partnership: $p, date: $d, periodStart: $from, groupBy: $g) { date periodStart ${'total red amber green inPrison unreviewed added removed reoffended'} groups { group total red amber green inPrison unreviewed added removed reoffended } } }`;
  const COUNTS = ['total', 'red', 'amber', 'green', 'inPrison', 'unreviewed', 'added', 'removed', 'reoffended'];
  const rounded = (row: Row) => ({ ...row, ...Object.fromEntries(COUNTS.map((k) => [k, round5(row[k])])) });

  it('every count rounded to base 5, the whole cohort and each group on its own; no group that rounds to nothing', async () => {
    let small = 0;
    for (const [p, dates] of Object.entries(DATES))
      for (const d of dates)
        for (const g of MEMBER_GROUPINGS.filter((g) => g !== 'NONE')) {
          const exact = (await counted(SNAPSHOT, { p, d, g })).cohortSnapshot;
          const shown = (await seenByBoard(SNAPSHOT, { p, d, g })).cohortSnapshot;
          small += exact.groups.filter((row: Row) => COUNTS.some((k) => row[k] > 0 && row[k] < 5)).length;
          const { groups, ...overall } = rounded(exact);
          expect(shown).toEqual({ ...overall, groups: groups.map(rounded).filter((row: Row) => row.total + row.removed > 0) });
          for (const row of [shown, ...shown.groups]) note(...COUNTS.map((k) => row[k]));
        }
    expect(small, 'the demo cohorts have groups of 1 to 4').toBeGreaterThan(20);
  });

  it('Thurrock at 30 September 2012: 50 on the scheme, 15 red, 15 amber, 5 green, 15 in prison; 5 added, 0 removed, 10 reoffended', async () => {
    expect((await seenByBoard(SNAPSHOT, { p: 'thurrock', d: '2012-09-30' })).cohortSnapshot).toMatchObject({
      total: 50, red: 15, amber: 15, green: 5, inPrison: 15, added: 5, removed: 0, reoffended: 10,
    });
  });

  it('dates and periods taken to the last month end on or before them, as the answer says', async () => {
    const midMonth = (await seenByBoard(SNAPSHOT, { p: 'thurrock', d: '2012-09-29', from: '2012-07-15', g: 'GENDER' })).cohortSnapshot;
    expect(midMonth).toEqual((await seenByBoard(SNAPSHOT, { p: 'thurrock', d: '2012-08-31', from: '2012-06-30', g: 'GENDER' })).cohortSnapshot);
    expect(midMonth).toMatchObject({ date: '2012-08-31', periodStart: '2012-06-30' });
    const refused = await t.gql(SNAPSHOT, { p: 'thurrock', d: '2012-09-29', from: '2012-09-02' }, board);
    expect(refused.errors?.[0].message).toMatch(/^date: figures for this token run from month end to month end/);
  });
});

describe('reoffending rates, as a board sees it', () => {
  const RATES = `query ($p: [String!], $from: String!, $to: String!, $g: CohortGrouping) {
    reoffendingRates(partnerships: $p, from: $from, to: $to, groupBy: $g) { from to rows { group members reoffenders offences offencesWithoutUnitCost binaryRate frequencyPer100 perReoffender cost } } }`;
  const WINDOWS = [['2013-09-30', '2014-09-30'], ['2014-03-31', '2014-09-30'], ['2011-09-30', '2012-09-30']];
  const COUNTS = ['members', 'reoffenders', 'offences', 'offencesWithoutUnitCost'];

  it('counts rounded to base 5, rates from the rounded counts, for every grouping and window', async () => {
    for (const [from, to] of WINDOWS)
      for (const g of [...MEMBER_GROUPINGS, 'OFFENCE_GROUP']) {
        const exact = (await counted(RATES, { p: Object.keys(DATES), from, to, g })).reoffendingRates.rows;
        const shown = (await seenByBoard(RATES, { p: Object.keys(DATES), from, to, g })).reoffendingRates.rows;
        const presence = g === 'OFFENCE_GROUP' ? 'offences' : 'members';
        const expected = exact.filter((row: Row) => round5(row[presence]) > 0).map((row: Row) => {
          const [members, reoffenders, offences] = [row.members, row.reoffenders, row.offences].map(round5);
          return {
            group: row.group, members, reoffenders, offences, offencesWithoutUnitCost: round5(row.offencesWithoutUnitCost), binaryRate: rate(reoffenders, members),
            frequencyPer100: rate(offences, members), perReoffender: reoffenders === 0 ? null : Math.round((100 * offences) / reoffenders) / 100,
          };
        });
        expect(shown.map(({ cost, ...row }: Row) => row)).toEqual(expected);
        for (const row of shown) note(...COUNTS.map((k) => row[k]));
      }
  });

  it('a cost of rounded counts: an offence group\'s cost ÷ its unit cost is its rounded offences, and the whole is the sum of the groups', async () => {
    const units = new Map<string, number>((await counted('{ unitCostsOfCrime { banding cost } }')).unitCostsOfCrime.map((u: Row) => [u.banding, u.cost]));
    for (const [from, to] of WINDOWS) {
      const byGroup = (await seenByBoard(RATES, { p: ['norfolk-suffolk'], from, to, g: 'OFFENCE_GROUP' })).reoffendingRates.rows;
      for (const row of byGroup) {
        note(row.cost / units.get(row.group)!);
        expect(row.cost).toBe(row.offences * units.get(row.group)!);
      }
      // Each banding has its own unit cost, so the whole cohort's cost is the sum of the banding rows'.
      const [whole] = (await seenByBoard(RATES, { p: ['norfolk-suffolk'], from, to, g: 'NONE' })).reoffendingRates.rows;
      expect(whole.cost).toBeCloseTo(byGroup.reduce((sum: number, row: Row) => sum + row.cost, 0), 2);
    }
  });
});

describe('priority crime rate, as a board sees it', () => {
  const RATE = 'query ($p: String!, $from: String!, $to: String!) { priorityCrimeRate(partnership: $p, from: $from, to: $to) { month preRate liveRate percentChange preMembers liveMembers source reference } }';
  const SPANS: Row[] = [{ p: 'thurrock', from: '2012-01', to: '2012-09' }, { p: 'barnet', from: '2013-11', to: '2014-10' }, { p: 'norfolk-suffolk', from: '2013-09', to: '2014-08' }];

  it('members rounded to base 5, rates of rounded offences over rounded members, published months as printed', async () => {
    for (const span of SPANS) {
      const exact = (await counted(RATE, span)).priorityCrimeRate;
      const shown = (await seenByBoard(RATE, span)).priorityCrimeRate;
      expect(shown.filter((r: Row) => r.source === 'published')).toEqual(exact.filter((r: Row) => r.source === 'published'));
      const computed = exact.filter((r: Row) => r.source === 'computed' && round5(r.preMembers) + round5(r.liveMembers) > 0);
      expect(shown.filter((r: Row) => r.source === 'computed').map((r: Row) => [r.month, r.preMembers, r.liveMembers])).toEqual(
        computed.map((r: Row) => [r.month, round5(r.preMembers), round5(r.liveMembers)]));
      for (const row of shown.filter((r: Row) => r.source === 'computed')) {
        note(row.preMembers, row.liveMembers);
        // rate × members gives back offences rounded to base 5 (within the rate's two decimals).
        for (const [r, m] of [[row.preRate, row.preMembers], [row.liveRate, row.liveMembers]]) if (r !== null) expect(Math.abs(r * m - round5(r * m))).toBeLessThanOrEqual(0.005 * m + 1e-9);
      }
    }
  });
});

describe('cost of crime, as a board sees it', () => {
  const COST = 'query ($p: String!, $asOf: String) { costOfCrime(partnership: $p, asOf: $asOf) { group members before during after duringPerMember duringPerMemberYear offencesWithoutUnitCost source reference } }';

  it('members rounded, costs of rounded counts, nothing per member-year, no group of 1 or 2; published rows as printed', async () => {
    for (const [p, dates] of Object.entries(DATES))
      for (const asOf of dates) {
        const exact = (await counted(COST, { p, asOf })).costOfCrime;
        const shown = (await seenByBoard(COST, { p, asOf })).costOfCrime;
        expect(shown.filter((r: Row) => r.source === 'published')).toEqual(exact.filter((r: Row) => r.source === 'published'));
        const computed = shown.filter((r: Row) => r.source === 'computed');
        expect(computed.map((r: Row) => [r.group, r.members])).toEqual(exact.filter((r: Row) => r.source === 'computed' && round5(r.members) > 0).map((r: Row) => [r.group, round5(r.members)]));
        for (const row of computed) {
          note(row.members, row.offencesWithoutUnitCost);
          expect(row.duringPerMemberYear).toBeNull();
          expect(row.duringPerMember).toBe(Math.round((100 * row.during) / row.members) / 100);
          // Unit costs are whole multiples of £50, so a cost of counts rounded to base 5 is a multiple of £250.
          for (const cost of [row.before, row.during, row.after]) if (cost !== null) expect(cost % 250).toBe(0);
        }
      }
  });

  it('as at the month end on or before the date asked for', async () => {
    const shown = (await seenByBoard(COST, { p: 'barnet', asOf: '2014-10-30' })).costOfCrime;
    expect(shown.find((r: Row) => r.source === 'computed').reference).toMatch(/as at 2014-09-30$/);
  });
});

describe('capacity and value for money, as a board sees them', () => {
  it('capacity: members and each standard\'s nominals rounded to base 5, the FTE needed for the rounded nominals', async () => {
    const CAPACITY = '{ capacity(partnership: "barnet", date: "2014-10-31", staff: [{ grade: "Police officer", fte: 1 }]) { members rows { grade caseload nominals perNominals standardFte fteNeeded nominalsPerFte } } }';
    const exact = (await counted(CAPACITY)).capacity;
    const shown = (await seenByBoard(CAPACITY)).capacity;
    expect(shown.members).toBe(round5(exact.members));
    expect(shown.rows.map((r: Row) => r.nominals)).toEqual(exact.rows.map((r: Row) => round5(r.nominals)));
    for (const row of shown.rows) {
      note(row.nominals);
      expect(row.fteNeeded).toBe(Math.ceil((row.nominals * row.standardFte * 100) / row.perNominals) / 100);
    }
    note(shown.members);
  });

  it('value for money: managed and offences rounded, the cost per managed offender and the average offence cost from them', async () => {
    const VFM = '{ valueForMoney(partnership: "norfolk-suffolk", financialYear: "2014/15") { runningCost managed costPerManagedOffender offences averageOffenceCost breakEvenOffences } }';
    const exact = (await counted(VFM)).valueForMoney;
    const shown = (await seenByBoard(VFM)).valueForMoney;
    expect(shown.runningCost).toBe(exact.runningCost);
    expect(shown.managed).toBe(round5(exact.managed));
    expect(shown.costPerManagedOffender).toBe(Math.round((100 * shown.runningCost) / shown.managed) / 100);
    note(shown.managed, shown.offences);
    // average × offences is a cost of counts rounded to base 5: a multiple of £250, to within the average's pennies.
    const cost = shown.averageOffenceCost * shown.offences;
    expect(Math.abs(cost - Math.round(cost / 250) * 250)).toBeLessThan(0.01 * shown.offences);
  });
});

describe('reoffending comparison, as a board sees it', () => {
  it('the published cohorts rounded to base 5, rates and ranks as printed', async () => {
    const COMPARISON = '{ reoffendingComparison(partnership: "west-midlands") { localAuthority cohortSize actualRate differencePercent rankByDifference rankByActual } }';
    const exact = (await counted(COMPARISON)).reoffendingComparison;
    const shown = (await seenByBoard(COMPARISON)).reoffendingComparison;
    expect(shown).toEqual(exact.map((r: Row) => ({ ...r, cohortSize: round5(r.cohortSize) })));
    note(...shown.map((r: Row) => r.cohortSize));
  });
});
