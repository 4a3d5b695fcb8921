import { Field, Float, InputType } from 'type-graphql';
import { sheetRowOf } from '../finance/sheet/sheet.types.js';
import type { Patch } from '../db/fields.js';
import { FundingCertainty, Likelihood, type FundingRisk, type FundingStream } from './funding.entity.js';

@InputType({
  description:
    'A funding stream. Amounts are per year, in pounds; omit an amount the funder has not stated. Adding one needs `funder`, `purpose`, ' +
    '`fromFinancialYear` and `certainty`; an update changes only the fields it sends, and null clears a field.',
})
export class FundingStreamInput implements Patch<Pick<FundingStream, 'funder' | 'purpose' | 'certainty' | 'endDate' | 'notes' | 'source'>> {
  @Field(() => String, { nullable: true })
  funder?: string | null;

  @Field(() => String, { nullable: true })
  purpose?: string | null;

  @Field(() => Float, { nullable: true })
  amountAgreed?: number | null;

  @Field(() => Float, { nullable: true, description: 'What is expected to arrive; the funding position counts this (or the agreed amount when omitted).' })
  amountExpected?: number | null;

  @Field(() => String, { nullable: true, description: 'First financial year covered, e.g. `2014/15`.' })
  fromFinancialYear?: string | null;

  @Field(() => String, { nullable: true, description: 'Last financial year covered; null or omitted on a new stream: the first.' })
  toFinancialYear?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, where known.' })
  endDate?: string | null;

  @Field(() => FundingCertainty, { nullable: true })
  certainty?: FundingCertainty | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}

@InputType({
  description:
    'A risk to funding. Exposure in pounds; omit it when not known. Adding one needs `title` and `certainty`; an update changes only the ' +
    'fields it sends, and null clears a field.',
})
export class FundingRiskInput implements Patch<Pick<FundingRisk, 'title' | 'certainty'>> {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Float, { nullable: true })
  exposure?: number | null;

  @Field(() => FundingCertainty, { nullable: true })
  certainty?: FundingCertainty | null;

  @Field(() => Likelihood, { nullable: true })
  likelihood?: Likelihood | null;

  @Field(() => String, { nullable: true })
  owner?: string | null;

  @Field(() => String, { nullable: true })
  mitigation?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;
}

@InputType({ description: 'A risk of an edited funding-risk register: `id` and `expectedVersion` for a risk the sheet was read with, neither for a new risk.' })
export class FundingRiskSheetRowInput extends sheetRowOf(FundingRiskInput) {}
