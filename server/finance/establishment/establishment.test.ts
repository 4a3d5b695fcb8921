import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { budgetForPosts, budgetSourceOf, budgetWorking, derivedBudget, establishmentTotals, type BudgetParts } from './establishment.js';

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

describe('a budget from its parts', () => {
  const sergeants: BudgetParts = { fteHundredths: 400, costPerFtePence: 4_500_000, vacantFteHundredths: 300, vacantCostPerFtePence: 3_800_000, onCostBasisPoints: 2500, abatementBasisPoints: 300 };

  it('budgets vacant posts at their own cost per FTE, then adds on-costs and takes off abatement', () => {
    // (1 × £45,000 + 3 × £38,000) × 1.25 × 0.97 = £159,000 × 1.2125 = £192,787.50
    expect(derivedBudget(sergeants)).toBe(19_278_750);
    expect(budgetWorking(sergeants)).toBe('(1.00 FTE × £45,000.00 + 3.00 FTE × £38,000.00) × 125% on-costs × 97% (3% abatement) = £192,787.50');
    expect(budgetWorking({ fteHundredths: 200, costPerFtePence: 2_500_000 })).toBe('2.00 FTE × £25,000.00 = £50,000.00');
  });

  it('says whether a budget is derived from its parts, typed in, or not given', () => {
    expect(budgetSourceOf({ ...sergeants, budgetPence: 19_278_750 })).toBe('DERIVED');
    expect(budgetSourceOf({ ...sergeants, budgetPence: 20_286_800 })).toBe('ENTERED');
    expect(budgetSourceOf({ fteHundredths: 400, costPerFtePence: null, budgetPence: 20_286_800 })).toBe('ENTERED');
    expect(budgetSourceOf({ fteHundredths: 400, budgetPence: null })).toBe('NOT_COSTED');
  });

  const parts = fc.record({
    fteHundredths: fc.integer({ min: 0, max: 10_000 }),
    costPerFtePence: fc.integer({ min: 0, max: 15_000_000 }),
    vacantShare: fc.integer({ min: 0, max: 100 }),
    vacantCostPerFtePence: fc.option(fc.integer({ min: 0, max: 15_000_000 })),
    onCostBasisPoints: fc.option(fc.integer({ min: 0, max: 10_000 })),
    abatementBasisPoints: fc.option(fc.integer({ min: 0, max: 10_000 })),
  }).map(({ vacantShare, ...p }): BudgetParts => ({ ...p, vacantFteHundredths: Math.floor((p.fteHundredths * vacantShare) / 100) }));

  it('is the exact figure rounded half up to the penny, once', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const vacant = BigInt(p.vacantFteHundredths ?? 0);
        const pay = (BigInt(p.fteHundredths) - vacant) * BigInt(p.costPerFtePence) + vacant * BigInt(p.vacantCostPerFtePence ?? p.costPerFtePence);
        // exact budget in pence = pay × (1 + on-cost) × (1 − abatement) / 100 (FTE in hundredths), as a fraction num / den
        const num = pay * BigInt(10_000 + (p.onCostBasisPoints ?? 0)) * BigInt(10_000 - (p.abatementBasisPoints ?? 0));
        const den = 100n * 10n ** 8n;
        const budget = BigInt(derivedBudget(p));
        // within half a penny, and an exact half goes up
        expect(2n * (budget * den - num) <= den && 2n * (num - budget * den) < den).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

});
