import { Field, Float, InputType } from 'type-graphql';
import { CostShareBasis, type CostShareAgreement } from './cost-share-agreement.entity.js';

@InputType({ description: 'One agency\'s part: `percent` for FIXED_PERCENTAGES, `weight` (cohort or population) for PRO_RATA_COHORT and PRO_RATA_POPULATION, neither for PRO_RATA_FTE_HOSTED.' })
export class CostShareEntryInput {
  @Field(() => String, { description: 'Agency code, e.g. `norfolk-constabulary`.' })
  agency!: string;

  @Field(() => Float, { nullable: true, description: 'Percentage (56.5 means 56.5%), at most two decimals.' })
  percent?: number | null;

  @Field(() => Float, { nullable: true, description: 'Cohort size or population: a whole number.' })
  weight?: number | null;
}

@InputType({ description: 'A draft cost share: its basis and each agency\'s part.' })
export class CostShareInput implements Pick<CostShareAgreement, 'basis'> {
  @Field(() => CostShareBasis)
  basis!: CostShareBasis;

  @Field(() => [CostShareEntryInput])
  shares!: CostShareEntryInput[];

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
