import { Field, Float, InputType } from 'type-graphql';
import { CostShareInput } from '../../finance/cost-share/cost-share.input.js';

@InputType({ description: 'What a medium-term plan assumes, each year. Percentages as numbers (1.5 means 1.5%), at most two decimals.' })
export class MediumTermAssumptionsInput {
  @Field(() => Float, { nullable: true, defaultValue: 0, description: 'Pay award a year, on every pay line of a carried-forward establishment.' })
  payAwardPercent?: number | null;

  @Field(() => Float, { nullable: true, defaultValue: 0, description: 'Incremental progression a year, on posts only (not allowances or overtime).' })
  incrementsPercent?: number | null;

  @Field(() => Float, { nullable: true, defaultValue: 0, description: 'Inflation a year on carried-forward non-pay costs.' })
  nonPayInflationPercent?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'How partners\' contributions grow a year from the last agreed total (0: cash flat). Omitted: for a year not yet agreed, partners contribute the ' +
      'whole of its establishment.',
  })
  contributionGrowthPercent?: number | null;

  @Field(() => CostShareInput, { nullable: true, description: 'Shares for the years not yet agreed; omitted: the last agreed version\'s basis and weights.' })
  shares?: CostShareInput | null;
}
