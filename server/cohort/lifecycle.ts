/**
 * The rules of the cohort lifecycle (referral → panel → signed agreement → reviews →
 * de-selection, and proven offences), as pure checks shared by the single mutations and the bulk
 * import. Each returns the cleaned values or throws BAD_USER_INPUT naming the field.
 */
import { badInput } from '../errors/domain-error.js';
import { optionalText, requireDate } from '../errors/validate.js';
import type { DeselectionReason, OffenceOutcome, PanelDecision, RagStatus } from './cohort.entity.js';

export interface Spell {
  startDate: string;
  endDate?: string | null;
}

export function checkPanelDecision(field: string, referralDate: string, input: { panelDate: string; decision: PanelDecision; note?: string | null }) {
  const panelDate = requireDate(`${field}.panelDate`, input.panelDate);
  if (panelDate < referralDate) throw badInput(`${field}.panelDate`, `${panelDate} is before the referral (${referralDate}).`);
  if (input.decision === 'PENDING') throw badInput(`${field}.decision`, 'a panel decides ACCEPTED or DECLINED.');
  return { panelDate, decision: input.decision, decisionNote: optionalText(`${field}.note`, input.note) };
}

/** A new spell starts on the signed agreement date: after an accepted panel decision, and after any earlier spell ended. */
export function checkMembershipStart(field: string, reference: string, agreementSignedDate: string, referral: { id: string; decision: PanelDecision; panelDate?: string | null } | null, earlier: readonly Spell[]): string {
  const startDate = requireDate(`${field}.agreementSignedDate`, agreementSignedDate);
  if (referral) {
    if (referral.decision !== 'ACCEPTED') throw badInput(`${field}.referral`, `referral ${referral.id} has not been accepted by a panel (${referral.decision}).`);
    if (referral.panelDate && startDate < referral.panelDate)
      throw badInput(`${field}.agreementSignedDate`, `${startDate} is before the panel accepted the referral (${referral.panelDate}).`);
  }
  for (const spell of earlier) {
    if (!spell.endDate) throw badInput(`${field}.agreementSignedDate`, `${reference} is already on the scheme (since ${spell.startDate}).`);
    if (startDate < spell.endDate) throw badInput(`${field}.agreementSignedDate`, `${startDate} is before the end of an earlier membership (${spell.endDate}).`);
  }
  return startDate;
}

/** A review falls within its spell: on or after the start, and on or before the end. */
export function checkReview(field: string, spell: Spell, input: { reviewDate: string; status: RagStatus; note?: string | null }) {
  const reviewDate = requireDate(`${field}.reviewDate`, input.reviewDate);
  if (reviewDate < spell.startDate) throw badInput(`${field}.reviewDate`, `${reviewDate} is before the membership starts (${spell.startDate}).`);
  if (spell.endDate && reviewDate > spell.endDate) throw badInput(`${field}.reviewDate`, `${reviewDate} is after the membership ended (${spell.endDate}).`);
  return { reviewDate, status: input.status, note: optionalText(`${field}.note`, input.note) };
}

/** A de-selection needs a reason (OTHER with a note), an end after the start, and no review after the end. */
export function checkDeselection(field: string, spell: Spell, lastReviewDate: string | null, input: { endDate: string; reason?: DeselectionReason | null; note?: string | null }) {
  if (spell.endDate) throw badInput(field, `the membership already ended on ${spell.endDate}.`);
  const endDate = requireDate(`${field}.endDate`, input.endDate);
  if (endDate <= spell.startDate) throw badInput(`${field}.endDate`, `${endDate} is not after the membership starts (${spell.startDate}).`);
  if (!input.reason) throw badInput(`${field}.reason`, 'a de-selection needs a reason: one of the six criteria, or OTHER with a note.');
  const note = optionalText(`${field}.note`, input.note);
  if (input.reason === 'OTHER' && !note) throw badInput(`${field}.note`, 'state the reason when it is OTHER.');
  if (lastReviewDate && lastReviewDate > endDate) throw badInput(`${field}.endDate`, `${endDate} is before a review already recorded (${lastReviewDate}).`);
  return { endDate, deselectionReason: input.reason, deselectionNote: note };
}

/** A proven offence: a known CrimSec3 code, and an outcome on or after the offence. */
export function checkOffence<C>(field: string, categories: ReadonlyMap<string, C>, input: { crimSec3Code: string; offenceDate: string; outcome: OffenceOutcome; outcomeDate: string }) {
  const category = categories.get(input.crimSec3Code.trim());
  if (!category) throw badInput(`${field}.crimSec3Code`, `"${input.crimSec3Code}" is not a known CrimSec3 code.`);
  const offenceDate = requireDate(`${field}.offenceDate`, input.offenceDate);
  const outcomeDate = requireDate(`${field}.outcomeDate`, input.outcomeDate);
  if (outcomeDate < offenceDate) throw badInput(`${field}.outcomeDate`, `${outcomeDate} is before the offence (${offenceDate}).`);
  return { category, offenceDate, outcome: input.outcome, outcomeDate };
}
