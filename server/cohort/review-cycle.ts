/**
 * The review cycle: how often a member of each RAG status is reviewed (Thurrock: "a fortnightly
 * review of all red offenders"), and who is due or overdue on a date. Pure.
 */
import { badInput } from '../errors/domain-error.js';
import { InputChecks } from '../errors/problems.js';
import { requireWholeNumber } from '../errors/validate.js';
import type { RagStatus } from './cohort.entity.js';

/** A member on the scheme at the date, with their latest review on or before it (none: null). */
export interface MemberReviewState {
  membershipId: number;
  reference: string;
  startDate: string;
  status: RagStatus | null;
  lastReviewDate: string | null;
}

export interface ReviewDue extends MemberReviewState {
  /** When the next review is due: the last review + the status's cadence, or the start for a member never reviewed. */
  dueDate: string;
  /** Days from the due date to the date asked about: positive overdue, 0 due that day, negative not yet due. */
  daysOverdue: number;
  /** The cadence applied; null for a member never reviewed. */
  everyDays: number | null;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** A cadence as set: each status at most once, every 1 to 365 days. */
export function checkCadence(field: string, cadence: readonly { status: RagStatus; everyDays: number }[]): Map<RagStatus, number> {
  const checks = new InputChecks();
  const byStatus = new Map<RagStatus, number>();
  const seen = new Set<RagStatus>();
  cadence.forEach((c, i) => {
    if (seen.has(c.status)) checks.add(badInput(`${field}[${i}].status`, `${c.status} is listed twice.`));
    seen.add(c.status);
    const days = checks.check(() => requireWholeNumber(`${field}[${i}].everyDays`, c.everyDays, { min: 1, max: 365 }));
    if (days !== undefined) byStatus.set(c.status, days);
  });
  checks.done();
  return byStatus;
}

/**
 * The members whose next review is due on or before `date` + `withinDays`: those whose latest
 * status has a cadence (due that many days after the review), and those never reviewed (due from
 * their start). Overdue first, then by reference.
 */
export function reviewsDue(members: readonly MemberReviewState[], cadence: ReadonlyMap<RagStatus, number>, date: string, withinDays = 0): ReviewDue[] {
  const horizon = dayNumber(date) + withinDays;
  const due: ReviewDue[] = [];
  for (const member of members) {
    const everyDays = member.status ? cadence.get(member.status) : undefined;
    if (member.status && everyDays === undefined) continue;
    const dueDay = member.lastReviewDate && everyDays !== undefined ? dayNumber(member.lastReviewDate) + everyDays : dayNumber(member.startDate);
    if (dueDay > horizon) continue;
    due.push({ ...member, dueDate: dateOf(dueDay), daysOverdue: dayNumber(date) - dueDay, everyDays: everyDays ?? null });
  }
  return due.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.reference.localeCompare(b.reference));
}
