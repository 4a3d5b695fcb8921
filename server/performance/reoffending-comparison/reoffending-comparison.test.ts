import { describe, expect, it } from 'vitest';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { COMPARISON_DISCLOSURE, comparisonRows, differencePercent, rankedInSet, ranks } from './reoffending-comparison.js';

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
      published_rank_by_actual: null, note: null, source: 'MoJ proven reoffending, table 2',
    };
    const other = { ...row, local_authority: 'Ipswich', actual: 900, difference: 120 };
    expect(rankedInSet(comparisonRows([row, other]))[0]).toEqual({
      localAuthority: null, force: 'Suffolk', cohortSize: 412, actualRate: 10.38, predictedRate: 9.62, differencePercent: -25.66, rankByDifference: 1, rankByActual: 2,
      publishedRankByDifference: 3, publishedRankByActual: null, note: null, source: 'published', reference: 'MoJ proven reoffending, table 2',
    });
  });
});

describe('ranks within the set', () => {
  it('rank 1 for the lowest, equal values sharing a rank and the next skipping', () => {
    expect(ranks([5.38, 7.47, 7.47, 5.76, 10.38])).toEqual([1, 3, 3, 2, 5]);
  });
});

describe('a published row as a board sees it', () => {
  const row = (localAuthority: string, cohortSize: number, actualRate: number) => ({
    localAuthority, force: 'West Midlands', cohortSize, actualRate, predictedRate: 8, differencePercent: actualRate - 8, publishedRankByDifference: null, publishedRankByActual: null,
    note: null, source: 'published', reference: 'MoJ',
  });

  it('has its cohort rounded, and no row from which 1 to 4 reoffenders can be worked out, ranked among the rows shown', () => {
    const rows = [row('Sandwell', 4575, 5.38), row('Tiny', 40, 7.5), row('None', 12, 0)];
    const shown = rankedInSet(protectSmallCounts({ role: 'BOARD' }, null, COMPARISON_DISCLOSURE, rows));
    expect(shown.map((r) => [r.localAuthority, r.cohortSize, r.rankByActual])).toEqual([['Sandwell', 4575, 2], ['None', 10, 1]]);
    const all = rankedInSet(protectSmallCounts({ role: 'ANALYST' }, null, COMPARISON_DISCLOSURE, rows));
    expect(all.map((r) => [r.localAuthority, r.cohortSize, r.rankByActual])).toEqual([['Sandwell', 4575, 2], ['Tiny', 40, 3], ['None', 12, 1]]);
  });
});
