import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Count } from '../../units/scalars.js';
import type { FieldChange } from '../../db/readable-changes.js';
import { FINANCE_RECORDS, type FinanceChangeView, type FinanceRecord } from './finance-history.service.js';

export const FinanceRecordKind = Object.fromEntries(Object.keys(FINANCE_RECORDS).map((key) => [key, key])) as { [K in FinanceRecord]: K };
registerEnumType(FinanceRecordKind, { name: 'FinanceRecord', description: 'A kind of finance record whose changes the hub keeps.' });

@ObjectType('FieldChange', { description: 'One field of a record, before and after a change, as the API shows it (pounds, FTE, percent, codes); null when empty.' })
export class FieldChangeResult implements FieldChange {
  @Field(() => String, { description: 'The field, as the API names it: `budget`, `fte`, `onCostPercent`, `employingAgency`.' })
  field!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;

  static from(change: FieldChange): FieldChangeResult {
    return Object.assign(new FieldChangeResult(), change);
  }
}

@ObjectType('FinanceChange', { description: 'A change to a finance record: who changed which fields from what to what, and when. A removal lists every field the record had.' })
export class FinanceChangeResult {
  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => String, { description: 'CREATE, UPDATE or DELETE.' })
  action!: string;

  @Field(() => FinanceRecordKind)
  record!: FinanceRecord;

  @Field(() => ID, { nullable: true, description: 'The record\'s id (the id the update and remove mutations take).' })
  recordId!: string | null;

  @Field(() => String, { nullable: true, description: 'What the record is: its grade, title, purpose or description.' })
  label!: string | null;

  @Field(() => String, { nullable: true, description: 'The record\'s financial year, or the years a funding stream covers (`2014/15–2015/16`).' })
  financialYear!: string | null;

  @Field(() => String, { description: 'Who made the change: the label of their token, or `the hub` (demo data, the command line).' })
  by!: string;

  @Field(() => String, { description: 'The role of the token.' })
  role!: string;

  @Field(() => Int, { nullable: true, description: 'The token used; null for the hub itself.' })
  tokenId!: number | null;

  @Field(() => String, { description: 'The mutation, e.g. `updateEstablishmentLine`.' })
  operation!: string;

  @Field(() => [FieldChangeResult])
  changes!: FieldChangeResult[];

  static from(change: FinanceChangeView): FinanceChangeResult {
    return Object.assign(new FinanceChangeResult(), { ...change, changes: change.changes.map(FieldChangeResult.from) });
  }
}

@ObjectType({ description: 'One page of a partnership\'s finance history, newest first.' })
export class FinanceHistoryPage {
  @Field(() => Count, { description: 'How many changes match, on all pages.' })
  total!: number;

  @Field(() => [FinanceChangeResult])
  changes!: FinanceChangeResult[];
}
