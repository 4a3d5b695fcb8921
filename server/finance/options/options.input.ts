import { Field, Float, InputType, Int } from 'type-graphql';
import type { Patch } from '../../db/fields.js';
import { OptionStatus, type AppraisalOption } from './appraisal-option.entity.js';

@InputType({
  description:
    'An option of an options appraisal. Money in pounds; saving percent as published (12.8 means 12.8%). Adding one needs `programme`, ' +
    '`option`, `title` and `status`; an update changes only the fields it sends, and null clears a field.',
})
export class AppraisalOptionInput implements Patch<Pick<AppraisalOption, 'programme' | 'option' | 'title' | 'status'>> {
  @Field(() => String, { nullable: true })
  programme?: string | null;

  @Field(() => Int, { nullable: true })
  option?: number | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Float, { nullable: true })
  cost?: number | null;

  @Field(() => Float, { nullable: true })
  saving?: number | null;

  @Field(() => Float, { nullable: true })
  savingPercent?: number | null;

  @Field(() => OptionStatus, { nullable: true })
  status?: OptionStatus | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
