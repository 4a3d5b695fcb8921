import { describe, expect, it } from 'vitest';
import { checkDeselection, checkMembershipStart, checkOffence, checkPanelDecision, checkReview } from './lifecycle.js';

const fails = (fn: () => unknown) => {
  try { fn(); } catch (error) { return (error as Error).message; }
  throw new Error('expected a refusal');
};

describe('panel decisions', () => {
  it('accepts a decision on or after the referral', () => {
    expect(checkPanelDecision('input', '2012-05-01', { panelDate: '2012-05-09', decision: 'ACCEPTED' })).toEqual({ panelDate: '2012-05-09', decision: 'ACCEPTED', decisionNote: null });
  });
  it('refuses a panel before the referral, or a PENDING decision', () => {
    expect(fails(() => checkPanelDecision('input', '2012-05-01', { panelDate: '2012-04-30', decision: 'ACCEPTED' }))).toBe('input.panelDate: 2012-04-30 is before the referral (2012-05-01).');
    expect(fails(() => checkPanelDecision('input', '2012-05-01', { panelDate: '2012-05-09', decision: 'PENDING' }))).toBe('input.decision: a panel decides ACCEPTED or DECLINED.');
  });
});

describe('membership start', () => {
  const accepted = { id: '7', decision: 'ACCEPTED' as const, panelDate: '2012-05-09' };
  it('starts on the signed agreement date after an accepted referral', () => {
    expect(checkMembershipStart('input', 'R1', '2012-05-10', accepted, [{ startDate: '2011-01-01', endDate: '2012-01-01' }])).toBe('2012-05-10');
  });
  it('refuses a declined referral, a start before the panel, a second open spell and an overlap', () => {
    expect(fails(() => checkMembershipStart('input', 'R1', '2012-05-10', { ...accepted, decision: 'DECLINED' }, []))).toBe('input.referral: referral 7 has not been accepted by a panel (DECLINED).');
    expect(fails(() => checkMembershipStart('input', 'R1', '2012-05-08', accepted, []))).toBe('input.agreementSignedDate: 2012-05-08 is before the panel accepted the referral (2012-05-09).');
    expect(fails(() => checkMembershipStart('input', 'R1', '2012-05-10', null, [{ startDate: '2012-01-01' }]))).toBe('input.agreementSignedDate: R1 is already on the scheme (since 2012-01-01).');
    expect(fails(() => checkMembershipStart('input', 'R1', '2012-05-10', null, [{ startDate: '2012-01-01', endDate: '2012-06-01' }]))).toBe('input.agreementSignedDate: 2012-05-10 is before the end of an earlier membership (2012-06-01).');
  });
});

describe('reviews', () => {
  it('falls within the spell, both ends included', () => {
    expect(checkReview('input', { startDate: '2012-05-10', endDate: '2012-08-01' }, { reviewDate: '2012-08-01', status: 'GREEN' }).reviewDate).toBe('2012-08-01');
    expect(checkReview('input', { startDate: '2012-05-10' }, { reviewDate: '2012-05-10', status: 'RED' }).status).toBe('RED');
  });
  it('refuses a review before the membership starts or after it ended', () => {
    expect(fails(() => checkReview('input', { startDate: '2012-05-10' }, { reviewDate: '2012-05-09', status: 'RED' }))).toBe('input.reviewDate: 2012-05-09 is before the membership starts (2012-05-10).');
    expect(fails(() => checkReview('input', { startDate: '2012-05-10', endDate: '2012-06-01' }, { reviewDate: '2012-06-02', status: 'RED' }))).toBe('input.reviewDate: 2012-06-02 is after the membership ended (2012-06-01).');
  });
});

describe('de-selection', () => {
  const spell = { startDate: '2012-05-10' };
  it('takes one of the six reasons, or OTHER with a note', () => {
    expect(checkDeselection('input', spell, '2012-07-01', { endDate: '2012-08-01', reason: 'DIED' })).toEqual({ endDate: '2012-08-01', deselectionReason: 'DIED', deselectionNote: null });
    expect(checkDeselection('input', spell, null, { endDate: '2012-08-01', reason: 'OTHER', note: 'Long custodial sentence' }).deselectionNote).toBe('Long custodial sentence');
  });
  it('refuses no reason, OTHER without a note, an end not after the start, an end before a review, a second end', () => {
    expect(fails(() => checkDeselection('input', spell, null, { endDate: '2012-08-01' }))).toBe('input.reason: a de-selection needs a reason: one of the six criteria, or OTHER with a note.');
    expect(fails(() => checkDeselection('input', spell, null, { endDate: '2012-08-01', reason: 'OTHER', note: ' ' }))).toBe('input.note: state the reason when it is OTHER.');
    expect(fails(() => checkDeselection('input', spell, null, { endDate: '2012-05-10', reason: 'DIED' }))).toBe('input.endDate: 2012-05-10 is not after the membership starts (2012-05-10).');
    expect(fails(() => checkDeselection('input', spell, '2012-08-02', { endDate: '2012-08-01', reason: 'DIED' }))).toBe('input.endDate: 2012-08-01 is before a review already recorded (2012-08-02).');
    expect(fails(() => checkDeselection('input', { ...spell, endDate: '2012-06-01' }, null, { endDate: '2012-08-01', reason: 'DIED' }))).toBe('input: the membership already ended on 2012-06-01.');
  });
  it('refuses an offence-free year when an offence is dated within the year before the end, and says which', () => {
    const offences = ['2011-01-04', '2012-01-15', '2012-12-01'];
    expect(fails(() => checkDeselection('input', spell, null, { endDate: '2012-12-20', reason: 'OFFENCE_FREE_YEAR' }, offences)))
      .toBe('input.reason: not a year free of offending: 2 offences are dated within the year before 2012-12-20 (2012-12-01, on or after 2011-12-20).');
    expect(checkDeselection('input', spell, null, { endDate: '2014-01-15', reason: 'OFFENCE_FREE_YEAR' }, offences).deselectionReason).toBe('OFFENCE_FREE_YEAR');
    expect(checkDeselection('input', spell, null, { endDate: '2012-12-20', reason: 'MOVED_OUT_OF_AREA' }, offences).deselectionReason).toBe('MOVED_OUT_OF_AREA');
  });
  it('reports every problem at once, each naming its field', () => {
    try {
      checkDeselection('input', spell, '2012-08-02', { endDate: '2012-08-01', reason: 'OTHER' });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as { details: { problems: unknown } }).details.problems).toEqual([
        { field: 'input.endDate', message: 'input.endDate: 2012-08-01 is before a review already recorded (2012-08-02).' },
        { field: 'input.note', message: 'input.note: state the reason when it is OTHER.' },
      ]);
    }
  });
});

describe('offences', () => {
  const categories = new Map([['28A', { banding: 'Burglary Dwelling' }]]);
  it('takes a known code and an outcome on or after the offence', () => {
    expect(checkOffence('input', categories, { crimSec3Code: ' 28A ', offenceDate: '2012-07-01', outcome: 'CAUTION', outcomeDate: '2012-07-01' }).category.banding).toBe('Burglary Dwelling');
  });
  it('refuses an unknown code and an outcome before the offence', () => {
    expect(fails(() => checkOffence('input', categories, { crimSec3Code: '99', offenceDate: '2012-07-01', outcome: 'CAUTION', outcomeDate: '2012-07-02' }))).toBe('input.crimSec3Code: "99" is not a known CrimSec3 code.');
    expect(fails(() => checkOffence('input', categories, { crimSec3Code: '28A', offenceDate: '2012-07-01', outcome: 'CONVICTION', outcomeDate: '2012-06-30' }))).toBe('input.outcomeDate: 2012-06-30 is before the offence (2012-07-01).');
    expect(fails(() => checkOffence('input', categories, { crimSec3Code: '99X', offenceDate: '2012-02-30', outcome: 'CONVICTION', outcomeDate: 'soon' })))
      .toBe('input.crimSec3Code: "99X" is not a known CrimSec3 code. (and 2 more problems)');
  });
});
