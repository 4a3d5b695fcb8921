/**
 * The rules of the cohort lifecycle (referral → panel → signed agreement → reviews →
 * de-selection, and proven offences), as pure checks shared by the single mutations and the bulk
 * imports. Each returns the cleaned values or throws BAD_USER_INPUT naming the field, with every
 * problem of the input listed (server/errors/problems.ts), not only the first.
 */
import { monthsBefore } from '../calendar/months.js';
import { badInput } from '../errors/domain-error.js';
import { InputChecks } from '../errors/problems.js';
import { optionalText, requireDate } from '../errors/validate.js';
import type { DeselectionReason, OffenceOutcome, PanelDecision, RagStatus } from './cohort.entity.js';

export interface Spell {
  startDate: string;
  endDate?: string | null;
}

export function checkPanelDecision(field: string, referralDate: string, input: { panelDate: string; decision: PanelDecision; note?: string | null }) {
  const checks = new InputChecks();
  const panelDate = checks.check(() => requireDate(`${field}.panelDate`, input.panelDate));
  if (panelDate && panelDate < referralDate) checks.add(badInput(`${field}.panelDate`, `${panelDate} is before the referral (${referralDate}).`));
  if (input.decision === 'PENDING') checks.add(badInput(`${field}.decision`, 'a panel decides ACCEPTED or DECLINED.'));
  const decisionNote = checks.check(() => optionalText(`${field}.note`, input.note));
  checks.done();
  return { panelDate: panelDate!, decision: input.decision, decisionNote: decisionNote ?? null };
}

/** A new spell starts on the signed agreement date: after an accepted panel decision, and after any earlier spell ended. */
export function checkMembershipStart(field: string, reference: string, agreementSignedDate: string, referral: { id: string; decision: PanelDecision; panelDate?: string | null } | null, earlier: readonly Spell[]): string {
  const checks = new InputChecks();
  const startDate = checks.check(() => requireDate(`${field}.agreementSignedDate`, agreementSignedDate));
  if (referral) {
    if (referral.decision !== 'ACCEPTED') checks.add(badInput(`${field}.referral`, `referral ${referral.id} has not been accepted by a panel (${referral.decision}).`));
    else if (startDate && referral.panelDate && startDate < referral.panelDate)
      checks.add(badInput(`${field}.agreementSignedDate`, `${startDate} is before the panel accepted the referral (${referral.panelDate}).`));
  }
  for (const spell of earlier) {
    if (!spell.endDate) checks.add(badInput(`${field}.agreementSignedDate`, `${reference} is already on the scheme (since ${spell.startDate}).`));
    else if (startDate && startDate < spell.endDate) checks.add(badInput(`${field}.agreementSignedDate`, `${startDate} is before the end of an earlier membership (${spell.endDate}).`));
  }
  checks.done();
  return startDate!;
}

/** A review falls within its spell: on or after the start, and on or before the end. */
export function checkReview(field: string, spell: Spell, input: { reviewDate: string; status: RagStatus; note?: string | null }) {
  const checks = new InputChecks();
  const reviewDate = checks.check(() => requireDate(`${field}.reviewDate`, input.reviewDate));
  if (reviewDate && reviewDate < spell.startDate) checks.add(badInput(`${field}.reviewDate`, `${reviewDate} is before the membership starts (${spell.startDate}).`));
  if (reviewDate && spell.endDate && reviewDate > spell.endDate) checks.add(badInput(`${field}.reviewDate`, `${reviewDate} is after the membership ended (${spell.endDate}).`));
  const note = checks.check(() => optionalText(`${field}.note`, input.note));
  checks.done();
  return { reviewDate: reviewDate!, status: input.status, note: note ?? null };
}

/** The year an offence-free-year de-selection looks back over: offences dated from 12 months before the end to the day before it. */
export function offenceFreeYear(endDate: string): { from: string; to: string } {
  return { from: monthsBefore(endDate, 12), to: endDate };
}

/**
 * A de-selection needs a reason (OTHER with a note), an end after the start, and no review after
 * the end; "a total one year free of offending" (the first Essex criterion) is refused when a
 * proven offence is dated within the year before the end. `offenceDates`: the nominal's offences.
 */
export function checkDeselection(
  field: string,
  spell: Spell,
  lastReviewDate: string | null,
  input: { endDate: string; reason?: DeselectionReason | null; note?: string | null },
  offenceDates: readonly string[] = [],
) {
  if (spell.endDate) throw badInput(field, `the membership already ended on ${spell.endDate}.`);
  const checks = new InputChecks();
  const endDate = checks.check(() => requireDate(`${field}.endDate`, input.endDate));
  if (endDate && endDate <= spell.startDate) checks.add(badInput(`${field}.endDate`, `${endDate} is not after the membership starts (${spell.startDate}).`));
  if (endDate && lastReviewDate && lastReviewDate > endDate) checks.add(badInput(`${field}.endDate`, `${endDate} is before a review already recorded (${lastReviewDate}).`));
  if (!input.reason) checks.add(badInput(`${field}.reason`, 'a de-selection needs a reason: one of the six criteria, or OTHER with a note.'));
  const note = checks.check(() => optionalText(`${field}.note`, input.note));
  if (input.reason === 'OTHER' && note === null) checks.add(badInput(`${field}.note`, 'state the reason when it is OTHER.'));
  if (endDate && input.reason === 'OFFENCE_FREE_YEAR') {
    const year = offenceFreeYear(endDate);
    const within = offenceDates.filter((date) => date >= year.from && date < year.to).sort();
    if (within.length)
      checks.add(badInput(`${field}.reason`, `not a year free of offending: ${within.length === 1 ? 'an offence is' : `${within.length} offences are`} dated within the year before ${endDate} (${within.at(-1)}, on or after ${year.from}).`));
  }
  checks.done();
  return { endDate: endDate!, deselectionReason: input.reason!, deselectionNote: note ?? null };
}

/** A proven offence: a code of the offence classification, and an outcome on or after the offence. */
export function checkOffence<C>(field: string, categories: ReadonlyMap<string, C>, input: { crimSec3Code: string; offenceDate: string; outcome: OffenceOutcome; outcomeDate: string }) {
  const checks = new InputChecks();
  const category = categories.get(input.crimSec3Code.trim());
  if (!category) checks.add(badInput(`${field}.crimSec3Code`, `"${input.crimSec3Code}" is not a known CrimSec3 code.`));
  const offenceDate = checks.check(() => requireDate(`${field}.offenceDate`, input.offenceDate));
  const outcomeDate = checks.check(() => requireDate(`${field}.outcomeDate`, input.outcomeDate));
  if (offenceDate && outcomeDate && outcomeDate < offenceDate) checks.add(badInput(`${field}.outcomeDate`, `${outcomeDate} is before the offence (${offenceDate}).`));
  checks.done();
  return { category: category!, offenceDate: offenceDate!, outcome: input.outcome, outcomeDate: outcomeDate! };
}
