import type { EntityManager } from '@mikro-orm/core';
import { sql } from '../db/sql.js';
import { writeTransaction } from '../db/write.js';
import { optionalText, requireDate, requireWholeNumber } from '../errors/validate.js';
import { requirePartnership } from '../partnership/lookup.js';
import { Membership, ReviewCadence, ScoringMatrix, type RagStatus } from './cohort.entity.js';
import type { ReviewCadenceInput, ScoringMatrixInput } from './cohort.input.js';
import { checkCadence, reviewsDue, type MemberReviewState, type ReviewDue } from './review-cycle.js';
import { checkMatrix } from './scoring.js';

/** Sets (or replaces) a partnership's referral scoring matrix; referrals already scored keep the factors and threshold they were scored on. */
export async function setScoringMatrix(em: EntityManager, partnershipCode: string, input: ScoringMatrixInput): Promise<ScoringMatrix> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const matrix = checkMatrix('matrix', input);
    const source = optionalText('matrix.source', input.source);
    const current = await tx.findOne(ScoringMatrix, { partnership });
    const record = current ?? tx.create(ScoringMatrix, { partnership, threshold: matrix.threshold, factors: [] } as unknown as ScoringMatrix);
    Object.assign(record, { threshold: matrix.threshold, factors: matrix.factors, source });
    await tx.flush();
    return record;
  });
}

/** Sets a partnership's review cadence: the statuses listed and how often; a status left out has none. */
export async function setReviewCadence(em: EntityManager, partnershipCode: string, cadence: readonly ReviewCadenceInput[], source?: string | null): Promise<ReviewCadence[]> {
  return writeTransaction(em, async (tx) => {
    const partnership = await requirePartnership(tx, 'partnership', partnershipCode);
    const byStatus = checkCadence('cadence', cadence);
    const note = optionalText('source', source);
    const current = new Map((await tx.find(ReviewCadence, { partnership })).map((c) => [c.status, c]));
    for (const [status, row] of current) if (!byStatus.has(status)) tx.remove(row);
    const rows = [...byStatus].map(([status, everyDays]) => {
      const row = current.get(status) ?? tx.create(ReviewCadence, { partnership, status, everyDays, source: note } as ReviewCadence);
      return Object.assign(row, { everyDays, source: note });
    });
    await tx.flush();
    return rows;
  });
}

export async function loadReviewCadence(em: EntityManager, partnershipCode: string): Promise<ReviewCadence[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  return em.find(ReviewCadence, { partnership }, { orderBy: { id: 'asc' } });
}

/** A member due for review, with the membership to act on. */
export type ReviewDueView = ReviewDue & { membership: Membership };

/** The latest review of each member on the scheme at :date, for :partnershipId. */
const MEMBER_REVIEWS_SQL = `WITH active AS (
       SELECT m.id, n.reference, m.start_date FROM nominal n CROSS JOIN membership m ON m.nominal_id = n.id
       WHERE n.partnership_id = :partnershipId AND m.start_date <= :date AND (m.end_date IS NULL OR m.end_date > :date)),
     latest AS (
       SELECT r.membership_id, r.status, r.review_date, ROW_NUMBER() OVER (PARTITION BY r.membership_id ORDER BY r.review_date DESC, r.id DESC) AS rn
       FROM active a CROSS JOIN status_review r ON r.membership_id = a.id WHERE r.review_date <= :date)
     SELECT a.id, a.reference, a.start_date, l.status, l.review_date FROM active a LEFT JOIN latest l ON l.membership_id = a.id AND l.rn = 1`;

/**
 * Review cycle v1: members on the scheme at `date` whose next review is due by `date` + `withinDays`
 * under the partnership's cadence (and members never reviewed). Nominal-level: the answer's members are audited as read (nominal-reads.ts).
 */
export async function loadReviewsDue(em: EntityManager, partnershipCode: string, dateText: string, withinDays = 0): Promise<ReviewDueView[]> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  const date = requireDate('date', dateText);
  const ahead = requireWholeNumber('withinDays', withinDays, { max: 366 });
  const cadence = new Map((await em.find(ReviewCadence, { partnership })).map((c) => [c.status, c.everyDays] as [RagStatus, number]));
  const rows = await sql<{ id: number; reference: string; start_date: string; status: RagStatus | null; review_date: string | null }>(em, MEMBER_REVIEWS_SQL, { partnershipId: partnership.id, date });
  const members: MemberReviewState[] = rows.map((r) => ({ membershipId: Number(r.id), reference: r.reference, startDate: r.start_date, status: r.status, lastReviewDate: r.review_date }));
  const due = reviewsDue(members, cadence, date, ahead);
  const memberships = new Map(due.length ? (await em.find(Membership, { id: { $in: due.map((d) => d.membershipId) } })).map((m) => [m.id, m]) : []);
  return due.map((d) => ({ ...d, membership: memberships.get(d.membershipId)! }));
}
