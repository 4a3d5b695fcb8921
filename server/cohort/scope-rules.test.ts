import { describe, expect, it } from 'vitest';
import { checkScope, mappaExclusion, newlySentenced, norfolkSuffolkExclusions, panLondonOrgs, type ScopeFacts } from './scope-rules.js';

const facts = (over: Partial<ScopeFacts>): ScopeFacts => ({
  orgsScore: null, offenceBandings: [], domesticAbusePerpetrator: false, registeredSexOffender: false, referralDate: '2014-11-05', latestConvictionDate: null, mappaLevel: null, ...over,
});

describe('Pan London ORGS rule', () => {
  it.each([
    [75, [], true, 'ORGS 75% is 75% or more.'],
    [92, ['Theft from Motor Vehicle'], true, 'ORGS 92% is 75% or more.'],
    [74, ['Robbery'], true, 'ORGS 74% is between 50% and 74% with a Robbery offence.'],
    [50, ['Theft of Motor Vehicle', 'Burglary Dwelling'], true, 'ORGS 50% is between 50% and 74% with a Burglary Dwelling offence.'],
    [60, ['Burglary Non-Dwelling'], true, 'ORGS 60% is between 50% and 74% with a Burglary Non-Dwelling offence.'],
    [74, ['Theft from Motor Vehicle'], false, 'ORGS 74% is between 50% and 74% but there is no robbery or burglary offence.'],
    [49, ['Robbery'], false, 'ORGS 49% is below 50%.'],
    [null, ['Robbery'], false, 'No ORGS score is recorded; the Pan London rule needs one.'],
  ] as const)('ORGS %s with %j: passed %s', (orgsScore, offenceBandings, passed, reason) => {
    expect(panLondonOrgs(facts({ orgsScore, offenceBandings }))).toEqual({ rule: 'PAN_LONDON_ORGS', passed, reason });
  });
});

describe('Norfolk & Suffolk exclusions', () => {
  it('passes someone who is neither', () => {
    expect(norfolkSuffolkExclusions(facts({})).passed).toBe(true);
  });
  it('excludes a domestic abuse perpetrator', () => {
    expect(norfolkSuffolkExclusions(facts({ domesticAbusePerpetrator: true }))).toEqual({ rule: 'NORFOLK_SUFFOLK_EXCLUSIONS', passed: false, reason: 'Not suitable: a domestic abuse perpetrator.' });
  });
  it('excludes a registered sex offender', () => {
    expect(norfolkSuffolkExclusions(facts({ registeredSexOffender: true })).reason).toBe('Not suitable: a registered sex offender.');
  });
  it('names both reasons when both apply', () => {
    expect(norfolkSuffolkExclusions(facts({ registeredSexOffender: true, domesticAbusePerpetrator: true })).reason).toBe('Not suitable: a domestic abuse perpetrator and a registered sex offender.');
  });
});

describe('checkScope', () => {
  it('is in scope only when every rule passes, and lists each check', () => {
    const result = checkScope(['PAN_LONDON_ORGS', 'NORFOLK_SUFFOLK_EXCLUSIONS'], facts({ orgsScore: 80, registeredSexOffender: true }));
    expect(result.inScope).toBe(false);
    expect(result.checks.map((c) => [c.rule, c.passed])).toEqual([['PAN_LONDON_ORGS', true], ['NORFOLK_SUFFOLK_EXCLUSIONS', false]]);
  });
  it('is in scope when the partnership has no rules', () => {
    expect(checkScope([], facts({}))).toEqual({ inScope: true, checks: [] });
  });
});

describe('newly sentenced (Pan London model 5.2)', () => {
  it('passes a conviction in the three months up to the referral, both ends included', () => {
    expect(newlySentenced(facts({ latestConvictionDate: '2014-08-05' }))).toEqual({ rule: 'NEWLY_SENTENCED', passed: true, reason: 'Convicted on 2014-08-05, within the three months before the referral (2014-11-05).' });
    expect(newlySentenced(facts({ latestConvictionDate: '2014-08-04' }))).toMatchObject({ passed: false, reason: 'Not newly sentenced: the latest conviction (2014-08-04) is before 2014-08-05, three months before the referral.' });
    expect(newlySentenced(facts({}))).toMatchObject({ passed: false, reason: 'No conviction is recorded by the referral date.' });
  });
});

describe('the MAPPA exclusion', () => {
  it('refuses level 2 and 3 MAPPA cases and passes the rest', () => {
    expect(mappaExclusion(facts({ mappaLevel: 2 }))).toEqual({ rule: 'MAPPA_EXCLUSION', passed: false, reason: 'Managed under MAPPA at level 2: IOM does not include level 2 and 3 MAPPA cases.' });
    expect(mappaExclusion(facts({ mappaLevel: 3 })).passed).toBe(false);
    expect(mappaExclusion(facts({ mappaLevel: 1 }))).toMatchObject({ passed: true, reason: 'A level 1 MAPPA case, which IOM may include.' });
    expect(mappaExclusion(facts({}))).toMatchObject({ passed: true, reason: 'Not a MAPPA case.' });
  });

  it('puts a newly sentenced level 3 case out of scope with the Pan London rules', () => {
    const scope = checkScope(['PAN_LONDON_ORGS', 'NEWLY_SENTENCED', 'MAPPA_EXCLUSION'], facts({ orgsScore: 80, latestConvictionDate: '2014-10-01', mappaLevel: 3 }));
    expect(scope.inScope).toBe(false);
    expect(scope.checks.map((c) => c.passed)).toEqual([true, true, false]);
  });
});
