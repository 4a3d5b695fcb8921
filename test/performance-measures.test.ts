import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthsBefore, monthsBetween } from '../server/calendar/months.js';
import { monthBounds } from '../server/performance/priority-crime-rate/priority-crime-rate.js';
import { roundHalfAway } from '../server/performance/rounding.js';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * A hand-made cohort of seven, small enough to work every measure out by hand. Snapshot date
 * 2020-03-31; the period is (2019-12-31, 2020-03-31]. Unit costs: the demo table
 * (Burglary Dwelling £3,000, Theft from Motor Vehicle £850, Robbery £7,000, Theft of Motor Vehicle £4,000).
 *
 *   A  male    on 2019-06-01 →          reviews GREEN 06-05, RED 2020-03-15; offences 28A 2018-09-01, 45 2019-02-01 (before joining), 34B 2020-01-10 (proven 02-01)
 *   B  male    on 2019-11-01 →          reviews AMBER 11-05, GREEN 2020-04-02 (after the date); offences 45 2019-05-01 (before), 28A 2020-03-20 (proven only 04-10)
 *   C  female  on 2020-01-15 →          no review; offence 45 2020-01-05 (before joining, proven 01-20)
 *   D  male    on 2019-05-01 → 2020-02-01 (died); review IN_PRISON 2019-12-01; offences 28A 2020-01-02 (proven 01-10), 48 2020-02-15 (after, proven 03-01)
 *   E  female  on 2020-02-01 → 2020-03-01 (moved away)
 *   F  male    on 2019-01-01 → 2019-12-31 (offence-free year)
 *   G  female  on 2020-03-31 →          review GREEN 2020-03-31
 */
const nominal = (reference: string, gender: string) => ({ reference, gender, ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'NON_STATUTORY' });
const offence = (crimSec3Code: string, offenceDate: string, outcomeDate: string) => ({ crimSec3Code, offenceDate, outcome: 'CONVICTION', outcomeDate });
const RECORDS = [
  { nominal: nominal('A', 'MALE'), membership: { agreementSignedDate: '2019-06-01', reviews: [{ reviewDate: '2019-06-05', status: 'GREEN' }, { reviewDate: '2020-03-15', status: 'RED' }] },
    offences: [offence('28A', '2018-09-01', '2018-10-01'), offence('45', '2019-02-01', '2019-03-01'), offence('34B', '2020-01-10', '2020-02-01')] },
  { nominal: nominal('B', 'MALE'), membership: { agreementSignedDate: '2019-11-01', reviews: [{ reviewDate: '2019-11-05', status: 'AMBER' }, { reviewDate: '2020-04-02', status: 'GREEN' }] },
    offences: [offence('45', '2019-05-01', '2019-06-01'), offence('28A', '2020-03-20', '2020-04-10')] },
  { nominal: nominal('C', 'FEMALE'), membership: { agreementSignedDate: '2020-01-15', reviews: [] }, offences: [offence('45', '2020-01-05', '2020-01-20')] },
  { nominal: nominal('D', 'MALE'), membership: { agreementSignedDate: '2019-05-01', reviews: [{ reviewDate: '2019-12-01', status: 'IN_PRISON' }], deselection: { endDate: '2020-02-01', reason: 'DIED' } },
    offences: [offence('28A', '2020-01-02', '2020-01-10'), offence('48', '2020-02-15', '2020-03-01')] },
  { nominal: nominal('E', 'FEMALE'), membership: { agreementSignedDate: '2020-02-01', reviews: [], deselection: { endDate: '2020-03-01', reason: 'MOVED_OUT_OF_AREA' } }, offences: [] },
  { nominal: nominal('F', 'MALE'), membership: { agreementSignedDate: '2019-01-01', reviews: [], deselection: { endDate: '2019-12-31', reason: 'OFFENCE_FREE_YEAR' } }, offences: [] },
  { nominal: nominal('G', 'FEMALE'), membership: { agreementSignedDate: '2020-03-31', reviews: [{ reviewDate: '2020-03-31', status: 'GREEN' }] }, offences: [] },
];

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  dataOf(await t.gql('mutation { addPartnership(input: { code: "hand", name: "Hand-made cohort" }) { code } }'));
  const imported = dataOf(await t.gql('mutation($records: [CohortRecordInput!]!) { importCohortRecords(partnership: "hand", records: $records) }', { records: RECORDS }));
  expect(imported.importCohortRecords).toBe(7);
});
afterAll(() => t.close());

const SNAPSHOT = 'total red amber green inPrison unreviewed added removed reoffended';

describe('cohort snapshot v1 on the hand-made cohort', () => {
  it('counts A, B, C and G on the scheme; C, E and G added; D and E removed; only A reoffended', async () => {
    // On at 03-31: A (RED), B (AMBER: the GREEN review is after the date), C (no review), G (GREEN, started that day).
    // Added in the period: C, E, G. Removed: D, E (F left on 2019-12-31, the day the period starts after).
    // Reoffended: A. Not B (proven after the date), not C (offence before joining), not D (not on the scheme at the date).
    const { cohortSnapshot } = dataOf(await t.gql(`{ cohortSnapshot(partnership: "hand", date: "2020-03-31") { ${SNAPSHOT} periodStart } }`));
    expect(cohortSnapshot).toEqual({ total: 4, red: 1, amber: 1, green: 1, inPrison: 0, unreviewed: 1, added: 3, removed: 2, reoffended: 1, periodStart: '2019-12-31' });
  });

  it('breaks the counts down by gender', async () => {
    const { cohortSnapshot } = dataOf(await t.gql(`{ cohortSnapshot(partnership: "hand", date: "2020-03-31", groupBy: GENDER) { groups { group ${SNAPSHOT} } } }`));
    expect(cohortSnapshot.groups).toEqual([
      { group: 'FEMALE', total: 2, red: 0, amber: 0, green: 1, inPrison: 0, unreviewed: 1, added: 3, removed: 1, reoffended: 0 },
      { group: 'MALE', total: 2, red: 1, amber: 1, green: 0, inPrison: 0, unreviewed: 0, added: 0, removed: 1, reoffended: 1 },
    ]);
  });

  it('suppresses counts from 1 to 4 when asked, and shows 0', async () => {
    const { cohortSnapshot } = dataOf(await t.gql(`{ cohortSnapshot(partnership: "hand", date: "2020-03-31", suppressUnder: 5) { ${SNAPSHOT} } }`));
    expect(cohortSnapshot).toEqual({ total: null, red: null, amber: null, green: null, inPrison: 0, unreviewed: null, added: null, removed: null, reoffended: null });
  });

  it('takes another period start, and says where a date is wrong', async () => {
    // Period (2020-02-29, 2020-03-31]: added G only (E started 02-01); removed E (03-01).
    const { cohortSnapshot } = dataOf(await t.gql('{ cohortSnapshot(partnership: "hand", date: "2020-03-31", periodStart: "2020-02-29") { added removed } }'));
    expect(cohortSnapshot).toEqual({ added: 1, removed: 1 });
    expect(errorOf(await t.gql('{ cohortSnapshot(partnership: "hand", date: "2020-02-30") { total } }')).message).toBe('date: "2020-02-30" is not a date; write it as YYYY-MM-DD.');
    expect(errorOf(await t.gql('{ cohortSnapshot(partnership: "nowhere", date: "2020-03-31") { total } }')).message).toBe('partnership: there is no partnership "nowhere".');
  });
});

describe('priority crime rate v1 on the hand-made cohort, March 2020', () => {
  it('pre = 4 offences before joining over the 7 who joined in 24 months (0.57); live = 4 offences in 12 months over the 4 on the scheme (1.00); +75%', async () => {
    // Pre: A 2 (2018-09-01, 2019-02-01), B 1 (2019-05-01), C 1 (2020-01-05); D, E, F, G none → 4 / 7.
    // Live (offences dated 2019-04-01 … 2020-03-31): A 1 (2020-01-10), B 2 (2019-05-01, 2020-03-20), C 1 (2020-01-05), G 0 → 4 / 4.
    const { priorityCrimeRate } = dataOf(await t.gql('{ priorityCrimeRate(partnership: "hand", from: "2020-03", to: "2020-03") { month preRate liveRate percentChange preMembers liveMembers source reference } }'));
    expect(priorityCrimeRate).toEqual([{ month: '2020-03', preRate: 0.57, liveRate: 1, percentChange: 75, preMembers: 7, liveMembers: 4, source: 'computed', reference: 'priority crime rate v1' }]);
  });
});

/**
 * Spells and offences on the edges of the months: joining on 29 February, leaving on the first or
 * the last day of a month, leaving in the month of joining, offences on a month's last day, a
 * non-priority offence (8N), a relevant banding and an area. Every month from 2014-06 to 2019-12 is
 * worked out here from the records by the definition, one member and one offence at a time.
 */
describe('priority crime rate v1 on the edges of the months', () => {
  type Edge = { ref: string; area: string; start: string; end?: string; banding?: string; offences: [string, string][] };
  const BANDING: Record<string, string> = { '28A': 'Burglary Dwelling', '45': 'Theft from Motor Vehicle', '8N': 'none' };
  const EDGES: Edge[] = [
    { ref: 'P', area: 'North', start: '2016-02-29', banding: 'Burglary Dwelling', offences: [['28A', '2015-06-01'], ['45', '2016-02-29'], ['28A', '2017-02-28'], ['8N', '2017-01-01']] },
    { ref: 'Q', area: 'North', start: '2017-01-31', end: '2017-03-01', offences: [['28A', '2016-03-01'], ['28A', '2017-02-28'], ['45', '2017-03-01']] },
    { ref: 'R', area: 'South', start: '2017-05-15', end: '2017-05-20', offences: [['45', '2017-05-16'], ['45', '2016-05-15']] },
    { ref: 'S', area: 'South', start: '2015-12-31', end: '2018-12-31', banding: 'Theft from Motor Vehicle',
      offences: [['45', '2014-12-31'], ['28A', '2014-12-30'], ['28A', '2017-12-31'], ['45', '2018-01-01'], ['28A', '2018-12-31'], ['45', '2018-11-30']] },
    { ref: 'T', area: 'North', start: '2018-03-01', offences: [['45', '2017-03-01'], ['45', '2017-02-28'], ['28A', '2019-02-28'], ['28A', '2019-03-01']] },
  ];
  const FROM = '2014-06';
  const TO = '2019-12';

  beforeAll(async () => {
    dataOf(await t.gql('mutation { addPartnership(input: { code: "edges", name: "Month edges" }) { code } }'));
    const records = EDGES.map((e) => ({
      nominal: { ...nominal(e.ref, 'MALE'), localAuthority: e.area },
      membership: { agreementSignedDate: e.start, reviews: [], ...(e.banding ? { relevantBanding: e.banding } : {}), ...(e.end ? { deselection: { endDate: e.end, reason: 'MOVED_OUT_OF_AREA' } } : {}) },
      offences: e.offences.map(([code, date]) => offence(code, date, date)),
    }));
    expect(dataOf(await t.gql('mutation($records: [CohortRecordInput!]!) { importCohortRecords(partnership: "edges", records: $records) }', { records })).importCohortRecords).toBe(EDGES.length);
  });

  /** Each month's counts by the definition, for the members `edges` and their offences that `counts`. */
  function byDefinition(edges: Edge[], counts: (e: Edge, code: string) => boolean) {
    return monthBounds(monthsBetween(FROM, TO)).map(([month, e, e24, e12]) => {
      const joiners = edges.filter((m) => m.start > e24 && m.start <= e);
      const members = edges.filter((m) => m.start <= e && (!m.end || m.end > e));
      const before = joiners.flatMap((m) => m.offences.filter(([code, date]) => counts(m, code) && date >= monthsBefore(m.start, 12) && date < m.start));
      const during = members.flatMap((m) => m.offences.filter(([code, date]) => counts(m, code) && date > e12 && date <= e));
      return { month, preMembers: joiners.length, preOffences: before.length, liveMembers: members.length, liveOffences: during.length };
    }).filter((m) => m.preMembers || m.liveMembers)
      .map(({ month, preMembers, preOffences, liveMembers, liveOffences }) => ({
        month, preMembers, liveMembers, preRate: preMembers ? roundHalfAway(preOffences / preMembers, 2) : null, liveRate: liveMembers ? roundHalfAway(liveOffences / liveMembers, 2) : null,
      }));
  }
  const asked = async (args: string) => (dataOf(await t.gql(`{ priorityCrimeRate(partnership: "edges", from: "${FROM}", to: "${TO}"${args}) { month preMembers liveMembers preRate liveRate source } }`)).priorityCrimeRate as { source: string }[])
    .map(({ source, ...row }) => { expect(source).toBe('computed'); return row; });
  const isPriority = (code: string) => code !== '8N';

  it('every month equals the definition worked out member by member', async () => {
    const expected = byDefinition(EDGES, (_, code) => isPriority(code));
    expect(expected.length).toBeGreaterThan(40);
    expect(await asked('')).toEqual(expected);
  });

  it('by area, and counting only each member\'s relevant banding', async () => {
    expect(await asked(', area: "South"')).toEqual(byDefinition(EDGES.filter((e) => e.area === 'South'), (_, code) => isPriority(code)));
    expect(await asked(', method: MOST_RELEVANT_OFFENCE')).toEqual(byDefinition(EDGES.filter((e) => e.banding), (e, code) => BANDING[code] === e.banding));
  });
});

describe('reoffending rates v1 on the hand-made cohort, (2019-12-31, 2020-03-31]', () => {
  // Members in the window: A, B, C, D, E, G (F left on 2019-12-31). Proven offences while on the scheme:
  // A 34B (Robbery, £7,000) and D 28A (Burglary Dwelling, £3,000). Not B (proven after), not C (before joining), not D's after leaving.
  it('by partnership: 2 of 6 reoffended (33.33%), 33.33 offences per 100, 1 per reoffender, £10,000', async () => {
    const { reoffendingRates } = dataOf(await t.gql(`{ reoffendingRates(partnerships: ["hand"], from: "2019-12-31", to: "2020-03-31") {
      unitCostTable rows { group members reoffenders offences binaryRate frequencyPer100 perReoffender cost offencesWithoutUnitCost } } }`));
    expect(reoffendingRates.unitCostTable).toBe('demo-illustrative-1');
    expect(reoffendingRates.rows).toEqual([{ group: 'hand', members: 6, reoffenders: 2, offences: 2, binaryRate: 33.33, frequencyPer100: 33.33, perReoffender: 1, cost: 10_000, offencesWithoutUnitCost: 0 }]);
  });

  it('by gender and by offence group', async () => {
    const { byGender, byGroup } = dataOf(await t.gql(`{
      byGender: reoffendingRates(partnerships: ["hand"], from: "2019-12-31", to: "2020-03-31", groupBy: GENDER) { rows { group members reoffenders binaryRate cost } }
      byGroup: reoffendingRates(partnerships: ["hand"], from: "2019-12-31", to: "2020-03-31", groupBy: OFFENCE_GROUP) { rows { group members reoffenders offences binaryRate cost } } }`));
    expect(byGender.rows).toEqual([
      { group: 'FEMALE', members: 3, reoffenders: 0, binaryRate: 0, cost: 0 },
      { group: 'MALE', members: 3, reoffenders: 2, binaryRate: 66.67, cost: 10_000 },
    ]);
    expect(byGroup.rows).toEqual([
      { group: 'Burglary Dwelling', members: 6, reoffenders: 1, offences: 1, binaryRate: 16.67, cost: 3_000 },
      { group: 'Robbery', members: 6, reoffenders: 1, offences: 1, binaryRate: 16.67, cost: 7_000 },
    ]);
  });

  it('hides rates built on counts under the threshold', async () => {
    const { reoffendingRates } = dataOf(await t.gql('{ reoffendingRates(partnerships: ["hand"], from: "2019-12-31", to: "2020-03-31", suppressUnder: 5) { rows { members reoffenders binaryRate } } }'));
    expect(reoffendingRates.rows).toEqual([{ members: 6, reoffenders: null, binaryRate: null }]);
  });
});

describe('cost of crime v1 on the hand-made cohort, as at 2020-03-31', () => {
  it('Current (A, B, C, G): before £5,550, during £7,000; Removed (D, E, F): during £3,000, after £4,000', async () => {
    // Before (24 months before joining): A £3,000 + £850, B £850, C £850. During: A £7,000 (B's is proven after the date).
    // Removed: D £3,000 during, £4,000 after leaving. Member-days on the scheme, current: 304 + 151 + 76 + 0 = 531.
    const { costOfCrime } = dataOf(await t.gql('{ costOfCrime(partnership: "hand", asOf: "2020-03-31") { group members before during after duringPerMember duringPerMemberYear source } }'));
    expect(costOfCrime.map(({ duringPerMemberYear, ...row }: any) => row)).toEqual([
      { group: 'Current', members: 4, before: 5_550, during: 7_000, after: null, duringPerMember: 1_750, source: 'computed' },
      { group: 'Removed', members: 3, before: 0, during: 3_000, after: 4_000, duringPerMember: 1_000, source: 'computed' },
    ]);
    expect(costOfCrime[0].duringPerMemberYear).toBe(Math.round((7_000 * 100) / (531 / 365.25)) / 100);
  });

  it('as at 2019-12-31: Current (A, B, D) before £4,700; Removed (F, no offences) all £0 and no offence without a unit cost', async () => {
    // Proven by 2019-12-31: A 28A £3,000 and 45 £850, B 45 £850, all in the 24 months before joining.
    const { costOfCrime } = dataOf(await t.gql('{ costOfCrime(partnership: "hand", asOf: "2019-12-31") { group members before during after offencesWithoutUnitCost } }'));
    expect(costOfCrime).toEqual([
      { group: 'Current', members: 3, before: 4_700, during: 0, after: null, offencesWithoutUnitCost: 0 },
      { group: 'Removed', members: 1, before: 0, during: 0, after: 0, offencesWithoutUnitCost: 0 },
    ]);
  });
});

describe('value for money v1 on the hand-made cohort, 2019/20', () => {
  it('£50,000 over 7 managed is £7,142.86 each; offences average £3,116.67, so 17 prevented offences pay for the year', async () => {
    // Managed in 2019/20: all seven spells touch the year. Costed offences dated 2019-04-01 … 2020-03-31:
    // A £7,000; B £850 + £3,000; C £850; D £3,000 + £4,000 → £18,700 over 6 = £3,116.67; ⌈50,000 ÷ 3,116.67⌉ = 17.
    dataOf(await t.gql('mutation { openFinancialYear(label: "2019/20") { label } }'));
    dataOf(await t.gql('mutation { addEstablishmentLine(partnership: "hand", financialYear: "2019/20", line: { grade: "Constable", kind: POST, fte: 1, budget: 50000 }) { id } }'));
    const { valueForMoney } = dataOf(await t.gql(`{ valueForMoney(partnership: "hand", financialYear: "2019/20") {
      runningCost runningCostComplete managed costPerManagedOffender offences averageOffenceCost breakEvenOffences unitCostTable } }`));
    expect(valueForMoney).toEqual({
      runningCost: 50_000, runningCostComplete: true, managed: 7, costPerManagedOffender: 7_142.86, offences: 6, averageOffenceCost: 3_116.67, breakEvenOffences: 17, unitCostTable: 'demo-illustrative-1',
    });
  });
});

/**
 * Reoffending rates by definition on spells and offences at the window's edges, (2019-12-31,
 * 2020-12-31], over two partnerships: offences on the window's first and last day, on a spell's
 * first and last day, proven after the window, before joining, between two spells of one nominal
 * (who left and came back), with no unit cost (8N), not a priority crime (8N, 46); members with
 * several needs or none; a spell that ends on the day the window starts after and one starting on
 * its last day. Every grouping and both offence scopes are worked out here one member and one
 * offence at a time.
 */
describe('reoffending rates v1 by definition at the edges of the window', () => {
  type Edge = { ref: string; partnership: string; gender: 'MALE' | 'FEMALE'; needs: string[]; spells: { start: string; end?: string }[]; offences: [string, string, string][]; reviews?: { reviewDate: string; status: string }[] };
  const FROM = '2019-12-31';
  const TO = '2020-12-31';
  const EDGES: Edge[] = [
    { ref: 'A', partnership: 'redge-a', gender: 'MALE', needs: ['ACCOMMODATION', 'DRUGS'], spells: [{ start: '2019-06-01' }],
      reviews: [{ reviewDate: '2020-05-01', status: 'GREEN' }, { reviewDate: '2020-05-01', status: 'RED' }, { reviewDate: '2020-07-01', status: 'AMBER' }],
      offences: [['28A', '2019-12-31', '2020-01-05'], ['45', '2020-01-01', '2020-01-02'], ['34B', '2020-12-31', '2020-12-31'], ['28A', '2020-06-01', '2021-01-01'], ['8N', '2020-02-02', '2020-03-01'], ['46', '2020-02-03', '2020-03-01']] },
    { ref: 'B', partnership: 'redge-a', gender: 'FEMALE', needs: [], spells: [{ start: '2020-03-01', end: '2020-09-01' }],
      offences: [['45', '2020-03-01', '2020-03-02'], ['28A', '2020-09-01', '2020-09-02'], ['45', '2020-02-28', '2020-03-01'], ['34B', '2020-08-31', '2020-09-30']] },
    { ref: 'C', partnership: 'redge-a', gender: 'MALE', needs: ['DRUGS'], spells: [{ start: '2020-12-31' }], offences: [['45', '2020-12-31', '2020-12-31'], ['28A', '2020-12-30', '2020-12-30']] },
    { ref: 'D', partnership: 'redge-a', gender: 'FEMALE', needs: [], spells: [{ start: '2018-01-01', end: '2019-12-31' }], offences: [['28A', '2019-06-01', '2019-07-01']] },
    { ref: 'E', partnership: 'redge-b', gender: 'MALE', needs: [], spells: [{ start: '2021-01-01' }], offences: [['28A', '2020-06-01', '2020-07-01']] },
    { ref: 'F', partnership: 'redge-b', gender: 'FEMALE', needs: ['ETE'], spells: [{ start: '2019-01-01' }], offences: [] },
    { ref: 'G', partnership: 'redge-b', gender: 'MALE', needs: ['ETE', 'FAMILY'], spells: [{ start: '2019-01-01', end: '2020-03-01' }, { start: '2020-06-01' }],
      offences: [['45', '2020-02-01', '2020-02-10'], ['45', '2020-04-01', '2020-04-10'], ['28A', '2020-07-01', '2020-07-10'], ['8N', '2020-06-01', '2020-06-02'], ['45', '2020-03-01', '2020-03-02']] },
  ];
  let banding: Map<string, { banding: string; priority: boolean }>;
  let unitCost: Map<string, number>;

  beforeAll(async () => {
    for (const code of ['redge-a', 'redge-b']) dataOf(await t.gql(`mutation { addPartnership(input: { code: "${code}", name: "Window edges ${code}" }) { code } }`));
    for (const e of EDGES) {
      const [first] = e.spells;
      const record = {
        nominal: { ...nominal(e.ref, e.gender), needs: e.needs },
        membership: { agreementSignedDate: first.start, reviews: e.reviews ?? [], ...(first.end ? { deselection: { endDate: first.end, reason: 'MOVED_OUT_OF_AREA' } } : {}) },
        offences: e.offences.map(([code, date, proven]) => offence(code, date, proven)),
      };
      expect(dataOf(await t.gql('mutation($p: String!, $records: [CohortRecordInput!]!) { importCohortRecords(partnership: $p, records: $records) }', { p: e.partnership, records: [record] })).importCohortRecords).toBe(1);
      for (const spell of e.spells.slice(1)) {
        const { nominals } = dataOf(await t.gql('query($p: String!, $s: String!) { nominals(partnership: $p, search: $s) { id reference } }', { p: e.partnership, s: e.ref }));
        const id = nominals.find((n: { reference: string }) => n.reference === e.ref).id;
        dataOf(await t.gql('mutation($n: ID!, $d: String!) { startMembership(nominal: $n, input: { agreementSignedDate: $d }) { id } }', { n: id, d: spell.start }));
      }
    }
    const { crimeCategories, unitCostsOfCrime, reoffendingRates } = dataOf(await t.gql(`{ crimeCategories { code banding priority } unitCostsOfCrime { banding cost tableVersion }
      reoffendingRates(partnerships: ["redge-a"], from: "${FROM}", to: "${TO}") { unitCostTable } }`));
    banding = new Map(crimeCategories.map((c: { code: string; banding: string; priority: boolean }) => [c.code, c]));
    unitCost = new Map(unitCostsOfCrime.filter((u: { tableVersion: string }) => u.tableVersion === reoffendingRates.unitCostTable).map((u: { banding: string; cost: number }) => [u.banding, u.cost]));
  });

  /** The rows by the definition: members on the scheme at any time in the window; their offences dated in it while on the scheme, proven by its end. */
  function byDefinition(groupsOf: (e: Edge) => string[], priorityOnly: boolean, offenceGroups = false) {
    const members = EDGES.filter((e) => e.spells.some((s) => s.start <= TO && (!s.end || s.end > FROM)));
    const counted = members.map((e) => ({
      e,
      offences: e.offences.filter(([code, date, proven]) => date > FROM && date <= TO && proven <= TO && (!priorityOnly || banding.get(code)!.priority)
        && e.spells.some((s) => date >= s.start && (!s.end || date < s.end))),
    }));
    const row = (group: string, people: typeof counted, inGroup: (code: string) => boolean, memberCount: number) => {
      const offences = people.flatMap((p) => p.offences.filter(([code]) => inGroup(code)));
      const costs = offences.map(([code]) => unitCost.get(banding.get(code)!.banding));
      return {
        group, members: memberCount, reoffenders: people.filter((p) => p.offences.some(([code]) => inGroup(code))).length, offences: offences.length,
        offencesWithoutUnitCost: costs.filter((c) => c === undefined).length, cost: costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
      };
    };
    if (offenceGroups) {
      const bandings = [...new Set(counted.flatMap((p) => p.offences.map(([code]) => banding.get(code)!.banding)))].sort();
      return bandings.map((b) => row(b, counted, (code) => banding.get(code)!.banding === b, members.length));
    }
    const groups = [...new Set(members.flatMap(groupsOf))].sort();
    return groups.map((g) => { const people = counted.filter((p) => groupsOf(p.e).includes(g)); return row(g, people, () => true, people.length); });
  }
  const asked = async (groupBy: string, scope: string) => (dataOf(await t.gql(`{ reoffendingRates(partnerships: ["redge-a", "redge-b"], from: "${FROM}", to: "${TO}", groupBy: ${groupBy}, offences: ${scope}) {
    rows { group members reoffenders offences offencesWithoutUnitCost cost } } }`)).reoffendingRates.rows as { group: string }[]).sort((a, b) => (a.group < b.group ? -1 : 1));

  it('every grouping and both offence scopes equal the definition worked out offence by offence', async () => {
    const groupings: [string, (e: Edge) => string[]][] = [
      ['NONE', () => ['all']], ['PARTNERSHIP', (e) => [e.partnership]], ['GENDER', (e) => [e.gender]], ['PATHWAY', (e) => (e.needs.length ? e.needs : ['none recorded'])],
    ];
    for (const scope of ['ALL', 'PRIORITY']) {
      for (const [groupBy, groupsOf] of groupings) expect([groupBy, scope, await asked(groupBy, scope)]).toEqual([groupBy, scope, byDefinition(groupsOf, scope === 'PRIORITY')]);
      expect(await asked('OFFENCE_GROUP', scope)).toEqual(byDefinition(() => [], scope === 'PRIORITY', true));
    }
    // The definition itself, by hand: A, B, C, F and G on the scheme; A 45, 34B, 8N, 46; B 45, 34B; C 45; G 45 (first spell), 28A, 8N (second).
    expect(byDefinition(() => ['all'], false)).toEqual([expect.objectContaining({ members: 5, reoffenders: 4, offences: 10, offencesWithoutUnitCost: expect.any(Number) })]);
  });
});

describe('cohort snapshot v1: the whole cohort is the sum of its groups, but by pathway', () => {
  it('each grouping gives the same overall counts as the ungrouped snapshot, on the demo data and at the window edges', async () => {
    const counts = (partnership: string, date: string, groupBy: string) => t.gql(`{ cohortSnapshot(partnership: "${partnership}", date: "${date}", groupBy: ${groupBy}) { ${SNAPSHOT} groups { group ${SNAPSHOT} } } }`).then((r) => dataOf(r).cohortSnapshot);
    for (const [partnership, date] of [['thurrock', '2012-09-30'], ['redge-a', '2020-06-30'], ['redge-b', '2020-12-31']]) {
      const { groups: none, ...overall } = await counts(partnership, date, 'NONE');
      expect(none).toEqual([]);
      expect(overall.total).toBeGreaterThan(0);
      if (partnership === 'redge-a') {
        // On at 06-30: A (two reviews on 05-01, the later recorded RED; AMBER only after the date) and B (no review).
        // Nobody reoffended in (03-31, 06-30]: A's offence of 06-01 was proven only in 2021.
        expect(overall).toEqual({ total: 2, red: 1, amber: 0, green: 0, inPrison: 0, unreviewed: 1, added: 0, removed: 0, reoffended: 0 });
      }
      for (const groupBy of ['AREA', 'LOCAL_AUTHORITY', 'GENDER', 'AGE_BAND', 'ETHNICITY', 'STATUTORY_STATUS', 'PATHWAY']) {
        const { groups, ...grouped } = await counts(partnership, date, groupBy);
        expect([partnership, groupBy, grouped]).toEqual([partnership, groupBy, overall]);
        expect(groups.length).toBeGreaterThan(0);
      }
    }
  });
});
