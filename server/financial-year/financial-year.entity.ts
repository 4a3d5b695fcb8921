import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Label } from '../units/label.js';
import { DateScalar } from '../units/scalars.js';

/** A financial year the hub plans for. Finance data can only be written for an open year. */
@Entity({ tableName: 'financial_year' })
@ObjectType({ description: 'A UK public-sector financial year (1 April – 31 March) open for planning in the hub.' })
export class FinancialYear {
  @PrimaryKey({ type: 'string' })
  @Field(() => String, { description: 'Label, e.g. `2014/15`.' })
  label!: string;

  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'First day, YYYY-MM-DD (1 April).' })
  @Label('Start date')
  startDate!: string;

  @Property({ type: 'string' })
  @Field(() => DateScalar, { description: 'Last day, YYYY-MM-DD (31 March).' })
  @Label('End date')
  endDate!: string;
}
