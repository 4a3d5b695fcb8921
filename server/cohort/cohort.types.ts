import { Field, ObjectType } from 'type-graphql';
import { Membership } from './cohort.entity.js';
import type { CohortPageView, } from './cohort-list.service.js';
import type { ScopeView } from './cohort.service.js';
import { Label } from '../units/label.js';
import { Count } from '../units/scalars.js';

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
