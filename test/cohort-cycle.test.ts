import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, startTestHub, type TestHub } from './support/hub.js';

/**
 * The cohort as the seed papers describe it, on the demo data: every offence (not only priority
 * crimes), capacity and phased targets, the review cycle, scoring, the new scope rules and needs.
 */
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const gql = async (query: string, variables?: Record<string, unknown>) => dataOf(await t.gql(query, variables));

async function newNominal(partnership: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { addNominal } = await gql('mutation ($p: String!, $x: NominalInput!) { addNominal(partnership: $p, input: $x) { id } }', {
    p: partnership, x: { reference: `CYCLE-${Math.random().toString(36).slice(2, 8)}`, gender: 'MALE', ageBand: '25-34', ethnicity: 'White', statutoryStatus: 'NPS', ...extra },
  });
  return addNominal.id;
}

describe('every offence', () => {
  it('holds the Home Office classification, named and versioned, with the 19 priority codes flagged among the rest', async () => {
    const { crimeClassifications, all, priority } = await gql('{ crimeClassifications { version source } all: crimeCategories { code banding offenceGroup priority classification } priority: crimeCategories(priority: true) { code } }');
    expect(crimeClassifications).toHaveLength(1);
    expect(crimeClassifications[0].source).toMatch(/Home Office/);
    expect(priority).toHaveLength(19);
    expect(all.length).toBeGreaterThan(100);
    expect(all.find((c: any) => c.code === '46')).toEqual({ code: '46', banding: 'Shoplifting', offenceGroup: 'Theft offences', priority: false, classification: crimeClassifications[0].version });
  });

  it('records a shoplifting offence (code 46), which counts under ALL and not under PRIORITY', async () => {
    const nominal = await newNominal('west-midlands');
    await gql('mutation ($n: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2015-01-05" }) { id } }', { n: nominal });
    const { recordOffence } = await gql('mutation ($n: ID!) { recordOffence(nominal: $n, input: { crimSec3Code: "46", offenceDate: "2015-02-01", outcome: CONVICTION, outcomeDate: "2015-02-20" }) { category { code priority } } }', { n: nominal });
    expect(recordOffence.category).toEqual({ code: '46', priority: false });
    const snapshot = (scope: string) => `cohortSnapshot(partnership: "west-midlands", date: "2015-03-31", offences: ${scope}) { total reoffended offenceScope }`;
    const { all, priority } = await gql(`{ all: ${snapshot('ALL')} priority: ${snapshot('PRIORITY')} }`);
    expect(all).toEqual({ total: 1, reoffended: 1, offenceScope: 'ALL' });
    expect(priority).toEqual({ total: 1, reoffended: 0, offenceScope: 'PRIORITY' });
  });
});

describe('every reoffending measure with offences: ALL and PRIORITY, on the demo data', () => {
  it('keeps Thurrock\'s 8 reoffenders under both (each of them committed a priority crime in the quarter)', async () => {
    const { all, priority } = await gql('{ all: cohortSnapshot(partnership: "thurrock", date: "2012-09-30") { total reoffended offenceScope } priority: cohortSnapshot(partnership: "thurrock", date: "2012-09-30", offences: PRIORITY) { total reoffended offenceScope } }');
    expect(all).toEqual({ total: 51, reoffended: 8, offenceScope: 'ALL' });
    expect(priority).toEqual({ total: 51, reoffended: 8, offenceScope: 'PRIORITY' });
  });

  it('cohort snapshot over a year of Norfolk & Suffolk: fewer reoffend with a priority crime than at all', async () => {
    const q = (scope: string) => `cohortSnapshot(partnership: "norfolk-suffolk", date: "2014-10-24", periodStart: "2013-10-24", offences: ${scope}) { reoffended offenceScope }`;
    const { all, priority } = await gql(`{ all: ${q('ALL')} priority: ${q('PRIORITY')} }`);
    expect(all.reoffended).toBeGreaterThan(priority.reoffended);
    expect(priority.reoffended).toBeGreaterThan(0);
  });

  it('reoffending rates: the same members, fewer reoffenders and offences under PRIORITY, and the figures say which', async () => {
    const q = (scope: string) => `reoffendingRates(partnerships: ["norfolk-suffolk"], from: "2013-10-24", to: "2014-10-24", offences: ${scope}) { offenceScope rows { members reoffenders offences offencesWithoutUnitCost } }`;
    const { all, priority } = await gql(`{ all: ${q('ALL')} priority: ${q('PRIORITY')} }`);
    expect([all.offenceScope, priority.offenceScope]).toEqual(['ALL', 'PRIORITY']);
    const [a, p] = [all.rows[0], priority.rows[0]];
    expect(a.members).toBe(p.members);
    expect(a.reoffenders).toBeGreaterThan(p.reoffenders);
    expect(a.offences).toBeGreaterThan(p.offences);
    // The demo's unit costs are for priority bandings only: every offence ALL adds is uncosted.
    expect(a.offencesWithoutUnitCost - p.offencesWithoutUnitCost).toBe(a.offences - p.offences);
  });

  it('cost of crime and value for money: the same pence (only priority bandings have unit costs), the uncosted offences told apart', async () => {
    const cost = (scope: string) => `costOfCrime(partnership: "thurrock", asOf: "2012-09-30", offences: ${scope}) { group before during offencesWithoutUnitCost offenceScope }`;
    const { all, priority } = await gql(`{ all: ${cost('ALL')} priority: ${cost('PRIORITY')} }`);
    expect(all.map((r: any) => [r.group, r.before, r.during])).toEqual(priority.map((r: any) => [r.group, r.before, r.during]));
    expect(all[0].offencesWithoutUnitCost).toBeGreaterThan(0);
    expect(priority.every((r: any) => r.offencesWithoutUnitCost === 0 && r.offenceScope === 'PRIORITY')).toBe(true);
    const vfm = (scope: string) => `valueForMoney(partnership: "norfolk-suffolk", financialYear: "2014/15", offences: ${scope}) { managed offences averageOffenceCost offenceScope }`;
    const { va, vp } = await gql(`{ va: ${vfm('ALL')} vp: ${vfm('PRIORITY')} }`);
    expect(va.offenceScope).toBe('ALL');
    expect(vp).toEqual({ ...va, offenceScope: 'PRIORITY' });
  });
});

describe('capacity and targets', () => {
  it('Barnet: 56 on the scheme at 31 October 2014 against a target of 200 by March 2016, 128 planned by March 2015', async () => {
    const { start, march } = await gql(`{
      start: cohortTargetProgress(partnership: "barnet", date: "2014-10-31") { target targetDate phasedTarget members capacity shortfall nextStepDate nextStepSize }
      march: cohortTargetProgress(partnership: "barnet", date: "2015-03-31") { phasedTarget members shortfall } }`);
    expect(start).toEqual({ target: 200, targetDate: '2016-03-31', phasedTarget: 56, members: 56, capacity: null, shortfall: 0, nextStepDate: '2015-03-31', nextStepSize: 128 });
    expect(march).toEqual({ phasedTarget: 128, members: 56, shortfall: 72 });
  });

  it('Norfolk & Suffolk: staffed for 150 (AP14/73 3.2), in capacity and in target progress', async () => {
    const { capacity, cohortTargetProgress } = await gql(`{
      capacity(partnership: "norfolk-suffolk", date: "2014-10-24") { members cohortCapacity cohortCapacitySource }
      cohortTargetProgress(partnership: "norfolk-suffolk", date: "2014-10-24") { target members capacity capacitySource } }`);
    expect(capacity.cohortCapacity).toBe(150);
    expect(capacity.cohortCapacitySource).toMatch(/AP14\/73.*3\.2/);
    expect(cohortTargetProgress).toMatchObject({ target: null, members: capacity.members, capacity: 150 });
  });

  it('starts a scenario from the stored target: Barnet staffs for 128 in 2014/15 and 200 in 2015/16, and says so', async () => {
    const scenario = (year: string, partnership = 'barnet') => t.gql(`{ scenario(input: { partnership: "${partnership}", financialYear: "${year}", caseload: "CRC",
      pay: [{ grade: "Offender manager", costPerFte: 35000 }, { grade: "Police officer", costPerFte: 45000 }] }) { cohortTarget cohortTargetSource totalFte } }`);
    const first = dataOf(await scenario('2014/15')).scenario;
    expect(first.cohortTarget).toBe(128);
    expect(first.cohortTargetSource).toMatch(/^The stored cohort target from 56 on 2014-10-31: its plan by 2015-03-31 on the way to 200 by 2016-03-31/);
    // CRC: 1.3 offender managers and 1 police officer per 40 nominals, each grade rounded up to a hundredth of an FTE.
    expect(first.totalFte).toBe(Math.ceil((128 * 130) / 40) / 100 + Math.ceil((128 * 100) / 40) / 100);
    expect(dataOf(await scenario('2015/16')).scenario).toMatchObject({ cohortTarget: 200, cohortTargetSource: expect.stringMatching(/its target of 200 by 2016-03-31/) });
    expect(errorOf(await scenario('2013/14')).message).toBe('input.cohortTarget: give a cohort size: barnet has no cohort target set by the end of 2013/14 (2014-03-31).');
  });

  it('refuses a phase outside the plan, listing every problem', async () => {
    const result = await t.gql('mutation { addCohortTarget(partnership: "barnet", target: { baseline: 56, baselineDate: "2014-10-31", target: 200, targetDate: "2016-03-31", phases: [{ date: "2016-04-01", size: 150 }, { date: "2014-02-30", size: -1 }] }) { id } }');
    const problems = (errorOf(result).extensions.problems as { field: string }[]).map((p) => p.field);
    expect(problems).toEqual(expect.arrayContaining(['target.phases[0].date', 'target.phases[1].date', 'target.phases[1].size']));
  });
});

describe('the review cycle', () => {
  it('Thurrock reviews red offenders fortnightly: none is due at the quarter end, all 14 red are due or overdue a fortnight on', async () => {
    const { cadence, atQuarterEnd, later } = await gql(`{
      cadence: reviewCadence(partnership: "thurrock") { status everyDays }
      atQuarterEnd: reviewsDue(partnership: "thurrock", date: "2012-09-30") { reference }
      later: reviewsDue(partnership: "thurrock", date: "2012-10-15") { reference status lastReviewDate dueDate daysOverdue everyDays } }`);
    expect(cadence).toEqual([{ status: 'RED', everyDays: 14 }]);
    expect(atQuarterEnd).toEqual([]);
    expect(later).toHaveLength(14);
    for (const due of later) {
      expect(due).toMatchObject({ status: 'RED', everyDays: 14 });
      expect(Date.parse(due.dueDate) - Date.parse(due.lastReviewDate)).toBe(14 * 86_400_000);
      expect(due.daysOverdue).toBe((Date.parse('2012-10-15') - Date.parse(due.dueDate)) / 86_400_000);
    }
    expect(later.map((d: any) => d.daysOverdue)).toEqual([...later.map((d: any) => d.daysOverdue)].sort((a, b) => b - a));
  });

  it('scores a referral on the matrix, explains it factor by factor, and refuses a value above a factor\'s highest', async () => {
    await gql(`mutation { setScoringMatrix(partnership: "thurrock", matrix: { threshold: 20, factors: [
      { factor: "priorityOffences", label: "Priority offences in the last year", weight: 3, maxValue: 5 },
      { factor: "classADrugs", label: "Class A drug misuse", weight: 5, maxValue: 1 }] }) { threshold } }`);
    const nominal = await newNominal('thurrock');
    const { referNominal } = await gql(`mutation ($n: ID!) { referNominal(nominal: $n, input: { agency: "essex-police", referralDate: "2012-08-01",
      matrixFactors: [{ factor: "priorityOffences", value: 4 }, { factor: "classADrugs", value: 1 }] }) { matrixScore matrix { score threshold meetsThreshold explanation factors { factor points } } } }`, { n: nominal });
    expect(referNominal.matrixScore).toBe(17);
    expect(referNominal.matrix).toMatchObject({ score: 17, threshold: 20, meetsThreshold: false });
    expect(referNominal.matrix.explanation).toBe('Priority offences in the last year 4 × 3 = 12; Class A drug misuse 1 × 5 = 5. Total 17. Below the threshold of 20.');
    const bad = await t.gql('mutation ($n: ID!) { referNominal(nominal: $n, input: { agency: "essex-police", referralDate: "2012-08-01", matrixFactors: [{ factor: "priorityOffences", value: 9 }, { factor: "nope", value: 1 }] }) { id } }', { n: nominal });
    expect((errorOf(bad).extensions.problems as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('puts referrals through NEWLY_SENTENCED and MAPPA_EXCLUSION, saying why', async () => {
    await gql('mutation { setScopeRules(partnership: "barnet", rules: ["NEWLY_SENTENCED", "MAPPA_EXCLUSION"]) }');
    const fresh = await newNominal('barnet');
    await gql('mutation ($n: ID!) { recordOffence(nominal: $n, input: { crimSec3Code: "28A", offenceDate: "2014-06-01", outcome: CONVICTION, outcomeDate: "2014-09-01" }) { id } }', { n: fresh });
    const mappa = await newNominal('barnet', { mappaLevel: 2 });
    const refer = (n: string) => gql('mutation ($n: ID!) { referNominal(nominal: $n, input: { agency: "met-police", referralDate: "2014-10-15" }) { scope { inScope checks { rule passed reason } } } }', { n });
    const a = (await refer(fresh)).referNominal.scope;
    expect(a.inScope).toBe(true);
    const b = (await refer(mappa)).referNominal.scope;
    expect(b.inScope).toBe(false);
    expect(b.checks.find((c: any) => c.rule === 'MAPPA_EXCLUSION')).toMatchObject({ passed: false, reason: expect.stringMatching(/level 2/) });
    expect(b.checks.find((c: any) => c.rule === 'NEWLY_SENTENCED')).toMatchObject({ passed: false });
  });

  it('refuses an offence-free-year de-selection when an offence falls within the year, and changes nothing', async () => {
    const nominal = await newNominal('west-midlands');
    const { startMembership } = await gql('mutation ($n: ID!) { startMembership(nominal: $n, input: { agreementSignedDate: "2011-01-10" }) { id version } }', { n: nominal });
    await gql('mutation ($n: ID!) { recordOffence(nominal: $n, input: { crimSec3Code: "46", offenceDate: "2012-03-01", outcome: CAUTION, outcomeDate: "2012-03-02" }) { id } }', { n: nominal });
    const deselect = (endDate: string) => t.gql('mutation ($m: ID!, $v: Int!, $e: String!) { deselect(membership: $m, expectedVersion: $v, input: { endDate: $e, reason: OFFENCE_FREE_YEAR }) { endDate } }', { m: startMembership.id, v: startMembership.version, e: endDate });
    const refused = errorOf(await deselect('2012-12-01'));
    expect(refused.message).toBe('input.reason: not a year free of offending: an offence is dated within the year before 2012-12-01 (2012-03-01, on or after 2011-12-01).');
    const { nominal: after } = await gql('query ($n: ID!) { nominal(id: $n) { memberships { endDate } } }', { n: nominal });
    expect(after.memberships[0].endDate).toBeNull();
    expect(dataOf(await deselect('2013-03-02')).deselect.endDate).toBe('2013-03-02');
  });
});

describe('needs', () => {
  it('groups Thurrock\'s members by pathway, thinking and behaviour, lifestyle and associates, and alcohol first (paper 5.5)', async () => {
    const { needsBreakdown } = await gql('{ needsBreakdown(partnership: "thurrock", date: "2012-09-30") { members rows { pathway members percentOfMembers rank } } }');
    expect(needsBreakdown.members).toBe(51);
    expect(needsBreakdown.rows.slice(0, 3).map((r: any) => r.pathway)).toEqual(['THINKING_AND_BEHAVIOUR', 'LIFESTYLE_AND_ASSOCIATES', 'ALCOHOL']);
    for (const row of needsBreakdown.rows) if (row.members) expect(row.percentOfMembers).toBe(Math.round((row.members / 51) * 10_000) / 100);
  });

  it('shows a board the needs breakdown and the snapshot by pathway with every count rounded to base 5', async () => {
    const board = (await t.token('BOARD', ['thurrock'])).caller;
    const query = `{
      needsBreakdown(partnership: "thurrock", date: "2012-09-30") { members rows { pathway members percentOfMembers } }
      cohortSnapshot(partnership: "thurrock", date: "2012-09-30", groupBy: PATHWAY) { groups { group total red } } }`;
    const exact = dataOf(await t.gql(query));
    const { needsBreakdown, cohortSnapshot } = dataOf(await t.gql(query, {}, board));
    const round5 = (n: number) => 5 * Math.round(n / 5);
    expect(needsBreakdown.members).toBe(round5(exact.needsBreakdown.members));
    for (const row of needsBreakdown.rows) {
      const counted = exact.needsBreakdown.rows.find((r: any) => r.pathway === row.pathway);
      expect(row.members, row.pathway).toBe(round5(counted.members));
      if (row.members) expect(row.percentOfMembers).toBe(Math.round((row.members / needsBreakdown.members) * 10_000) / 100);
    }
    const counts = cohortSnapshot.groups.flatMap((g: any) => [g.total, g.red]);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n: number) => n % 5 === 0)).toBe(true);
  });
});

describe('imports', () => {
  it('imports a non-priority offence and reports every problem of a bad row, each on its column, writing nothing', async () => {
    const { cohort } = await gql('{ cohort(partnership: "thurrock", first: 1) { nodes { nominal { reference } } } }');
    const known = cohort.nodes[0].nominal.reference;
    const csv = [
      'Nominal reference,Offence reference,CrimSec3 code,Offence date,Outcome,Outcome date',
      `${known},CYCLE-SHOP-1,46,2012-11-01,CONVICTION,2012-11-20`,
      'NO-SUCH-NOMINAL,CYCLE-SHOP-2,99X,2012-11-05,CONVICTION,2012-11-01',
    ].join('\n');
    const run = (dryRun: boolean, body: string) => gql('mutation ($csv: String!, $d: Boolean!) { importRows(kind: "offences", csv: $csv, partnership: "thurrock", dryRun: $d) { rows inserted problemCount problems { row column reason } } }', { csv: body, d: dryRun });
    const { importRows } = await run(false, csv);
    expect(importRows.inserted).toBe(0);
    expect(importRows.problems).toEqual([
      { row: 3, column: 'Nominal reference', reason: 'Thurrock IOM has no nominal "NO-SUCH-NOMINAL" (import the nominals first).' },
      { row: 3, column: 'CrimSec3 code', reason: '"99X" is not a known CrimSec3 code.' },
      { row: 3, column: 'Outcome date', reason: '2012-11-01 is before the offence (2012-11-05).' },
    ]);
    const good = await run(false, csv.split('\n').slice(0, 2).join('\n'));
    expect(good.importRows).toMatchObject({ rows: 1, inserted: 1, problemCount: 0 });
  });

  it('imports published priority crime rates for a new period, updating a month already held, and lists every problem of a bad row', async () => {
    const header = 'Month,Area,Method,Pre-IOM rate,Live IOM rate,% change,Source';
    const csv = [header, '2014-08,Suffolk,MOST_RELEVANT_OFFENCE,1.76,0.96,-46,AP14/73 5.4', '2014-09,Suffolk,MOST_RELEVANT_OFFENCE,1.5,0.9,-40,Suffolk IOM monthly return'].join('\n');
    const run = (body: string) => gql('mutation ($csv: String!) { importRows(kind: "priority-crime-rates", csv: $csv, partnership: "norfolk-suffolk") { inserted updated unchanged problemCount problems { row column reason } } }', { csv: body });
    expect((await run(csv)).importRows).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, problemCount: 0 });
    const { priorityCrimeRate } = await gql('{ priorityCrimeRate(partnership: "norfolk-suffolk", from: "2014-08", to: "2014-09", area: "Suffolk", method: MOST_RELEVANT_OFFENCE) { month source preRate liveRate percentChange reference } }');
    expect(priorityCrimeRate.filter((r: any) => r.source === 'published')).toEqual([
      { month: '2014-08', source: 'published', preRate: 1.76, liveRate: 0.96, percentChange: -46, reference: 'AP14/73 5.4' },
      { month: '2014-09', source: 'published', preRate: 1.5, liveRate: 0.9, percentChange: -40, reference: 'Suffolk IOM monthly return' },
    ]);
    const bad = (await run([header, '2014-13,Suffolk,SOMETHING,1.5,0.9,-40,x'].join('\n'))).importRows;
    expect(bad.problems.map((p: any) => [p.row, p.column])).toEqual([[2, 'Month'], [2, 'Method']]);
  });
});
