import { describe, expect, it } from 'vitest';
import { requiredFte } from './staffing.js';

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
