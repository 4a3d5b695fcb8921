import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestHub, type TestHub } from './support/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

describe('the report contract on the demo data', () => {
  it('lists the five demo partnerships by code', async () => {
    const { partnerships } = dataOf(await t.gql('{ partnerships { code name } }'));
    expect(partnerships.map((p: { code: string }) => p.code).sort()).toEqual(['barnet', 'norfolk-suffolk', 'thurrock', 'turnaround', 'west-midlands']);
  });

  it('gives the Norfolk & Suffolk 2014/15 establishment line by line: 23.00 FTE, £1,023,944', async () => {
    const { establishment } = dataOf(
      await t.gql(`{ establishment(partnership: "norfolk-suffolk", financialYear: "2014/15") {
        totalFte totalBudget lines { grade kind fte budget abatementPercent budgetBasis budgetSource vacantFte vacancyBasis } } }`),
    );
    expect(establishment.totalFte).toBe(23);
    expect(establishment.totalBudget).toBe(1_023_944);
    expect(establishment.lines.map((l: any) => [l.grade, l.fte, l.budget])).toEqual([
      ['Inspector', 1, 69_155],
      ['Sergeant', 4, 202_868],
      ['Constable', 16, 693_593],
      ['Staff Scale 4', 2, 50_370],
      ['Allowances', 0, 5_280],
      ['Overtime', 0, 2_678],
    ]);
    // The paper abates staff pay (Staff Scale 4) at 3%; officers' budgets are not abated. All six budgets are as published.
    expect(establishment.lines.map((l: any) => l.abatementPercent)).toEqual([null, null, null, 3, null, null]);
    expect(establishment.lines.map((l: any) => l.budgetSource)).toEqual(Array(6).fill('ENTERED'));
    expect(establishment.lines[1]).toMatchObject({ vacantFte: 3, vacancyBasis: 'Vacant: budgeted at the bottom of the scale', budgetBasis: expect.stringMatching(/bottom of scale for 3 FTE/) });
  });

  it('shares it 56.5% / 43.5% with each force\'s contribution to the penny', async () => {
    const { costShare } = dataOf(
      await t.gql(`{ costShare(partnership: "norfolk-suffolk", financialYear: "2014/15") { total status basis shares { agency agencyCode percent contribution } } }`),
    );
    expect(costShare.total).toBe(1_023_944);
    expect(costShare.status).toBe('AGREED');
    expect(costShare.basis).toBe('FIXED_PERCENTAGES');
    expect(costShare.shares).toEqual([
      { agency: 'Norfolk Constabulary', agencyCode: 'norfolk-constabulary', percent: 56.5, contribution: 578_528.36 },
      { agency: 'Suffolk Constabulary', agencyCode: 'suffolk-constabulary', percent: 43.5, contribution: 445_415.64 },
    ]);
  });

  it('gives the 2015/16 funding risks with the exposures the paper states', async () => {
    const { fundingRisks } = dataOf(await t.gql(`{ fundingRisks(partnership: "norfolk-suffolk", financialYear: "2015/16") { title exposure certainty } }`));
    expect(fundingRisks).toHaveLength(8);
    const exposures = Object.fromEntries(fundingRisks.map((r: any) => [r.title, r.exposure]));
    expect(exposures).toMatchObject({
      'Drug testing income may not continue': 16_000,
      'Vehicle fuel contribution not guaranteed': 10_000,
      'Vehicle insurance unfunded': 9_600,
      'Tracking devices': 30_000,
      'Premises costs not fully identified': null,
      'Pathways Co-ordinator Manager funding ends': null,
    });
    expect(fundingRisks.find((r: any) => r.title === 'Vehicle fuel contribution not guaranteed').certainty).toBe('NOT_GUARANTEED');
  });

  it('gives the funding streams covering 2014/15, amounts where the paper states them', async () => {
    const { fundingStreams } = dataOf(await t.gql(`{ fundingStreams(partnership: "norfolk-suffolk", financialYear: "2014/15") { funder purpose amountAgreed amountExpected certainty } }`));
    expect(fundingStreams).toHaveLength(6);
    expect(fundingStreams.find((s: any) => s.purpose === 'Drug testing')).toMatchObject({ amountAgreed: 16_000, amountExpected: 13_000, certainty: 'EXPECTED' });
    expect(fundingStreams.find((s: any) => s.purpose === 'Vehicle fuel contribution')).toMatchObject({ amountAgreed: 10_000, certainty: 'CONFIRMED' });
  });

  it('computes the funding position from the plan, the agreed share, the streams and the risks', async () => {
    const position2014 = dataOf(await t.gql(`{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2014/15") { plannedCost confirmed expected atRisk gap worstCaseGap riskExposure streamsWithoutAmount } }`)).fundingPosition;
    // planned: the establishment; confirmed: the agreed contributions + the £10k fuel contribution; expected: £13k drug testing
    expect(position2014).toEqual({ plannedCost: 1_023_944, confirmed: 1_033_944, expected: 13_000, atRisk: 0, gap: -23_000, worstCaseGap: -10_000, riskExposure: 0, streamsWithoutAmount: 4 });
    const position2015 = dataOf(await t.gql(`{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2015/16") { plannedCost nonPayCost confirmed atRisk gap riskExposure risksWithoutExposure } }`)).fundingPosition;
    // 2015/16: no establishment or cost share yet recorded; £9,600 insurance + £30,000 tracking; £65,600 of stated exposure
    expect(position2015).toEqual({ plannedCost: 39_600, nonPayCost: 39_600, confirmed: 0, atRisk: 0, gap: 39_600, riskExposure: 65_600, risksWithoutExposure: 4 });
  });

  it('counts the paper\'s £65,600 of 2015/16 risk exposure in the gap if the risks materialise, and names each risk', async () => {
    const { fundingPosition } = dataOf(await t.gql(`{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2015/16") {
      gap riskExposure gapIfRisksMaterialise exposure: parts(figure: RISK_EXPOSURE) { kind label amount amountKnown } gapParts: parts(figure: GAP) { kind label amount } } }`));
    // The paper's list: drug testing £16k, fuel £10k, insurance £9,600 (12 × £800), tracking £30K; four risks with no figure.
    expect(fundingPosition).toMatchObject({ gap: 39_600, riskExposure: 65_600, gapIfRisksMaterialise: 105_200 });
    expect(fundingPosition.exposure.filter((p: any) => p.amountKnown).map((p: any) => [p.label, p.amount])).toEqual([
      ['Drug testing income may not continue', 16_000],
      ['Vehicle fuel contribution not guaranteed', 10_000],
      ['Vehicle insurance unfunded', 9_600],
      ['Tracking devices', 30_000],
    ]);
    expect(fundingPosition.exposure.filter((p: any) => !p.amountKnown)).toHaveLength(4);
    expect(fundingPosition.gapParts).toEqual([
      { kind: 'NON_PAY', label: 'Vehicle insurance (12 vehicles at about £800 a year)', amount: 9_600 },
      { kind: 'NON_PAY', label: 'GPS tracking devices', amount: 30_000 },
      { kind: 'STREAM', label: 'Norfolk Constabulary, Suffolk Constabulary and Norfolk and Suffolk Probation Service: Pathways Co-ordinator Manager post (employed by Norfolk County Council)', amount: 0 },
    ]);
    const parts2014 = dataOf(await t.gql('{ fundingPosition(partnership: "norfolk-suffolk", financialYear: "2014/15") { confirmed parts(figure: CONFIRMED) { kind label certainty amount } } }')).fundingPosition;
    expect(parts2014.parts).toEqual([
      { kind: 'CONTRIBUTION', label: 'Norfolk Constabulary', certainty: 'CONFIRMED', amount: 578_528.36 },
      { kind: 'CONTRIBUTION', label: 'Suffolk Constabulary', certainty: 'CONFIRMED', amount: 445_415.64 },
      { kind: 'STREAM', label: 'Norfolk and Suffolk Probation Trust: Vehicle fuel contribution', certainty: 'CONFIRMED', amount: 10_000 },
      { kind: 'STREAM', label: 'Norfolk Office of the Police and Crime Commissioner: Link Worker post (Norfolk)', certainty: 'CONFIRMED', amount: 0 },
    ]);
  });

  it('gives the TurnAround options appraisal as published', async () => {
    const { optionsAppraisal } = dataOf(await t.gql(`{ optionsAppraisal(partnership: "turnaround") { option title saving savingPercent status } }`));
    expect(optionsAppraisal.map((o: any) => [o.option, o.saving, o.savingPercent, o.status])).toEqual([
      [1, null, null, 'DISCOUNTED'],
      [2, 1_674, 5.3, 'DISCOUNTED'],
      [3, 72_804, 12.8, 'PREFERRED'],
      [4, 1_032_014, 61, 'DISCOUNTED'],
    ]);
  });

  it('gives Thurrock\'s resourcing in FTE, with 1.5 days a week as 0.3 FTE and no budget invented', async () => {
    const { establishment } = dataOf(await t.gql(`{ establishment(partnership: "thurrock", financialYear: "2012/13") { totalFte totalBudget knownBudget linesWithoutBudget lines { grade fte budget employingAgency { code } } } }`));
    expect(establishment.totalFte).toBe(5.1);
    expect(establishment.totalBudget).toBeNull();
    expect(establishment.linesWithoutBudget).toBe(6);
    expect(establishment.lines.map((l: any) => [l.grade, l.fte])).toEqual([
      ['Police sergeant', 1],
      ['Police officer (seconded)', 2],
      ['Probation IOM offender manager', 0.5],
      ['Housing worker (Family Mosaic)', 0.8],
      ['Drugs intervention worker (DIP)', 0.3],
      ['Alcohol worker', 0.5],
    ]);
    expect(establishment.lines[0].employingAgency).toEqual({ code: 'essex-police' });
  });

  it('gives Barnet\'s staffing ratios per 40 nominals and its cohort growth target', async () => {
    const { partnership } = dataOf(await t.gql(`{ partnership(code: "barnet") { staffingRatios { caseload grade fte perNominals } cohortTargets { baseline target targetDate } } }`));
    expect(partnership.staffingRatios).toEqual([
      { caseload: 'NPS', grade: 'Offender manager', fte: 0.8, perNominals: 40 },
      { caseload: 'NPS', grade: 'Police officer', fte: 1, perNominals: 40 },
      { caseload: 'CRC', grade: 'Offender manager', fte: 1.3, perNominals: 40 },
      { caseload: 'CRC', grade: 'Police officer', fte: 1, perNominals: 40 },
    ]);
    expect(partnership.cohortTargets).toEqual([{ baseline: 56, target: 200, targetDate: '2016-03-31' }]);
  });

  it('loads nested lists for every partnership in one query per list', async () => {
    const statements: string[] = [];
    const logger = (t.orm.config.getLogger() as unknown as { log: (namespace: string, message: string) => void });
    const original = logger.log.bind(logger);
    t.orm.config.set('debug', ['query']);
    logger.log = (namespace, message) => { if (namespace === 'query') statements.push(message); };
    try {
      dataOf(await t.gql('{ partnerships { code agencies { code } hubs { name } staffingRatios { grade } cohortTargets { target } } }'));
    } finally {
      logger.log = original;
      t.orm.config.set('debug', false);
    }
    // partnerships, agencies, hubs, ratios, targets: five statements for five partnerships
    expect(statements).toHaveLength(5);
  });
});

describe('modelling a plan', () => {
  const scenario = `query ($input: ScenarioInput!) { scenario(input: $input) {
    grades { grade fte budget } totalFte budget plannedCost confirmedFunding fundingGap shares { agency percent contribution } } }`;

  it('staffs Barnet\'s 200 on the CRC standard and shares the cost pro rata by cohort', async () => {
    const input = {
      partnership: 'barnet',
      financialYear: '2015/16',
      cohortTarget: 200,
      caseload: 'CRC',
      pay: [
        { grade: 'Police officer', costPerFte: 40_000, onCostPercent: 25, abatementPercent: 3 },
        { grade: 'Offender manager', costPerFte: 30_000, onCostPercent: 20 },
      ],
      costShare: { basis: 'PRO_RATA_COHORT', shares: [{ agency: 'nps-london', weight: 22 }, { agency: 'london-crc', weight: 34 }] },
    };
    const result = dataOf(await t.gql(scenario, { input })).scenario;
    // 200 / 40 × 1.3 = 6.5 OMs; 200 / 40 × 1 = 5 police officers
    expect(result.grades).toEqual([
      { grade: 'Offender manager', fte: 6.5, budget: 234_000 },
      { grade: 'Police officer', fte: 5, budget: 242_500 },
    ]);
    expect(result.budget).toBe(476_500);
    expect(result.fundingGap).toBe(476_500);
    expect(result.shares.map((s: any) => s.contribution)).toEqual([187_196.43, 289_303.57]);
    expect(result.shares.reduce((sum: number, s: any) => sum + Math.round(s.contribution * 100), 0)).toBe(47_650_000);
  });

  it('saves nothing unless asked', async () => {
    const before = dataOf(await t.gql('{ savedScenarios(partnership: "barnet") { id } }')).savedScenarios;
    const input = { partnership: 'barnet', financialYear: '2015/16', cohortTarget: 128, caseload: 'NPS', pay: [{ grade: 'Police officer', costPerFte: 40_000 }, { grade: 'Offender manager', costPerFte: 30_000 }] };
    dataOf(await t.gql(scenario, { input }));
    expect(dataOf(await t.gql('{ savedScenarios(partnership: "barnet") { id } }')).savedScenarios).toEqual(before);
    const saved = dataOf(await t.gql('mutation ($input: ScenarioInput!) { saveScenario(name: "Half way to 200", input: $input) { name cohortTarget totalFte plannedCost } }', { input })).saveScenario;
    // 128 / 40 × 1 = 3.2 police, 128 / 40 × 0.8 = 2.56 OMs
    expect(saved).toEqual({ name: 'Half way to 200', cohortTarget: 128, totalFte: 5.76, plannedCost: 3.2 * 40_000 + 2.56 * 30_000 });
    expect(dataOf(await t.gql('{ savedScenarios(partnership: "barnet") { name } }')).savedScenarios).toEqual([{ name: 'Half way to 200' }]);
  });

  it('uses the year\'s agreed share and confirmed funding by default', async () => {
    const input = { partnership: 'norfolk-suffolk', financialYear: '2014/15', cohortTarget: 150, ratios: [{ grade: 'Constable', fte: 4, perNominals: 40 }], pay: [{ grade: 'Constable', costPerFte: 40_000 }] };
    const result = dataOf(await t.gql(scenario, { input })).scenario;
    expect(result.grades).toEqual([{ grade: 'Constable', fte: 15, budget: 600_000 }]);
    expect(result.shares).toEqual([
      { agency: 'Norfolk Constabulary', percent: 56.5, contribution: 339_000 },
      { agency: 'Suffolk Constabulary', percent: 43.5, contribution: 261_000 },
    ]);
    expect(result.confirmedFunding).toBe(1_033_944);
    expect(result.fundingGap).toBe(600_000 - 1_033_944);
  });
});
