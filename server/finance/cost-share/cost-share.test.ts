import { describe, expect, it } from 'vitest';
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
