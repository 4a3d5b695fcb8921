import { Field, Float, InputType } from 'type-graphql';
import { FundingCertainty, Likelihood, type FundingRisk, type FundingStream } from './funding.entity.js';

@InputType({ description: 'A funding stream. Amounts are per year, in pounds; omit an amount the funder has not stated.' })
export class FundingStreamInput implements Pick<FundingStream, 'funder' | 'purpose' | 'certainty' | 'endDate' | 'notes' | 'source'> {
  @Field(() => String)
  funder!: string;

  @Field(() => String)
  purpose!: string;

  @Field(() => Float, { nullable: true })
  amountAgreed?: number | null;

  @Field(() => Float, { nullable: true, description: 'What is expected to arrive; the funding position counts this (or the agreed amount when omitted).' })
  amountExpected?: number | null;

  @Field(() => String, { description: 'First financial year covered, e.g. `2014/15`.' })
  fromFinancialYear!: string;

  @Field(() => String, { nullable: true, description: 'Last financial year covered; defaults to the first.' })
  toFinancialYear?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, where known.' })
  endDate?: string | null;

  @Field(() => FundingCertainty)
  certainty!: FundingCertainty;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}

@InputType({ description: 'A risk to funding. Exposure in pounds; omit it when not known.' })
export class FundingRiskInput implements Pick<FundingRisk, 'title' | 'certainty'> {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Float, { nullable: true })
  exposure?: number | null;

  @Field(() => FundingCertainty)
  certainty!: FundingCertainty;

  @Field(() => Likelihood, { nullable: true })
  likelihood?: Likelihood | null;

  @Field(() => String, { nullable: true })
  owner?: string | null;

  @Field(() => String, { nullable: true })
  mitigation?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}
