import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Versioned } from '../db/versioned.js';
import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { optionalPenceToPounds } from '../money/pence.js';
import type { FundingCertainty as Certainty } from './funding-position.js';
import { Label } from '../units/label.js';
import { DateScalar, Money } from '../units/scalars.js';

export const FundingCertainty = {
  CONFIRMED: 'CONFIRMED',
  EXPECTED: 'EXPECTED',
  UNCERTAIN: 'UNCERTAIN',
  NOT_GUARANTEED: 'NOT_GUARANTEED',
  ENDING: 'ENDING',
  UNIDENTIFIED: 'UNIDENTIFIED',
} as const satisfies Record<Certainty, Certainty>;
export type FundingCertainty = Certainty;
registerEnumType(FundingCertainty, {
  name: 'FundingCertainty',
  description:
    'CONFIRMED: secured. EXPECTED: likely, not yet secured. UNCERTAIN, NOT_GUARANTEED, ENDING: at risk. UNIDENTIFIED: a cost with no funder identified.',
});

export const Likelihood = { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH' } as const;
export type Likelihood = (typeof Likelihood)[keyof typeof Likelihood];
registerEnumType(Likelihood, { name: 'Likelihood', description: 'How likely a funding risk is to happen.' });

/** Money coming in: who funds what, how much, for which years, and how sure it is. */
@Entity({ tableName: 'funding_stream' })
@Unique({ properties: ['partnership', 'reference'] })
@ObjectType({ description: 'A funding stream: funder, purpose, amount agreed and expected per year, years covered, certainty.' })
export class FundingStream extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @Property({ type: 'string' })
  @Field(() => String)
  funder!: string;

  @Property({ type: 'string' })
  @Field(() => String)
  purpose!: string;

  @Property({ type: 'integer', nullable: true })
  amountAgreedPence?: number | null;

  @Property({ type: 'integer', nullable: true })
  amountExpectedPence?: number | null;

  @ManyToOne(() => FinancialYear)
  fromYear!: FinancialYear;

  @ManyToOne(() => FinancialYear)
  toYear!: FinancialYear;

  @Property({ type: 'string', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'When the funding ends, YYYY-MM-DD, where known.' })
  @Label('End date')
  endDate?: string | null;

  @Enum({ items: () => FundingCertainty, type: 'string' })
  @Field(() => FundingCertainty)
  certainty!: FundingCertainty;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the figure comes from (paper and section).' })
  source?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partnership\'s own reference for the stream (imports update by it).' })
  reference?: string | null;

  @Field(() => Money, { nullable: true, description: 'Amount agreed per year, in pounds; null when not stated.' })
  @Label('Agreed per year')
  get amountAgreed(): number | null {
    return optionalPenceToPounds(this.amountAgreedPence);
  }

  @Field(() => Money, { nullable: true, description: 'Amount expected per year, in pounds (what the funding position counts); null when not known.' })
  @Label('Expected per year')
  get amountExpected(): number | null {
    return optionalPenceToPounds(this.amountExpectedPence);
  }

  @Field(() => String, { description: 'First financial year covered.' })
  get fromFinancialYear(): string {
    return this.fromYear.label;
  }

  @Field(() => String, { description: 'Last financial year covered.' })
  get toFinancialYear(): string {
    return this.toYear.label;
  }
}

/** A named risk to the partnership's funding in a year, with its exposure where known. */
@Entity({ tableName: 'funding_risk' })
@Unique({ properties: ['partnership', 'reference'] })
@ObjectType({ description: 'A risk to funding in a financial year: what, how much is exposed (where known), how certain, who owns it.' })
export class FundingRisk extends Versioned {
  @PrimaryKey({ type: 'integer' })
  @Field(() => ID)
  id!: number;

  @ManyToOne(() => Partnership, { deleteRule: 'cascade' })
  partnership!: Partnership;

  @ManyToOne(() => FinancialYear)
  year!: FinancialYear;

  @Property({ type: 'string' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description?: string | null;

  @Property({ type: 'integer', nullable: true })
  exposurePence?: number | null;

  @Enum({ items: () => FundingCertainty, type: 'string' })
  @Field(() => FundingCertainty, { description: 'Certainty of the funding the risk concerns.' })
  certainty!: FundingCertainty;

  @Enum({ items: () => Likelihood, type: 'string', nullable: true })
  @Field(() => Likelihood, { nullable: true })
  likelihood?: Likelihood | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  owner?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  mitigation?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the risk comes from (paper and section).' })
  source?: string | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The partnership\'s own reference for the risk (imports update by it).' })
  reference?: string | null;

  @Field(() => String)
  get financialYear(): string {
    return this.year.label;
  }

  @Field(() => Money, { nullable: true, description: 'Money exposed in pounds, where the paper or owner gives a figure.' })
  @Label('Exposure')
  get exposure(): number | null {
    return optionalPenceToPounds(this.exposurePence);
  }
}
