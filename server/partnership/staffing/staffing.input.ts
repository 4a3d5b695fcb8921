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

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
