import { Field, Float, InputType, Int } from 'type-graphql';
import { OptionStatus, type AppraisalOption } from './appraisal-option.entity.js';

@InputType({ description: 'An option of an options appraisal. Money in pounds; saving percent as published (12.8 means 12.8%).' })
export class AppraisalOptionInput implements Pick<AppraisalOption, 'programme' | 'option' | 'title' | 'status'> {
  @Field(() => String)
  programme!: string;

  @Field(() => Int)
  option!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Float, { nullable: true })
  cost?: number | null;

  @Field(() => Float, { nullable: true })
  saving?: number | null;

  @Field(() => Float, { nullable: true })
  savingPercent?: number | null;

  @Field(() => OptionStatus)
  status!: OptionStatus;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
