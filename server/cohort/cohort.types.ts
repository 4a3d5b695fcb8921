import { Field, ObjectType } from 'type-graphql';
import { Membership, RagStatus, type ScoredFactor } from './cohort.entity.js';
import type { ReviewDueView } from './review-cycle.service.js';
import { explainScore, meetsThreshold } from './scoring.js';
import type { CohortPageView, } from './cohort-list.service.js';
import type { ScopeView } from './cohort.service.js';
import { Label } from '../units/label.js';
import { Count, Score } from '../units/scalars.js';

@ObjectType({ description: 'One scope rule applied to a referral: whether it passed, and why.' })
export class ScopeCheckResult {
  @Field(() => String, { description: 'PAN_LONDON_ORGS: ORGS 50–74% with a robbery or burglary offence, or ORGS 75%+. NORFOLK_SUFFOLK_EXCLUSIONS: not a domestic abuse perpetrator or registered sex offender.' })
  rule!: string;

  @Field(() => Boolean)
  passed!: boolean;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: 'A referral put through its partnership\'s scope rules (scope rules v1).' })
export class ReferralScope {
  @Field(() => Boolean, { description: 'True when every rule passes (or the partnership has none).' })
  inScope!: boolean;

  @Field(() => [ScopeCheckResult])
  checks!: ScopeCheckResult[];

  static from(view: ScopeView): ReferralScope {
    return Object.assign(new ReferralScope(), { inScope: view.inScope, checks: view.checks.map((c) => Object.assign(new ScopeCheckResult(), c)) });
  }
}

@ObjectType({ description: 'A page of a cohort list.' })
export class CohortPage {
  @Field(() => [Membership])
  nodes!: Membership[];

  @Field(() => Count, { description: 'Memberships matching the filter, over all pages.' })
  @Label('Total')
  totalCount!: number;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;

  static from(view: CohortPageView): CohortPage {
    return Object.assign(new CohortPage(), view);
  }
}

@ObjectType({ description: 'One factor of a referral\'s score: value × weight = points, with the weight the matrix had when it was scored.' })
export class ScoredFactorResult {
  @Field(() => String) factor!: string;
  @Field(() => String) label!: string;
  @Field(() => Count) value!: number;
  @Field(() => Score) weight!: number;
  @Field(() => Score) points!: number;
}

@ObjectType({ description: 'A referral\'s matrix score explained factor by factor, against the threshold (the one it was scored against, else the partnership\'s now).' })
export class ReferralMatrix {
  @Field(() => Score) score!: number;
  @Field(() => Score, { nullable: true }) threshold!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'score ≥ threshold; null without a threshold.' }) meetsThreshold!: boolean | null;
  @Field(() => [ScoredFactorResult], { description: 'Empty when only a total was recorded.' }) factors!: ScoredFactorResult[];
  @Field(() => String, { description: 'The sum in words: "Class A drug misuse 1 × 5 = 5; … Total 26. At or above the threshold of 20."' }) explanation!: string;

  static from(score: number, factors: readonly ScoredFactor[], threshold: number | null): ReferralMatrix {
    return Object.assign(new ReferralMatrix(), {
      score, threshold, meetsThreshold: threshold === null ? null : meetsThreshold(score, threshold),
      factors: factors.map((f) => Object.assign(new ScoredFactorResult(), f)), explanation: explainScore(score, factors, threshold),
    });
  }
}

@ObjectType({ description: 'A member due or overdue for review on a date (review cycle v1): the last review + the cadence of its status, or the start for a member never reviewed.' })
export class ReviewDueResult {
  @Field(() => Membership) membership!: Membership;
  @Field(() => String, { description: 'The nominal\'s pseudonymous reference.' }) reference!: string;
  @Field(() => RagStatus, { nullable: true, description: 'Latest status on the date; null: never reviewed.' }) status!: RagStatus | null;
  @Field(() => String, { nullable: true }) lastReviewDate!: string | null;
  @Field(() => String) dueDate!: string;
  @Field(() => Count, { description: 'Days past the due date (0: due that day; negative: due in that many days).' }) daysOverdue!: number;
  @Field(() => Count, { nullable: true, description: 'The cadence applied, in days.' }) everyDays!: number | null;

  static from(view: ReviewDueView): ReviewDueResult {
    return Object.assign(new ReviewDueResult(), {
      membership: view.membership, reference: view.reference, status: view.status, lastReviewDate: view.lastReviewDate, dueDate: view.dueDate, daysOverdue: view.daysOverdue, everyDays: view.everyDays,
    });
  }
}
