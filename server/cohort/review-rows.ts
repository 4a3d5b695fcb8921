import type DataLoader from 'dataloader';
import type { HubContext } from '../context.js';
import { childrenOf } from '../db/batch.js';
import { plainEntitiesOf, readsLean } from '../db/entity-rows.js';
import { scopeOf } from '../db/partnership-scope.js';
import { StatusReview } from './cohort.entity.js';
import { loader } from './cohort-list.service.js';

/**
 * Every review of many memberships, by id, in one statement, as childrenOf(StatusReview,
 * 'membership') reads them. On the lean read path (a query, never a write's transaction) the
 * reviews are plain rows (plainEntitiesOf) whose membership is the plain one the cohort page made
 * (or the ORM's, as a find would give it), so the audit of nominal reads reaches each review's
 * nominal. The statement keeps the ORM's partnership scope (through the membership's nominal).
 */
export function reviewsOfMembers(ctx: HubContext): DataLoader<number, StatusReview[]> {
  const { em } = ctx;
  if (!readsLean(em)) return childrenOf(ctx, StatusReview, 'membership');
  return loader(ctx, 'plainReviews.membership', async (membershipIds: readonly number[]) => {
    const scope = scopeOf(em, 'n.partnership_id');
    const reviews = await plainEntitiesOf(
      em,
      StatusReview,
      `SELECT r.* FROM status_review r JOIN membership m ON m.id = r.membership_id JOIN nominal n ON n.id = m.nominal_id
        WHERE r.membership_id IN (:membershipIds) AND ${scope.where} ORDER BY r.id`,
      { membershipIds: [...membershipIds], ...scope.params },
    );
    const byMembership = new Map<number, StatusReview[]>(membershipIds.map((id) => [id, []]));
    for (const review of reviews) byMembership.get(review.membership.id)?.push(review);
    return membershipIds.map((id) => byMembership.get(id) ?? []);
  });
}
