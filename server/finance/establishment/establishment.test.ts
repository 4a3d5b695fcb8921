import { describe, expect, it } from 'vitest';
import { budgetForPosts, establishmentTotals } from './establishment.js';

describe('establishment totals', () => {
  it('adds the Norfolk & Suffolk 2014/15 lines to 23.00 FTE and £1,023,944', () => {
    const lines = [
      { fteHundredths: 100, budgetPence: 6_915_500 },
      { fteHundredths: 400, budgetPence: 20_286_800 },
      { fteHundredths: 1600, budgetPence: 69_359_300 },
      { fteHundredths: 200, budgetPence: 5_037_000 },
      { fteHundredths: 0, budgetPence: 528_000 },
      { fteHundredths: 0, budgetPence: 267_800 },
    ];
    expect(establishmentTotals(lines)).toEqual({ totalFteHundredths: 2300, totalBudgetPence: 102_394_400, knownBudgetPence: 102_394_400, linesWithoutBudget: 0 });
  });

  it('gives no total budget when a line is not costed, but still counts its FTE', () => {
    const totals = establishmentTotals([{ fteHundredths: 50, budgetPence: null }, { fteHundredths: 30, budgetPence: 1000 }]);
    expect(totals).toEqual({ totalFteHundredths: 80, totalBudgetPence: null, knownBudgetPence: 1000, linesWithoutBudget: 1 });
  });

  it('is empty for no lines', () => {
    expect(establishmentTotals([])).toEqual({ totalFteHundredths: 0, totalBudgetPence: 0, knownBudgetPence: 0, linesWithoutBudget: 0 });
  });
});

describe('budget for posts', () => {
  it('applies on-costs then abatement to the cost per FTE', () => {
    // 2 FTE at £30,000 with 25% on-costs and 3% abatement: 60,000 × 1.25 × 0.97 = £72,750
    expect(budgetForPosts(200, { costPerFtePence: 3_000_000, onCostBasisPoints: 2500, abatementBasisPoints: 300 })).toBe(7_275_000);
  });

  it('rounds half up to the penny once, at the end', () => {
    // 0.01 FTE at £0.50 = 0.5p → 1p
    expect(budgetForPosts(1, { costPerFtePence: 50, onCostBasisPoints: 0, abatementBasisPoints: 0 })).toBe(1);
    // 0.01 FTE at £0.49 = 0.49p → 0p
    expect(budgetForPosts(1, { costPerFtePence: 49, onCostBasisPoints: 0, abatementBasisPoints: 0 })).toBe(0);
  });
});
