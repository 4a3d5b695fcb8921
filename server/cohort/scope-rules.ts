/**
 * Scope rules: named checks a referral is put through, each saying whether it passed and why.
 * Pure: the facts are gathered by the service, the rules decide.
 */
export const ScopeRule = {
  /** Pan London model (Barnet paper 5.2): ORGS 50–74% with a robbery or burglary offence, or ORGS 75%+. */
  PAN_LONDON_ORGS: 'PAN_LONDON_ORGS',
  /** Norfolk & Suffolk 180 (paper 3.3): domestic abuse perpetrators and registered sex offenders are not suitable. */
  NORFOLK_SUFFOLK_EXCLUSIONS: 'NORFOLK_SUFFOLK_EXCLUSIONS',
} as const;
export type ScopeRule = (typeof ScopeRule)[keyof typeof ScopeRule];

export interface ScopeFacts {
  /** ORGS in whole percent, or null when not assessed. */
  orgsScore: number | null;
  /** CrimSec3 bandings of the index offence and of proven offences up to the referral. */
  offenceBandings: readonly string[];
  domesticAbusePerpetrator: boolean;
  registeredSexOffender: boolean;
}

export interface ScopeCheck {
  rule: ScopeRule;
  passed: boolean;
  reason: string;
}

const ROBBERY_OR_BURGLARY = /^(robbery|burglary)/i;

export function panLondonOrgs(facts: ScopeFacts): ScopeCheck {
  const rule = ScopeRule.PAN_LONDON_ORGS;
  const orgs = facts.orgsScore;
  if (orgs === null) return { rule, passed: false, reason: 'No ORGS score is recorded; the Pan London rule needs one.' };
  if (orgs >= 75) return { rule, passed: true, reason: `ORGS ${orgs}% is 75% or more.` };
  if (orgs >= 50) {
    const match = facts.offenceBandings.find((banding) => ROBBERY_OR_BURGLARY.test(banding));
    return match
      ? { rule, passed: true, reason: `ORGS ${orgs}% is between 50% and 74% with a ${match} offence.` }
      : { rule, passed: false, reason: `ORGS ${orgs}% is between 50% and 74% but there is no robbery or burglary offence.` };
  }
  return { rule, passed: false, reason: `ORGS ${orgs}% is below 50%.` };
}

export function norfolkSuffolkExclusions(facts: ScopeFacts): ScopeCheck {
  const rule = ScopeRule.NORFOLK_SUFFOLK_EXCLUSIONS;
  const excluded = [
    facts.domesticAbusePerpetrator ? 'a domestic abuse perpetrator' : null,
    facts.registeredSexOffender ? 'a registered sex offender' : null,
  ].filter((x): x is string => x !== null);
  return excluded.length
    ? { rule, passed: false, reason: `Not suitable: ${excluded.join(' and ')}.` }
    : { rule, passed: true, reason: 'Neither a domestic abuse perpetrator nor a registered sex offender.' };
}

const CHECKS: Record<ScopeRule, (facts: ScopeFacts) => ScopeCheck> = {
  PAN_LONDON_ORGS: panLondonOrgs,
  NORFOLK_SUFFOLK_EXCLUSIONS: norfolkSuffolkExclusions,
};

/** Runs the named rules in order; a referral is in scope when every one passes (and when no rule applies). */
export function checkScope(rules: readonly ScopeRule[], facts: ScopeFacts): { inScope: boolean; checks: ScopeCheck[] } {
  const checks = rules.map((rule) => CHECKS[rule](facts));
  return { inScope: checks.every((check) => check.passed), checks };
}
