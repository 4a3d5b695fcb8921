import { describe, expect, it } from 'vitest';
import { checkScope, norfolkSuffolkExclusions, panLondonOrgs, type ScopeFacts } from './scope-rules.js';

const facts = (over: Partial<ScopeFacts>): ScopeFacts => ({ orgsScore: null, offenceBandings: [], domesticAbusePerpetrator: false, registeredSexOffender: false, ...over });

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
