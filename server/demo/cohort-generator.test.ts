import { describe, expect, it } from 'vitest';
import { addDays, generateDemoCohort, seededRandom } from './cohort-generator.js';

describe('the seeded cohort generator', () => {
  it('gives the same records for the same seed, and other records for another', () => {
    expect(generateDemoCohort()).toEqual(generateDemoCohort());
    expect(generateDemoCohort(7)).not.toEqual(generateDemoCohort());
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('describes no real person: every name is marked synthetic, and no date of birth or PNC id is made up', () => {
    for (const plan of generateDemoCohort()) {
      expect(plan.nominal.identity?.name).toBe(`Synthetic person ${plan.nominal.reference}`);
      expect(plan.nominal.identity?.dateOfBirth).toBeNull();
      expect(plan.nominal.identity?.pncId).toBeNull();
    }
  });

  it('sizes each partnership as its paper does', () => {
    const plans = generateDemoCohort();
    const onScheme = (partnership: string, date: string) => plans.filter((p) => p.partnership === partnership && p.membership
      && p.membership.agreementSignedDate <= date && (!p.membership.deselection || p.membership.deselection.endDate > date));
    expect(onScheme('thurrock', '2012-09-30')).toHaveLength(51);
    expect(onScheme('thurrock', '2012-06-30')).toHaveLength(46);
    expect(onScheme('barnet', '2014-10-31')).toHaveLength(56);
    expect(onScheme('norfolk-suffolk', '2014-10-24').filter((p) => p.nominal.localAuthority === 'Suffolk')).toHaveLength(103);
    expect(onScheme('norfolk-suffolk', '2014-10-24').length).toBeLessThanOrEqual(150);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2012-02-28', 1)).toBe('2012-02-29');
    expect(addDays('2012-12-31', 1)).toBe('2013-01-01');
    expect(addDays('2012-03-01', -1)).toBe('2012-02-29');
  });
});
