import { Field, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { optionalPenceToPounds } from '../../money/pence.js';
import { OffenceScope } from '../offence-scope.js';
import type { CostRow } from './cost-of-crime.js';
import { Label, Measure } from '../../units/label.js';
import { Count, Money } from '../../units/scalars.js';

export const COST_OF_CRIME = measureDefinition(
  'Cost of crime',
  1,
  'Cost of crime before / during / after membership (cost of crime v1), in pounds. Computed rows group members as Current (on the scheme at ' +
    '`asOf`) and Removed; before = unit costs of proven offences in the 24 months before the start, during = from the start to the end or ' +
    '`asOf`, after = from the end to `asOf`. Published rows are as printed (null: n/a). Board tokens: members is rounded to base 5; before, ' +
    'during and after = Σ over unit costs of the unit cost × the number of offences with it rounded to base 5; duringPerMember is over the ' +
    'rounded members; duringPerMemberYear is null (member-days grow by the number of members each day, so two month ends would give it ' +
    'away); a group whose members round to 0 is left out; `asOf` is taken to the last month end on or before it.',
);

@Measure('Cost of crime', 1)
@ObjectType({ description: COST_OF_CRIME.definition })
export class CostOfCrimeRow {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return COST_OF_CRIME;
  }

  @Field(() => String) group!: string;
  @Field(() => Money, { nullable: true }) @Label('Before') before!: number | null;
  @Field(() => Money, { nullable: true }) @Label('During') during!: number | null;
  @Field(() => Money, { nullable: true }) @Label('After') after!: number | null;
  @Field(() => Count, { nullable: true, description: 'Memberships in the group (computed rows).' }) @Label('Members') members!: number | null;
  @Field(() => Money, { nullable: true, description: 'during ÷ members.' }) @Label('During, per member') duringPerMember!: number | null;
  @Field(() => Money, { nullable: true, description: 'during ÷ member-years on the scheme (days on the scheme to `asOf` ÷ 365.25).' }) @Label('During, per member-year') duringPerMemberYear!: number | null;
  @Field(() => Count, { description: 'Offences whose banding has no unit cost in the table used (counted as £0).' }) @Label('Offences without a unit cost') offencesWithoutUnitCost!: number;
  @Field(() => OffenceScope, { nullable: true, description: 'The offences costed: ALL, or PRIORITY crimes only (computed rows; null for a published row).' }) @Label('Offences costed') offenceScope!: OffenceScope | null;
  @Field(() => String) @Label('Source', { tellsApart: true }) source!: string;
  @Field(() => String) reference!: string;

  static from(row: CostRow): CostOfCrimeRow {
    return Object.assign(new CostOfCrimeRow(), {
      group: row.group, before: optionalPenceToPounds(row.beforePence), during: optionalPenceToPounds(row.duringPence), after: optionalPenceToPounds(row.afterPence),
      members: row.members, duringPerMember: optionalPenceToPounds(row.duringPerMemberPence), duringPerMemberYear: optionalPenceToPounds(row.duringPerMemberYearPence),
      offencesWithoutUnitCost: row.offencesWithoutUnitCost, offenceScope: row.offenceScope, source: row.source, reference: row.reference,
    });
  }
}
