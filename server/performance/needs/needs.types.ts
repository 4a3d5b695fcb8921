import { Field, Int, ObjectType } from 'type-graphql';
import { Count, Percent } from '../../units/scalars.js';
import { NEEDS_DEFINITION, type ShownNeed } from './needs.js';
import type { NeedsView } from './needs.service.js';

@ObjectType({ description: 'One pathway of the needs breakdown (see NeedsBreakdown). Null: suppressed.' })
export class NeedRow {
  @Field(() => String, { description: 'A Pathway, or `none recorded`.' }) pathway!: string;
  @Field(() => Count, { nullable: true }) members!: number | null;
  @Field(() => Percent, { nullable: true, description: 'Percent of all members on the scheme.' }) percentOfMembers!: number | null;
  @Field(() => Int, { nullable: true, description: '1: the pathway most members need; 0 for `none recorded`.' }) rank!: number | null;

  static from(row: ShownNeed): NeedRow {
    return Object.assign(new NeedRow(), row);
  }
}

@ObjectType({ description: NEEDS_DEFINITION })
export class NeedsBreakdown {
  @Field(() => String) partnership!: string;
  @Field(() => String) date!: string;
  @Field(() => Count, { nullable: true, description: 'Members on the scheme at the date; null: suppressed.' }) members!: number | null;
  @Field(() => [NeedRow]) rows!: NeedRow[];
  @Field(() => String) definition!: string;

  static from(view: NeedsView): NeedsBreakdown {
    return Object.assign(new NeedsBreakdown(), { partnership: view.partnership, date: view.date, members: view.members, rows: view.rows.map(NeedRow.from), definition: NEEDS_DEFINITION });
  }
}
