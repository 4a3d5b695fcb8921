import { Field, Float, InputType, Int } from 'type-graphql';
import { CostShareInput } from '../finance/cost-share/cost-share.input.js';
import { StaffingRatioInput } from '../partnership/staffing/staffing.input.js';

@InputType({ description: 'What one FTE of a grade costs: pay before on-costs, on-cost % and abatement %.' })
export class PayAssumptionInput {
  @Field(() => String)
  grade!: string;

  @Field(() => Float, { description: 'Pay per FTE in pounds, before on-costs.' })
  costPerFte!: number;

  @Field(() => Float, { defaultValue: 0, description: 'On-costs in percent of pay (employer pension and National Insurance), e.g. 25.' })
  onCostPercent!: number;

  @Field(() => Float, { defaultValue: 0, description: 'Abatement in percent, e.g. 3 (Norfolk & Suffolk abate staff pay at 3%).' })
  abatementPercent!: number;
}

@InputType({ description: 'A plan to model. Nothing is saved unless you call saveScenario.' })
export class ScenarioInput {
  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Cohort size to staff for, e.g. 200. Omitted: the size the partnership\'s stored cohort target plans for by the end of the financial year (its phasing included).',
  })
  cohortTarget?: number | null;

  @Field(() => [StaffingRatioInput], { nullable: true, description: 'Staffing ratios; by default the partnership\'s recorded standards (for `caseload`, if it has several).' })
  ratios?: StaffingRatioInput[] | null;

  @Field(() => String, { nullable: true, description: 'Which caseload\'s recorded standards to use when `ratios` is omitted, e.g. `CRC`.' })
  caseload?: string | null;

  @Field(() => [PayAssumptionInput], { description: 'Pay assumption for every grade the ratios name.' })
  pay!: PayAssumptionInput[];

  @Field(() => CostShareInput, { nullable: true, description: 'How partners would share the staffing budget; by default the year\'s cost share, if any.' })
  costShare?: CostShareInput | null;
}
