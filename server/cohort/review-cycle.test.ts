import { describe, expect, it } from 'vitest';
import { checkCadence, reviewsDue } from './review-cycle.js';

const member = (reference: string, status: 'RED' | 'AMBER' | null, lastReviewDate: string | null, startDate = '2012-04-02') => ({ membershipId: 1, reference, startDate, status, lastReviewDate });

describe('reviews due', () => {
  const fortnightlyRed = checkCadence('cadence', [{ status: 'RED', everyDays: 14 }]);

  it('lists a red member 14 days after their last review, overdue by the days since, and no one whose status has no cadence', () => {
    const due = reviewsDue([member('A', 'RED', '2012-09-17'), member('B', 'RED', '2012-09-28'), member('C', 'AMBER', '2012-01-01')], fortnightlyRed, '2012-10-05');
    expect(due.map((d) => [d.reference, d.dueDate, d.daysOverdue, d.everyDays])).toEqual([['A', '2012-10-01', 4, 14]]);
  });

  it('looks ahead `withinDays`, and lists a member never reviewed from their start', () => {
    const due = reviewsDue([member('B', 'RED', '2012-09-28'), member('N', null, null, '2012-09-20')], fortnightlyRed, '2012-10-05', 7);
    expect(due.map((d) => [d.reference, d.dueDate, d.daysOverdue])).toEqual([['N', '2012-09-20', 15], ['B', '2012-10-12', -7]]);
  });

  it('refuses a status given twice and a cadence of 0 days', () => {
    expect(() => checkCadence('cadence', [{ status: 'RED', everyDays: 0 }, { status: 'RED', everyDays: 14 }])).toThrow('cadence[0].everyDays: must be at least 1 (got 0). (and 1 more problem)');
  });
});
