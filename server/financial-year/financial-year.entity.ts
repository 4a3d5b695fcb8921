import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

/** A financial year the hub plans for. Finance data can only be written for an open year. */
@Entity({ tableName: 'financial_year' })
@ObjectType({ description: 'A UK public-sector financial year (1 April – 31 March) open for planning in the hub.' })
export class FinancialYear {
  @PrimaryKey({ type: 'string' })
  @Field(() => String, { description: 'Label, e.g. `2014/15`.' })
  label!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'First day, YYYY-MM-DD (1 April).' })
  startDate!: string;

  @Property({ type: 'string' })
  @Field(() => String, { description: 'Last day, YYYY-MM-DD (31 March).' })
  endDate!: string;
}
