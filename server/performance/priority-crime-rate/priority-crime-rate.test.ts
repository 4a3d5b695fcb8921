import { describe, expect, it } from 'vitest';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { byMonth, computedRates, monthBounds, monthCounts, percentChange, priorityRateDisclosure, publishedRates } from './priority-crime-rate.js';

const WHOLE = { area: null, method: 'ALL_PRIORITY_OFFENCES' } as const;

describe('rounding as published', () => {
  it('percent change is live / pre − 1 in whole percent', () => {
    expect(percentChange(2, 1)).toBe(-50);
    expect(percentChange(1.5, 1.2)).toBe(-20);
    expect(percentChange(1.13, 1.2)).toBe(6);
    expect(percentChange(1, 1)).toBe(0);
    expect(percentChange(0, 1)).toBeNull();
  });
});

describe('priority crime rate v1', () => {
  it('bounds each month by its last day, 24 and 12 months before', () => {
    expect(monthBounds(['2020-02', '2020-03'])).toEqual([['2020-02', '2020-02-29', '2018-02-28', '2019-02-28'], ['2020-03', '2020-03-31', '2018-03-31', '2019-03-31']]);
  });

  it('4 offences before joining over 7 joiners is 0.57; 4 in the year over 4 members is 1.00; the change, +75%, from the unrounded rates', () => {
    expect(computedRates([{ month: '2020-03', pre_members: 7, pre_offences: 4, live_members: 4, live_offences: 4 }], WHOLE)).toEqual([
      { month: '2020-03', preRate: 0.57, liveRate: 1, percentChange: 75, preMembers: 7, liveMembers: 4, source: 'computed', reference: 'priority crime rate v1', ...WHOLE },
    ]);
  });

  it('has no change without both rates, and leaves out a month with no members', () => {
    expect(computedRates([
      { month: '2020-01', pre_members: null, pre_offences: null, live_members: null, live_offences: null },
      { month: '2020-02', pre_members: 0, pre_offences: 0, live_members: 3, live_offences: 2 },
      { month: '2020-03', pre_members: '0', pre_offences: '0', live_members: '0', live_offences: '0' },
    ], WHOLE)).toEqual([{ month: '2020-02', preRate: null, liveRate: 0.67, percentChange: null, preMembers: 0, liveMembers: 3, source: 'computed', reference: 'priority crime rate v1', ...WHOLE }]);
  });

  it('shows a board rates worked out from counts rounded to base 5, and no month whose members round to 0', () => {
    const counts = monthCounts([
      { month: '2020-02', pre_members: 2, pre_offences: 2, live_members: 1, live_offences: 1 },
      { month: '2020-03', pre_members: 7, pre_offences: 4, live_members: 13, live_offences: 9 },
    ]);
    // 4 / 7 → 5 / 5 = 1.00; 9 / 13 → 10 / 15 = 0.67; −33% from those rates.
    expect(protectSmallCounts({ role: 'BOARD' }, null, priorityRateDisclosure(WHOLE), counts)).toEqual([
      { month: '2020-03', preRate: 1, liveRate: 0.67, percentChange: -33, preMembers: 5, liveMembers: 15, source: 'computed', reference: 'priority crime rate v1', ...WHOLE },
    ]);
    expect(protectSmallCounts({ role: 'FINANCE' }, null, priorityRateDisclosure(WHOLE), counts).map((r) => r.preMembers)).toEqual([2, 7]);
  });

  it('shows published months as printed, before the computed row of the same month', () => {
    const published = publishedRates([{ month: '2020-02', pre: 143, live: 120, change: -16, source: 'Suffolk IOM report, table 3' }], WHOLE);
    const computed = computedRates([
      { month: '2020-01', pre_members: 2, pre_offences: 2, live_members: 2, live_offences: 1 },
      { month: '2020-02', pre_members: 2, pre_offences: 2, live_members: 2, live_offences: 1 },
    ], WHOLE);
    expect(byMonth([...published, ...computed]).map((r) => [r.month, r.source, r.preRate])).toEqual([['2020-01', 'computed', 1], ['2020-02', 'published', 1.43], ['2020-02', 'computed', 1]]);
  });
});
