import { describe, expect, it } from 'vitest';
import { modelScenario } from './scenario.js';

const pay = (costPerFtePence: number, onCostBasisPoints = 0, abatementBasisPoints = 0) => ({ costPerFtePence, onCostBasisPoints, abatementBasisPoints });

describe('modelling a scenario', () => {
  const plan = {
    cohortTarget: 200,
    ratios: [
      { grade: 'Police officer', fteHundredths: 100, perNominals: 40 },
      { grade: 'Offender manager', fteHundredths: 130, perNominals: 40 },
    ],
    pay: new Map([
      ['Police officer', pay(4_000_000, 2500, 300)],
      ['Offender manager', pay(3_000_000, 2000, 0)],
    ]),
    shares: [{ agency: 'police', weight: 5000 }, { agency: 'probation', weight: 5000 }],
    nonPayPence: 960_000,
    confirmedFundingPence: 20_000_000,
  };

  it('costs each grade and adds them up', () => {
    const result = modelScenario(plan);
    // police: 5 × £40,000 × 1.25 × 0.97 = £242,500; OMs: 6.5 × £30,000 × 1.2 = £234,000
    expect(result.grades).toEqual([
      { grade: 'Police officer', fteHundredths: 500, budgetPence: 24_250_000 },
      { grade: 'Offender manager', fteHundredths: 650, budgetPence: 23_400_000 },
    ]);
    expect(result.totalFteHundredths).toBe(1150);
    expect(result.staffingBudgetPence).toBe(47_650_000);
    expect(result.plannedCostPence).toBe(47_650_000 + 960_000);
  });

  it('shares the staffing budget to the penny and measures the gap against confirmed funding', () => {
    const result = modelScenario(plan);
    expect(result.shares.map((s) => s.contributionPence)).toEqual([23_825_000, 23_825_000]);
    expect(result.fundingGapPence).toBe(47_650_000 + 960_000 - 20_000_000);
  });

  it('adds up ratios for the same grade', () => {
    const result = modelScenario({ ...plan, ratios: [plan.ratios[1], { ...plan.ratios[1], fteHundredths: 80 }] });
    expect(result.grades).toEqual([{ grade: 'Offender manager', fteHundredths: 1050, budgetPence: 37_800_000 }]);
  });

  it('names the ratio whose grade has no pay assumption', () => {
    expect(() => modelScenario({ ...plan, ratios: [...plan.ratios, { grade: 'Analyst', fteHundredths: 10, perNominals: 40 }] }))
      .toThrow('input.ratios[2].grade: there is no pay assumption for "Analyst"; add one to input.pay.');
  });
});
