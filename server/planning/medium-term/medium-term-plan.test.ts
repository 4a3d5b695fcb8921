import { describe, expect, it } from 'vitest';
import { planYears, projectMediumTermPlan, type PlanAssumptions, type PlanRecords } from './medium-term-plan.js';

const none: PlanAssumptions = { payAwardBasisPoints: 0, incrementsBasisPoints: 0, nonPayInflationBasisPoints: 0, contributionGrowthBasisPoints: null, shares: null };
const police = { agency: 'police', agencyName: 'Police', weight: 6000 };
const probation = { agency: 'probation', agencyName: 'Probation', weight: 4000 };
const records = (extra: Partial<PlanRecords> = {}): PlanRecords => ({
  establishment: new Map([['2015/16', [
    { kind: 'POST' as const, budgetPence: 3_333_333, fteHundredths: 100, employingAgency: 'police' },
    { kind: 'OVERTIME' as const, budgetPence: 100_001, fteHundredths: 0, employingAgency: null },
  ]]]),
  nonPayPence: new Map([['2015/16', 1_000_000]]),
  streams: [],
  riskExposurePence: new Map(),
  agreed: new Map([['2015/16', { planVersion: 1, basis: 'FIXED_PERCENTAGES' as const, totalPence: 3_433_334, shares: [
    { ...police, percentHundredths: 6000, contributionPence: 2_060_000 },
    { ...probation, percentHundredths: 4000, contributionPence: 1_373_334 },
  ] }]]),
  ...extra,
});
const years = ['2015/16', '2016/17', '2017/18'];

describe('a medium-term plan', () => {
  it('carries the establishment forward by the pay award, with increments on posts only, rounding each year once from the recorded figures', () => {
    const plan = projectMediumTermPlan(records(), years, { ...none, payAwardBasisPoints: 100, incrementsBasisPoints: 150, nonPayInflationBasisPoints: 200 });
    // 2016/17: post £33,333.33 × 1.01 × 1.015 = £34,171.6632495, overtime £1,000.01 × 1.01 = £1,010.0101; together £35,181.6733495 → £35,181.67
    // 2017/18: post £33,333.33 × 1.01² × 1.015² = £35,031.080580…, overtime £1,000.01 × 1.01² = £1,020.110201; together £36,051.190781… → £36,051.19
    // Non-pay £10,000 at 2%: £10,200, then £10,404.
    expect(plan.map((y) => [y.financialYear, y.establishmentPence, y.establishmentFrom, y.nonPayPence])).toEqual([
      ['2015/16', 3_433_334, '2015/16', 1_000_000],
      ['2016/17', 3_518_167, '2015/16', 1_020_000],
      ['2017/18', 3_605_119, '2015/16', 1_040_400],
    ]);
  });

  it('uses a year\'s agreed contributions as agreed, and later years share the establishment on the agreed basis, or a grown total', () => {
    const byCost = projectMediumTermPlan(records(), years, { ...none, payAwardBasisPoints: 1000 });
    expect(byCost[0]).toMatchObject({ contributionsFrom: 'agreed 2015/16 version 1', contributionsPence: 3_433_334, gapPence: 1_000_000 });
    // 2016/17: £34,333.34 × 1.1 = £37,766.674 → £37,766.67, shared 60:40 → £22,660.00 and £15,106.67 (the leftover penny to the larger remainder)
    expect(byCost[1]).toMatchObject({ establishmentPence: 3_776_667, contributionsFrom: 'shares of agreed 2015/16 version 1', gapPence: 1_000_000 });
    expect(byCost[1].contributions.map((c) => c.contributionPence)).toEqual([2_266_000, 1_510_667]);
    const cashFlat = projectMediumTermPlan(records(), years, { ...none, payAwardBasisPoints: 1000, contributionGrowthBasisPoints: 0 });
    // Partners hold their £34,333.34: the pay award falls on the gap. 2017/18: £34,333.34 × 1.21 = £41,543.3414 → £41,543.34; gap £41,543.34 + £10,000 − £34,333.34
    expect(cashFlat.map((y) => y.gapPence)).toEqual([1_000_000, 1_000_000 + 343_333, 4_154_334 + 1_000_000 - 3_433_334]);
  });

  it('ends a stream on its end date, part way through a year by the days it still runs', () => {
    const stream = { id: '1', label: 'Grant', fromYear: '2015/16', toYear: '2017/18', certainty: 'CONFIRMED' as const, pence: 1_000_001 };
    // Ending 30 September 2015: 183 of 2015/16's 366 days (29 February 2016) → £10,000.01 × ½ = £5,000.005 → £5,000.01
    const plan = projectMediumTermPlan(records({ streams: [{ ...stream, endDate: '2015-09-30' }] }), years, none);
    expect(plan.map((y) => y.streamsPence)).toEqual([500_001, 0, 0]);
    const toYearEnd = projectMediumTermPlan(records({ streams: [{ ...stream, toYear: '2016/17', endDate: null }] }), years, none);
    expect(toYearEnd.map((y) => y.streamsPence)).toEqual([1_000_001, 1_000_001, 0]);
  });

  it('adds the year\'s stated risk exposure to the gap if the risks materialise', () => {
    const plan = projectMediumTermPlan(records({ riskExposurePence: new Map([['2016/17', 6_560_000]]) }), years, none);
    expect(plan.map((y) => y.gapIfRisksMaterialisePence - y.gapPence)).toEqual([0, 6_560_000, 0]);
  });

  it('shares by an assumed basis, or refuses when nothing is agreed and nothing assumed', () => {
    const assumed = projectMediumTermPlan(records({ agreed: new Map() }), years, { ...none, shares: { basis: 'PRO_RATA_COHORT', weights: [{ ...police, weight: 3 }, { ...probation, weight: 1 }] } });
    expect(assumed[0]).toMatchObject({ contributionsFrom: 'assumed shares', contributionsPence: 3_433_334 });
    expect(assumed[0].contributions.map((c) => c.contributionPence)).toEqual([2_575_001, 858_333]);
    const byFte = projectMediumTermPlan(records({ agreed: new Map() }), years, { ...none, shares: { basis: 'PRO_RATA_FTE_HOSTED', weights: [police, probation] } });
    expect(byFte[2].contributions.map((c) => c.contributionPence)).toEqual([3_433_334, 0]);
    expect(() => projectMediumTermPlan(records({ agreed: new Map() }), years, none)).toThrow('assumptions.shares: no cost share has been agreed for 2015/16 or before it; give the shares to assume.');
  });

  it('covers three to five years', () => {
    expect(planYears('from', '2014/15', 4)).toEqual(['2014/15', '2015/16', '2016/17', '2017/18']);
    expect(() => planYears('from', '2014/15', 6)).toThrow('years: a medium-term plan covers 3 to 5 years (got 6).');
    expect(() => planYears('from', '2014-15', 3)).toThrow(/from:/);
  });
});
