import { Field, Float, Int, ObjectType } from 'type-graphql';
import { optionalPenceToPounds } from '../../money/pence.js';
import { OffenceScope } from '../offence-scope.js';
import type { CostRow } from './cost-of-crime.js';

@ObjectType({
  description:
    'Cost of crime before / during / after membership (cost of crime v1), in pounds. Computed rows group members as Current (on the scheme at ' +
    '`asOf`) and Removed; before = unit costs of proven offences in the 24 months before the start, during = from the start to the end or ' +
    '`asOf`, after = from the end to `asOf`. Published rows are as printed (null: n/a).',
})
export class CostOfCrimeRow {
  @Field(() => String) group!: string;
  @Field(() => Float, { nullable: true }) before!: number | null;
  @Field(() => Float, { nullable: true }) during!: number | null;
  @Field(() => Float, { nullable: true }) after!: number | null;
  @Field(() => Int, { nullable: true, description: 'Memberships in the group (computed rows).' }) members!: number | null;
  @Field(() => Float, { nullable: true, description: 'during ÷ members.' }) duringPerMember!: number | null;
  @Field(() => Float, { nullable: true, description: 'during ÷ member-years on the scheme (days on the scheme to `asOf` ÷ 365.25).' }) duringPerMemberYear!: number | null;
  @Field(() => Int, { description: 'Offences whose banding has no unit cost in the table used (counted as £0).' }) offencesWithoutUnitCost!: number;
  @Field(() => OffenceScope, { nullable: true, description: 'The offences costed: ALL, or PRIORITY crimes only (computed rows; null for a published row).' }) offenceScope!: OffenceScope | null;
  @Field(() => String) source!: string;
  @Field(() => String) reference!: string;

  static from(row: CostRow): CostOfCrimeRow {
    return Object.assign(new CostOfCrimeRow(), {
      group: row.group, before: optionalPenceToPounds(row.beforePence), during: optionalPenceToPounds(row.duringPence), after: optionalPenceToPounds(row.afterPence),
      members: row.members, duringPerMember: optionalPenceToPounds(row.duringPerMemberPence), duringPerMemberYear: optionalPenceToPounds(row.duringPerMemberYearPence),
      offencesWithoutUnitCost: row.offencesWithoutUnitCost, offenceScope: row.offenceScope, source: row.source, reference: row.reference,
    });
  }
}
