import { Field, Float, InputType, Int } from 'type-graphql';

@InputType({ description: 'A staffing standard: `fte` of `grade` per `perNominals` nominals (one police officer per 40: fte 1, perNominals 40).' })
export class StaffingRatioInput {
  @Field(() => String)
  grade!: string;

  @Field(() => Float)
  fte!: number;

  @Field(() => Int, { defaultValue: 40 })
  perNominals!: number;

  @Field(() => String, { nullable: true, description: 'The caseload it applies to (e.g. `NPS`, `CRC`), when recording a standard.' })
  caseload?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}

@InputType({ description: 'A size a cohort target plans to reach by a date on the way.' })
export class CohortPhaseInput {
  @Field(() => String, { description: 'YYYY-MM-DD, between the baseline and the target dates.' })
  date!: string;

  @Field(() => Int)
  size!: number;
}

@InputType({ description: 'How many nominals the partnership is staffed to manage, from a date.' })
export class CohortCapacityInput {
  @Field(() => Int)
  capacity!: number;

  @Field(() => String, { description: 'YYYY-MM-DD: in force from this date until a later one.' })
  fromDate!: string;

  @Field(() => String, { nullable: true })
  source?: string | null;
}

@InputType({ description: 'A cohort size the partnership commits to reach.' })
export class CohortTargetInput {
  @Field(() => Int)
  baseline!: number;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  baselineDate!: string;

  @Field(() => Int)
  target!: number;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  targetDate!: string;

  @Field(() => [CohortPhaseInput], { nullable: true, description: 'Sizes planned by dates on the way (Barnet: the growth split between 2014/15 and 2015/16).' })
  phases?: CohortPhaseInput[] | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
