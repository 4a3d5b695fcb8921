import { describe, expect, it } from 'vitest';
import { comparisonRows, differencePercent } from './reoffending-comparison.js';

describe('rounding as published', () => {
  it('difference from predicted in percent to two decimals', () => {
    expect(differencePercent(6, 8)).toBe(-25);
    expect(differencePercent(10.38, 9.62)).toBe(7.9);
    expect(differencePercent(1, 0)).toBeNull();
  });
});

describe('reoffending comparison v1', () => {
  it('shows a published row as printed, from hundredths, with its ranks in the set and the national ones', () => {
    const row = {
      local_authority: null, force: 'Suffolk', cohort_size: '412', actual: 1038, predicted: 962, difference: -2566, published_rank_by_difference: 3,
      published_rank_by_actual: null, note: null, source: 'MoJ proven reoffending, table 2', rank_by_difference: '1', rank_by_actual: 2,
    };
    expect(comparisonRows([row])).toEqual([{
      localAuthority: null, force: 'Suffolk', cohortSize: 412, actualRate: 10.38, predictedRate: 9.62, differencePercent: -25.66, rankByDifference: 1, rankByActual: 2,
      publishedRankByDifference: 3, publishedRankByActual: null, note: null, source: 'published', reference: 'MoJ proven reoffending, table 2',
    }]);
  });
});
