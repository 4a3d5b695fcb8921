import { describe, expect, it } from 'vitest';
import { hideSmallCounts } from '../../disclosure/small-counts.js';
import { TARGET_PROGRESS_DISCLOSURE, targetProgress } from './cohort-target-progress.js';

const BARNET = { baseline: 56, baselineDate: '2014-10-31', target: 200, targetDate: '2016-03-31', phases: [{ date: '2015-03-31', size: 128 }] };

describe('cohort target progress v1', () => {
  it('sets members against the phased target, the final target and capacity', () => {
    expect(targetProgress(BARNET, '2015-03-31', 101, null)).toEqual({
      target: 200, targetDate: '2016-03-31', baseline: 56, baselineDate: '2014-10-31', phasedTarget: 128, nextStepDate: '2016-03-31', nextStepSize: 200, members: 101, capacity: null, shortfall: 27,
    });
  });

  it('has no target figures without a target, and still counts members against capacity', () => {
    expect(targetProgress(null, '2014-10-24', 147, 150)).toMatchObject({ target: null, phasedTarget: null, shortfall: null, members: 147, capacity: 150 });
  });

  it('hides a small membership and the shortfall built on it, never the plan', () => {
    expect(hideSmallCounts({ plan: BARNET, date: '2014-10-31', members: 3, capacity: null }, TARGET_PROGRESS_DISCLOSURE, 5)).toMatchObject({ members: null, shortfall: null, phasedTarget: 56, target: 200 });
  });
});
