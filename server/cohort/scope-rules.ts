/**
 * Scope rules: named checks a referral is put through, each saying whether it passed and why.
 * Pure: the facts are gathered by the service, the rules decide.
 */
import { monthsBefore } from '../calendar/months.js';

export const ScopeRule = {
  /** Pan London model (Barnet paper 5.2): ORGS 50–74% with a robbery or burglary offence, or ORGS 75%+. */
  PAN_LONDON_ORGS: 'PAN_LONDON_ORGS',
  /** Norfolk & Suffolk 180 (paper 3.3): domestic abuse perpetrators and registered sex offenders are not suitable. */
  NORFOLK_SUFFOLK_EXCLUSIONS: 'NORFOLK_SUFFOLK_EXCLUSIONS',
  /** Pan London model (Barnet paper 5.2): "newly sentenced cases": convicted in the three months up to the referral. */
  NEWLY_SENTENCED: 'NEWLY_SENTENCED',
  /** IOM does not include level 2 and 3 MAPPA cases (Barnet 4.8, principle 5; Thurrock's third de-selection criterion). */
  MAPPA_EXCLUSION: 'MAPPA_EXCLUSION',
} as const;
export type ScopeRule = (typeof ScopeRule)[keyof typeof ScopeRule];

export interface ScopeFacts {
  /** ORGS in whole percent, or null when not assessed. */
  orgsScore: number | null;
  /** CrimSec3 bandings of the index offence and of proven offences up to the referral. */
  offenceBandings: readonly string[];
  domesticAbusePerpetrator: boolean;
  registeredSexOffender: boolean;
  /** The referral's date, YYYY-MM-DD. */
  referralDate: string;
  /** The latest conviction (its outcome date) on or before the referral, or null. */
  latestConvictionDate: string | null;
  /** The MAPPA level (1–3) the nominal is managed at, or null. */
  mappaLevel: number | null;
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

/** Newly sentenced: a conviction in the three months up to the referral date (both ends included). */
export function newlySentenced(facts: ScopeFacts): ScopeCheck {
  const rule = ScopeRule.NEWLY_SENTENCED;
  const since = monthsBefore(facts.referralDate, 3);
  const latest = facts.latestConvictionDate;
  if (!latest) return { rule, passed: false, reason: 'No conviction is recorded by the referral date.' };
  return latest >= since
    ? { rule, passed: true, reason: `Convicted on ${latest}, within the three months before the referral (${facts.referralDate}).` }
    : { rule, passed: false, reason: `Not newly sentenced: the latest conviction (${latest}) is before ${since}, three months before the referral.` };
}

/** Level 2 and 3 MAPPA cases are managed under MAPPA, not IOM. */
export function mappaExclusion(facts: ScopeFacts): ScopeCheck {
  const rule = ScopeRule.MAPPA_EXCLUSION;
  const level = facts.mappaLevel;
  return level !== null && level >= 2
    ? { rule, passed: false, reason: `Managed under MAPPA at level ${level}: IOM does not include level 2 and 3 MAPPA cases.` }
    : { rule, passed: true, reason: level === 1 ? 'A level 1 MAPPA case, which IOM may include.' : 'Not a MAPPA case.' };
}

const CHECKS: Record<ScopeRule, (facts: ScopeFacts) => ScopeCheck> = {
  PAN_LONDON_ORGS: panLondonOrgs,
  NORFOLK_SUFFOLK_EXCLUSIONS: norfolkSuffolkExclusions,
  NEWLY_SENTENCED: newlySentenced,
  MAPPA_EXCLUSION: mappaExclusion,
};

/** Runs the named rules in order; a referral is in scope when every one passes (and when no rule applies). */
export function checkScope(rules: readonly ScopeRule[], facts: ScopeFacts): { inScope: boolean; checks: ScopeCheck[] } {
  const checks = rules.map((rule) => CHECKS[rule](facts));
  return { inScope: checks.every((check) => check.passed), checks };
}
