import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { fromHundredths } from '../../money/hundredths.js';
import { penceToPounds } from '../../money/pence.js';
import type { ShareOfCost } from './cost-share.js';
import { CostShareBasis, CostShareStatus } from './cost-share-agreement.entity.js';
import type { CostShareView } from './cost-share.service.js';

@ObjectType({ description: 'One agency\'s share of a cost.' })
export class AgencyShare {
  @Field(() => String, { description: 'Agency name.' })
  agency!: string;

  @Field(() => String, { description: 'Agency code.' })
  agencyCode!: string;

  @Field(() => Float, { description: 'Share in percent (56.5 means 56.5%); the shares add up to 100.' })
  percent!: number;

  @Field(() => Float, { description: 'Contribution in pounds; the contributions add up to the total to the penny.' })
  contribution!: number;

  @Field(() => Float, { description: 'What the share is in proportion to: the percent, the cohort, the FTE hosted or the population.' })
  weight!: number;

  static from(share: ShareOfCost, name: string, basis: CostShareBasis): AgencyShare {
    return Object.assign(new AgencyShare(), {
      agency: name,
      agencyCode: share.agency,
      percent: fromHundredths(share.percentHundredths),
      contribution: penceToPounds(share.contributionPence),
      weight: basis === 'FIXED_PERCENTAGES' || basis === 'PRO_RATA_FTE_HOSTED' ? fromHundredths(share.weight) : share.weight,
    });
  }
}

@ObjectType({
  description:
    'How a partnership shares its establishment budget for a year between agencies. Contributions are split by the largest-remainder ' +
    'method on whole pence, so they always add up to the total exactly.',
})
export class CostShare {
  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => CostShareBasis)
  basis!: CostShareBasis;

  @Field(() => CostShareStatus)
  status!: CostShareStatus;

  @Field(() => Int, { description: 'Send back as `expectedVersion` to change or agree this cost share.' })
  version!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  agreedAt!: Date | null;

  @Field(() => Float, { description: 'The establishment budget being shared, in pounds.' })
  total!: number;

  @Field(() => Boolean, { description: 'False when some establishment lines have no budget and so are not in the total.' })
  totalComplete!: boolean;

  @Field(() => [AgencyShare])
  shares!: AgencyShare[];

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  static from(view: CostShareView): CostShare {
    const { agreement } = view;
    return Object.assign(new CostShare(), {
      partnership: view.partnership.code,
      financialYear: view.year.label,
      basis: agreement.basis,
      status: agreement.status,
      version: agreement.version,
      agreedAt: agreement.agreedAt ?? null,
      total: penceToPounds(view.totalPence),
      totalComplete: view.totalComplete,
      shares: view.shares.map((share) => AgencyShare.from(share, share.agencyRecord.name, agreement.basis)),
      notes: agreement.notes ?? null,
      source: agreement.source ?? null,
    });
  }
}
