import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { Label, Measure } from '../../units/label.js';
import { Money, Percent, Weight } from '../../units/scalars.js';
import { fromHundredths } from '../../money/hundredths.js';
import { penceToPounds } from '../../money/pence.js';
import type { ShareOfCost } from './cost-share.js';
import { CostShareBasis, CostShareStatus } from './cost-share-agreement.entity.js';
import type { CostShareView } from './cost-share.service.js';

@ObjectType({ description: 'One agency\'s share of a cost.' })
export class AgencyShare {
  @Field(() => String, { description: 'Agency name.' })
  @Label('Agency')
  agency!: string;

  @Field(() => String, { description: 'Agency code.' })
  @Label('Agency code')
  agencyCode!: string;

  @Field(() => Percent, { description: 'Share in percent (56.5 means 56.5%); the shares add up to 100.' })
  @Label('Share')
  percent!: number;

  @Field(() => Money, { description: 'Contribution in pounds; the contributions add up to the total to the penny.' })
  @Label('Contribution')
  contribution!: number;

  @Field(() => Weight, { description: 'What the share is in proportion to: the percent, the cohort, the FTE hosted or the population.' })
  @Label('Weight')
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

@Measure('Cost share', 1)
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
  @Label('Basis')
  basis!: CostShareBasis;

  @Field(() => CostShareStatus)
  @Label('Status')
  status!: CostShareStatus;

  @Field(() => Int, { description: 'Send back as `expectedVersion` to change or agree this cost share.' })
  @Label('Version')
  version!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  agreedAt!: Date | null;

  @Field(() => Money, { description: 'The establishment budget being shared, in pounds.' })
  @Label('Total shared')
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
