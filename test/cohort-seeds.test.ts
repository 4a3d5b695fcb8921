import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

describe('Thurrock (Overview and Scrutiny report, 5.2), computed from the synthetic records', () => {
  it('has 51 on the scheme at 30 September 2012: 14 red, 16 amber, 6 green, 15 in prison; 7 added, 2 removed, 8 reoffended', async () => {
    const { cohortSnapshot } = dataOf(await t.gql(`{ cohortSnapshot(partnership: "thurrock", date: "2012-09-30") {
      total red amber green inPrison unreviewed added removed reoffended periodStart date partnership definition } }`));
    expect(cohortSnapshot).toMatchObject({
      partnership: 'thurrock', date: '2012-09-30', periodStart: '2012-06-30',
      total: 51, red: 14, amber: 16, green: 6, inPrison: 15, unreviewed: 0, added: 7, removed: 2, reoffended: 8,
    });
    expect(cohortSnapshot.definition).toMatch(/^Cohort snapshot v1\./);
  });

  it('had 46 at 30 June (51 − 7 + 2; the paper\'s "increase of 2" does not agree with its own 7 added and 2 removed)', async () => {
    const { cohortSnapshot } = dataOf(await t.gql('{ cohortSnapshot(partnership: "thurrock", date: "2012-06-30") { total } }'));
    expect(cohortSnapshot.total).toBe(46);
  });

  it('lists the same 51 through the cohort list, 14 of them red', async () => {
    const { all, red } = dataOf(await t.gql(`{
      all: cohort(partnership: "thurrock", filter: { activeOn: "2012-09-30" }) { totalCount }
      red: cohort(partnership: "thurrock", filter: { activeOn: "2012-09-30", status: [RED] }) { totalCount nodes { latestReview(asOf: "2012-09-30") { status } } } }`));
    expect(all.totalCount).toBe(51);
    expect(red.totalCount).toBe(14);
    expect(new Set(red.nodes.map((n: any) => n.latestReview.status))).toEqual(new Set(['RED']));
  });
});

describe('Barnet (Pan London model, 5.2–5.3)', () => {
  it('has a current cohort of 56: 22 NPS and 34 CRC', async () => {
    const { cohortSnapshot } = dataOf(await t.gql(`{ cohortSnapshot(partnership: "barnet", date: "2014-10-31", groupBy: STATUTORY_STATUS) { total groups { group total } } }`));
    expect(cohortSnapshot.total).toBe(56);
    expect(cohortSnapshot.groups).toEqual([{ group: 'CRC', total: 34 }, { group: 'NPS', total: 22 }]);
  });

  it('has 35 non-statutory referrals in scope under the ORGS rule, and says why for each', async () => {
    const { referrals } = dataOf(await t.gql(`{ referrals(partnership: "barnet", statutoryStatus: NON_STATUTORY) {
      orgsScore indexOffenceCode decision scope { inScope checks { rule passed reason } } } }`));
    const inScope = referrals.filter((r: any) => r.scope.inScope);
    expect(inScope).toHaveLength(35);
    expect(referrals).toHaveLength(41);
    for (const r of referrals) {
      expect(r.decision).toBe('PENDING');
      expect(r.scope.checks).toHaveLength(1);
      expect(r.scope.checks[0].rule).toBe('PAN_LONDON_ORGS');
      expect(r.scope.checks[0].reason).toContain(`ORGS ${r.orgsScore}%`);
    }
    expect(inScope.filter((r: any) => r.orgsScore >= 75)).toHaveLength(20);
    expect(referrals.filter((r: any) => !r.scope.inScope).map((r: any) => r.scope.checks[0].reason).sort()[0]).toMatch(/below 50%|no robbery or burglary/);
  });

  it('returns the Home Office costing before / during / after as published', async () => {
    const { costOfCrime } = dataOf(await t.gql('{ costOfCrime(partnership: "barnet", asOf: "2014-10-31") { group before during after source reference } }'));
    expect(costOfCrime.filter((r: any) => r.source === 'published').map((r: any) => [r.group, r.before, r.during, r.after])).toEqual([
      ['24 months before', null, null, null],
      ['Current', 3_231_375, 1_968_337, null],
      ['Removed', 2_214_332, 759_522, 222_612],
    ]);
    expect(costOfCrime.find((r: any) => r.source === 'published').reference).toMatch(/Barnet .* 6\.2/);
    expect(costOfCrime.filter((r: any) => r.source === 'computed').map((r: any) => r.group)).toEqual(['Current', 'Removed']);
  });
});

describe('Norfolk & Suffolk 180 (AP14/73)', () => {
  it('has Suffolk\'s cohort of 103 within the capacity of 150 (3.2)', async () => {
    const { cohortSnapshot } = dataOf(await t.gql(`{ cohortSnapshot(partnership: "norfolk-suffolk", date: "2014-10-24", groupBy: LOCAL_AUTHORITY) { total groups { group total } } }`));
    expect(cohortSnapshot.groups.find((g: any) => g.group === 'Suffolk').total).toBe(103);
    expect(cohortSnapshot.total).toBeLessThanOrEqual(150);
  });

  it('declines domestic abuse perpetrators and registered sex offenders, saying why (3.3)', async () => {
    const { referrals } = dataOf(await t.gql('{ referrals(partnership: "norfolk-suffolk", decision: DECLINED) { decision scope { inScope checks { rule passed reason } } } }'));
    expect(referrals).toHaveLength(6);
    expect(referrals.every((r: any) => !r.scope.inScope && r.scope.checks[0].rule === 'NORFOLK_SUFFOLK_EXCLUSIONS')).toBe(true);
    expect(new Set(referrals.map((r: any) => r.scope.checks[0].reason))).toEqual(new Set([
      'Not suitable: a domestic abuse perpetrator.',
      'Not suitable: a registered sex offender.',
      'Not suitable: a domestic abuse perpetrator and a registered sex offender.',
    ]));
  });

  it('holds the CrimSec3 priority-crime table (3.4), 19 codes in 8 bandings', async () => {
    const { crimeCategories } = dataOf(await t.gql('{ crimeCategories(priority: true) { code description banding crimeGroup priority } }'));
    expect(crimeCategories).toHaveLength(19);
    expect(crimeCategories[0]).toEqual({ code: '28', description: 'Burglary in a dwelling', banding: 'Burglary Dwelling', crimeGroup: 'Priority', priority: true });
    expect(crimeCategories.map((c: any) => c.code)).toEqual(['28', '28A', '28B', '28C', '28D', '29', '30', '30A', '30B', '31', '35', '56A', '56B', '10A', '34A', '34B', '45', '37.2', '48']);
    expect(new Set(crimeCategories.map((c: any) => c.banding)).size).toBe(8);
  });

  it('returns Suffolk\'s pre-IOM vs live-IOM rates Sep-13 to Aug-14 as published, percent change as printed', async () => {
    const { priorityCrimeRate } = dataOf(await t.gql(`{ priorityCrimeRate(partnership: "norfolk-suffolk", from: "2013-09", to: "2014-08", area: "Suffolk", method: MOST_RELEVANT_OFFENCE) {
      month preRate liveRate percentChange source reference area method } }`));
    const published = priorityCrimeRate.filter((r: any) => r.source === 'published');
    expect(published.map((r: any) => [r.month, r.preRate, r.liveRate, r.percentChange])).toEqual([
      ['2013-09', 1.43, 1.38, -4], ['2013-10', 1.37, 1.28, -7], ['2013-11', 1.18, 1.21, 3], ['2013-12', 1.13, 1.2, 7],
      ['2014-01', 1.34, 1.1, -18], ['2014-02', 1.42, 1.18, -17], ['2014-03', 1.3, 1.18, -9], ['2014-04', 1.25, 1.04, -17],
      ['2014-05', 1.1, 0.98, -11], ['2014-06', 1.16, 0.98, -16], ['2014-07', 1.13, 1, -11], ['2014-08', 1.76, 0.96, -46],
    ]);
    expect(published[0].reference).toMatch(/AP14\/73.*, 5\.4 \(Suffolk cohort\)/);
    // Beside each published month, the hub's own figure from the synthetic records.
    expect(priorityCrimeRate.filter((r: any) => r.source === 'computed').map((r: any) => r.month)).toEqual(published.map((r: any) => r.month));
    // Like with like: every row is Suffolk's, counted by the most relevant offence.
    expect(new Set(priorityCrimeRate.map((r: any) => `${r.area} ${r.method}`))).toEqual(new Set(['Suffolk MOST_RELEVANT_OFFENCE']));
  });

  it('compares the published series only with a computed one of the same area and method', async () => {
    const series = async (args: string) => dataOf(await t.gql(`{ priorityCrimeRate(partnership: "norfolk-suffolk", from: "2013-09", to: "2014-08"${args}) { month source preRate liveRate area method } }`)).priorityCrimeRate;
    const whole = await series('');
    const suffolkAll = await series(', area: "Suffolk"');
    const suffolkRelevant = await series(', area: "Suffolk", method: MOST_RELEVANT_OFFENCE');
    for (const rows of [whole, suffolkAll]) {
      expect(rows.filter((r: any) => r.source === 'published')).toEqual([]);
      expect(rows.filter((r: any) => r.source === 'computed')).toHaveLength(12);
    }
    expect(whole[0]).toMatchObject({ area: null, method: 'ALL_PRIORITY_OFFENCES' });
    expect(suffolkAll[0]).toMatchObject({ area: 'Suffolk', method: 'ALL_PRIORITY_OFFENCES' });
    // One banding per member is another measure: its computed figures differ from every priority offence's for the same area.
    const computed = (rows: any[]) => rows.filter((r) => r.source === 'computed');
    expect(computed(suffolkRelevant).map((r: any) => r.liveRate)).not.toEqual(computed(suffolkAll).map((r: any) => r.liveRate));
  });
});

describe('West Midlands (table one, 39–40)', () => {
  it('returns the 27 rows as published, ranked within the loaded set', async () => {
    const { reoffendingComparison } = dataOf(await t.gql(`{ reoffendingComparison(partnership: "west-midlands") {
      localAuthority force cohortSize actualRate predictedRate differencePercent rankByDifference rankByActual publishedRankByDifference publishedRankByActual note source } }`));
    expect(reoffendingComparison).toHaveLength(27);
    expect(reoffendingComparison[0]).toEqual({
      localAuthority: 'Sandwell', force: 'West Midlands', cohortSize: 4575, actualRate: 5.38, predictedRate: 7.23, differencePercent: -25.66,
      rankByDifference: 1, rankByActual: 1, publishedRankByDifference: 1, publishedRankByActual: 1, note: null, source: 'published',
    });
    expect(reoffendingComparison.at(-1)).toMatchObject({ localAuthority: 'Tameside', force: 'Greater Manchester', cohortSize: 2534, actualRate: 10.38, predictedRate: 9.62, differencePercent: 7.87, publishedRankByDifference: 148, publishedRankByActual: 134 });
    const blank = reoffendingComparison.find((r: any) => r.localAuthority === null);
    expect(blank).toMatchObject({ cohortSize: 2957, differencePercent: -0.54, note: 'The local authority is blank in the published table.' });
    // Ranks among these 27 (1 = lowest). Birmingham and Trafford share −13.89% (rank 6, so Bradford is 8);
    // Knowsley and Sefton share 7.47% (rank 7, so Trafford is 9).
    const ranks = Object.fromEntries(reoffendingComparison.map((r: any) => [r.localAuthority ?? '(blank)', [r.rankByDifference, r.rankByActual]]));
    expect(ranks).toEqual({
      Sandwell: [1, 1], Dudley: [2, 2], Solihull: [9, 3], Wolverhampton: [4, 4], Birmingham: [6, 5], Coventry: [5, 6], Knowsley: [23, 7],
      Sefton: [17, 7], Trafford: [6, 9], Walsall: [10, 10], Salford: [13, 11], Bradford: [8, 12], 'St Helens': [20, 13], Liverpool: [19, 14],
      Calderdale: [3, 15], Kirklees: [11, 16], Rochdale: [15, 17], Stockport: [24, 18], Bury: [25, 19], Manchester: [16, 20], '(blank)': [21, 21],
      Wirral: [22, 22], Oldham: [18, 23], Wakefield: [14, 24], Bolton: [26, 25], Leeds: [12, 26], Tameside: [27, 27],
    });
    expect(reoffendingComparison.map((r: any) => r.cohortSize).reduce((a: number, b: number) => a + b, 0)).toBe(124_588);
  });
});

describe('the cohort and performance saved reports', () => {
  it.each(['cohort-snapshot', 'priority-crime-rate', 'reoffending-comparison', 'cost-of-crime', 'reoffending-rates'])('%s runs with its example variables', async (name) => {
    const { reports } = dataOf(await t.gql('{ reports { name query variables } }'));
    const report = reports.find((r: any) => r.name === name);
    expect(report).toBeDefined();
    const data = dataOf(await t.gql(report.query, JSON.parse(report.variables)));
    expect(Object.values(data)[0]).toBeTruthy();
  });
});

describe('Barnet capacity against the Pan London staffing standards (5.4), 31 October 2014', () => {
  it('needs 0.44 + 1.11 offender manager FTE and 0.55 + 0.85 police FTE for 22 NPS and 34 CRC cases', async () => {
    // NPS: ⌈22 × 0.8 ÷ 40⌉ = 0.44 OM, ⌈22 × 1 ÷ 40⌉ = 0.55 police; CRC: ⌈34 × 1.3 ÷ 40⌉ = 1.11 (1.105 up), ⌈34 ÷ 40⌉ = 0.85.
    // With one police officer in post, 56 nominals per officer against the standard of 40.
    const { capacity } = dataOf(await t.gql(`{ capacity(partnership: "barnet", date: "2014-10-31", staff: [{ grade: "Police officer", fte: 1 }]) {
      members rows { grade caseload nominals fteNeeded standardNominalsPerFte staffFte nominalsPerFte } } }`));
    expect(capacity.members).toBe(56);
    expect(capacity.rows).toEqual([
      { grade: 'Offender manager', caseload: 'NPS', nominals: 22, fteNeeded: 0.44, standardNominalsPerFte: 50, staffFte: null, nominalsPerFte: null },
      { grade: 'Police officer', caseload: 'NPS', nominals: 22, fteNeeded: 0.55, standardNominalsPerFte: 40, staffFte: 1, nominalsPerFte: 56 },
      { grade: 'Offender manager', caseload: 'CRC', nominals: 34, fteNeeded: 1.11, standardNominalsPerFte: 30.77, staffFte: null, nominalsPerFte: null },
      { grade: 'Police officer', caseload: 'CRC', nominals: 34, fteNeeded: 0.85, standardNominalsPerFte: 40, staffFte: 1, nominalsPerFte: 56 },
    ]);
  });
});
