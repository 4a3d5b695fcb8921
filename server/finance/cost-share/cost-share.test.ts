import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { derivedBudget, type BudgetParts } from '../establishment/establishment.js';
import { shareCost, validateShares } from './cost-share.js';

describe('sharing a cost', () => {
  it('gives Norfolk 56.5% and Suffolk 43.5% of £1,023,944 to the penny', () => {
    const shares = shareCost(102_394_400, [
      { agency: 'norfolk-constabulary', weight: 5650 },
      { agency: 'suffolk-constabulary', weight: 4350 },
    ]);
    expect(shares.map((s) => [s.agency, s.percentHundredths, s.contributionPence])).toEqual([
      ['norfolk-constabulary', 5650, 57_852_836],
      ['suffolk-constabulary', 4350, 44_541_564],
    ]);
  });

  it('shares pro rata by cohort, with percentages and contributions that both add up', () => {
    const shares = shareCost(100_000, [
      { agency: 'a', weight: 22 },
      { agency: 'b', weight: 34 },
      { agency: 'c', weight: 35 },
    ]);
    expect(shares.reduce((sum, s) => sum + s.contributionPence, 0)).toBe(100_000);
    expect(shares.reduce((sum, s) => sum + s.percentHundredths, 0)).toBe(10_000);
    expect(shares.map((s) => s.percentHundredths)).toEqual([2418, 3736, 3846]);
  });
});

describe('validating shares', () => {
  it('refuses fixed percentages that do not sum to 100%', () => {
    expect(() => validateShares('input.shares', 'FIXED_PERCENTAGES', [{ agency: 'a', weight: 5650 }, { agency: 'b', weight: 4000 }]))
      .toThrow('input.shares: the shares must sum to 100% (they sum to 96.50%).');
  });

  it('refuses an agency named twice, naming the entry', () => {
    expect(() => validateShares('input.shares', 'PRO_RATA_COHORT', [{ agency: 'a', weight: 1 }, { agency: 'a', weight: 2 }]))
      .toThrow('input.shares[1].agency: a appears more than once.');
  });

  it('refuses pro rata weights that are all zero, and an empty list', () => {
    expect(() => validateShares('s', 'PRO_RATA_POPULATION', [{ agency: 'a', weight: 0 }])).toThrow(/weight above zero/);
    expect(() => validateShares('s', 'FIXED_PERCENTAGES', [])).toThrow(/at least one agency/);
  });

  it('accepts fixed percentages that sum to exactly 100%', () => {
    expect(() => validateShares('s', 'FIXED_PERCENTAGES', [{ agency: 'a', weight: 5650 }, { agency: 'b', weight: 4350 }])).not.toThrow();
  });
});

describe('sharing budgets derived from their parts', () => {
  const parts = fc.record({
    fteHundredths: fc.integer({ min: 0, max: 10_000 }),
    costPerFtePence: fc.integer({ min: 0, max: 15_000_000 }),
    vacantShare: fc.integer({ min: 0, max: 100 }),
    vacantCostPerFtePence: fc.option(fc.integer({ min: 0, max: 15_000_000 })),
    onCostBasisPoints: fc.option(fc.integer({ min: 0, max: 10_000 })),
    abatementBasisPoints: fc.option(fc.integer({ min: 0, max: 10_000 })),
  }).map(({ vacantShare, ...p }): BudgetParts => ({ ...p, vacantFteHundredths: Math.floor((p.fteHundredths * vacantShare) / 100) }));

  it('gives budgets whose total is shared between partners to the penny', () => {
    fc.assert(
      fc.property(fc.array(parts, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 }), (lines, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const total = lines.reduce((sum, line) => sum + derivedBudget(line), 0);
        const shares = shareCost(total, weights.map((weight, i) => ({ agency: `a${i}`, weight })));
        expect(shares.reduce((sum, share) => sum + share.contributionPence, 0)).toBe(total);
        expect(shares.reduce((sum, share) => sum + share.percentHundredths, 0)).toBe(10_000);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        shares.forEach((share, i) => expect(Math.abs(share.contributionPence - (total * weights[i]) / weightSum)).toBeLessThan(1 + 1e-6));
      }),
      { numRuns: 300 },
    );
  });
});
