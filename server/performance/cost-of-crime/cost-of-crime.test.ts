import { describe, expect, it } from 'vitest';
import { computedCosts, publishedCosts } from './cost-of-crime.js';

describe('cost of crime v1', () => {
  it('Current: £7,000 during over 4 members is £1,750 each, and over 531 member-days £4,814.97 a member-year; no "after" while on the scheme', () => {
    const [current] = computedCosts([{ group: 'Current', members: 4, member_days: 531, before_pence: 555_000, during_pence: 700_000, after_pence: 0, uncosted: 0 }], 'demo-illustrative-1', '2020-03-31');
    expect(current).toEqual({
      group: 'Current', members: 4, beforePence: 555_000, duringPence: 700_000, afterPence: null, duringPerMemberPence: 175_000, duringPerMemberYearPence: 481_497,
      offencesWithoutUnitCost: 0, offenceScope: 'ALL', source: 'computed', reference: 'cost of crime v1, unit costs demo-illustrative-1, as at 2020-03-31',
    });
    expect(current.duringPerMemberYearPence).toBe(Math.round(700_000 / (531 / 365.25)));
  });

  it('Removed: the cost after leaving, read from numeric text; nothing per member-year with no days on the scheme', () => {
    const [removed] = computedCosts([{ group: 'Removed', members: '1', member_days: '0', before_pence: '0', during_pence: '0', after_pence: '400000', uncosted: '2' }], null, '2019-12-31');
    expect(removed).toMatchObject({ members: 1, afterPence: 400_000, duringPerMemberPence: 0, duringPerMemberYearPence: null, offencesWithoutUnitCost: 2 });
    expect(removed.reference).toBe('cost of crime v1, unit costs (none loaded), as at 2019-12-31');
  });

  it('shows a published row as printed, n/a as null', () => {
    expect(publishedCosts([{ group: 'Cohort', before_pence: 1_234_500, during_pence: null, after_pence: '99', source: 'Thurrock IOM evaluation' }])).toEqual([{
      group: 'Cohort', members: null, beforePence: 1_234_500, duringPence: null, afterPence: 99, duringPerMemberPence: null, duringPerMemberYearPence: null,
      offencesWithoutUnitCost: 0, offenceScope: null, source: 'published', reference: 'Thurrock IOM evaluation',
    }]);
  });
});
