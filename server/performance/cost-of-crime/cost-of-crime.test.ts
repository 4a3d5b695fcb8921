import { describe, expect, it } from 'vitest';
import { protectSmallCounts } from '../../disclosure/small-counts.js';
import { computedCost, costOfCrimeDisclosure, groupCounts, publishedCosts } from './cost-of-crime.js';

const computedCosts = (rows: Record<string, unknown>[], table: string | null, asOf: string) => groupCounts(rows).map((c) => computedCost(c, table, asOf));

describe('cost of crime v1', () => {
  it('Current: £7,000 during over 4 members is £1,750 each, and over 531 member-days £4,814.97 a member-year; no "after" while on the scheme', () => {
    // £5,550 before: 1 × £3,000 and 3 × £850; £7,000 during: 1 × £7,000.
    const [current] = computedCosts([
      { group: 'Current', members: 4, member_days: 531, unit_cost: 85_000, before_n: 3, during_n: 0, after_n: 0, uncosted: 0 },
      { group: 'Current', members: 4, member_days: 531, unit_cost: 300_000, before_n: 1, during_n: 0, after_n: 0, uncosted: 0 },
      { group: 'Current', members: 4, member_days: 531, unit_cost: 700_000, before_n: 0, during_n: 1, after_n: 0, uncosted: 0 },
    ], 'demo-illustrative-1', '2020-03-31');
    expect(current).toEqual({
      group: 'Current', members: 4, beforePence: 555_000, duringPence: 700_000, afterPence: null, duringPerMemberPence: 175_000, duringPerMemberYearPence: 481_497,
      offencesWithoutUnitCost: 0, source: 'computed', reference: 'cost of crime v1, unit costs demo-illustrative-1, as at 2020-03-31',
    });
    expect(current.duringPerMemberYearPence).toBe(Math.round(700_000 / (531 / 365.25)));
  });

  it('Removed: the cost after leaving, read from numeric text; nothing per member-year with no days on the scheme', () => {
    const [removed] = computedCosts([
      { group: 'Removed', members: '1', member_days: '0', unit_cost: null, before_n: '0', during_n: '1', after_n: '0', uncosted: '2' },
      { group: 'Removed', members: '1', member_days: '0', unit_cost: '400000', before_n: '0', during_n: '0', after_n: '1', uncosted: '0' },
    ], null, '2019-12-31');
    expect(removed).toMatchObject({ members: 1, afterPence: 400_000, duringPerMemberPence: 0, duringPerMemberYearPence: null, offencesWithoutUnitCost: 2 });
    expect(removed.reference).toBe('cost of crime v1, unit costs (none loaded), as at 2019-12-31');
  });

  it('shows a board costs of rounded counts, per rounded member, nothing per member-year, and no group of 1 or 2', () => {
    const counts = groupCounts([
      { group: 'Current', members: 13, member_days: 2_000, unit_cost: 300_000, before_n: 3, during_n: 6, after_n: 0, uncosted: 1 },
      { group: 'Current', members: 13, member_days: 2_000, unit_cost: 85_000, before_n: 2, during_n: 8, after_n: 0, uncosted: 0 },
      { group: 'Removed', members: 2, member_days: 300, unit_cost: 300_000, before_n: 1, during_n: 1, after_n: 4, uncosted: 0 },
    ]);
    expect(protectSmallCounts({ role: 'BOARD' }, null, costOfCrimeDisclosure('demo-illustrative-1', '2020-03-31'), counts)).toEqual([{
      group: 'Current', members: 15, beforePence: 5 * 300_000, duringPence: 5 * 300_000 + 10 * 85_000, afterPence: null, duringPerMemberPence: Math.round(2_350_000 / 15),
      duringPerMemberYearPence: null, offencesWithoutUnitCost: 0, source: 'computed', reference: 'cost of crime v1, unit costs demo-illustrative-1, as at 2020-03-31',
    }]);
    expect(protectSmallCounts({ role: 'ANALYST' }, null, costOfCrimeDisclosure(null, '2020-03-31'), counts).map((r) => [r.members, r.duringPence])).toEqual([[13, 6 * 300_000 + 8 * 85_000], [2, 300_000]]);
  });

  it('shows a published row as printed, n/a as null', () => {
    expect(publishedCosts([{ group: 'Cohort', before_pence: 1_234_500, during_pence: null, after_pence: '99', source: 'Thurrock IOM evaluation' }])).toEqual([{
      group: 'Cohort', members: null, beforePence: 1_234_500, duringPence: null, afterPence: 99, duringPerMemberPence: null, duringPerMemberYearPence: null,
      offencesWithoutUnitCost: 0, source: 'published', reference: 'Thurrock IOM evaluation',
    }]);
  });
});
