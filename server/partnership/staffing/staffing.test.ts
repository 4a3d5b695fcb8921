import { describe, expect, it } from 'vitest';
import { nextStep, phasedTarget, requiredFte } from './staffing.js';

describe('required FTE', () => {
  it('scales the Pan London ratios to a cohort of 200', () => {
    expect(requiredFte(200, { grade: 'Police officer', fteHundredths: 100, perNominals: 40 })).toBe(500);
    expect(requiredFte(200, { grade: 'Offender manager', fteHundredths: 130, perNominals: 40 })).toBe(650);
  });

  it('rounds up to the hundredth', () => {
    // 150 nominals at 1.3 per 40 = 4.875 FTE → 4.88
    expect(requiredFte(150, { grade: 'Offender manager', fteHundredths: 130, perNominals: 40 })).toBe(488);
  });
});

describe('a phased cohort target (Barnet: 56 at 31 October 2014 to 200 by 31 March 2016, split between the two years)', () => {
  const barnet = { baseline: 56, baselineDate: '2014-10-31', target: 200, targetDate: '2016-03-31', phases: [{ date: '2015-03-31', size: 128 }] };

  it('plans the baseline on its date, each phase on its date and the target from its date', () => {
    expect(phasedTarget(barnet, '2014-10-31')).toBe(56);
    expect(phasedTarget(barnet, '2015-03-31')).toBe(128);
    expect(phasedTarget(barnet, '2016-03-31')).toBe(200);
    expect(phasedTarget(barnet, '2017-01-01')).toBe(200);
    expect(phasedTarget(barnet, '2014-10-30')).toBeNull();
  });

  it('draws a straight line between two points, to a whole nominal', () => {
    // 2015-09-30 is 183 of the 366 days from 2015-03-31 to 2016-03-31: 128 + 72 × 183 / 366 = 164.
    expect(phasedTarget(barnet, '2015-09-30')).toBe(164);
    // 2014-12-31 is 61 of the 151 days from 2014-10-31: 56 + 72 × 61 / 151 = 85.09 → 85.
    expect(phasedTarget(barnet, '2014-12-31')).toBe(85);
    expect(phasedTarget({ ...barnet, phases: [] }, '2015-03-31')).toBe(Math.round(56 + 144 * 151 / 517));
  });

  it('names the next step', () => {
    expect(nextStep(barnet, '2014-12-31')).toEqual({ date: '2015-03-31', size: 128 });
    expect(nextStep(barnet, '2015-03-31')).toEqual({ date: '2016-03-31', size: 200 });
    expect(nextStep(barnet, '2016-03-31')).toBeNull();
  });
});
