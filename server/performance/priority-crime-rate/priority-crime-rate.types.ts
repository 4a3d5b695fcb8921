import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { PriorityRateMethod, type RateRow } from './priority-crime-rate.js';
import { Label, Measure } from '../../units/label.js';
import { Count, Month, Percent, RatePerMember } from '../../units/scalars.js';

registerEnumType(PriorityRateMethod, {
  name: 'PriorityRateMethod',
  description:
    'How the priority crime rate counts offences. ALL_PRIORITY_OFFENCES: every priority offence of each member. MOST_RELEVANT_OFFENCE: only ' +
    'offences of the one priority banding most relevant to the member (Membership.relevantBanding; members without one are left out): the ' +
    'Suffolk method, "the one crime most relevant to the offender" (AP14/73 5.2).',
});

export const PRIORITY_CRIME_RATE = measureDefinition(
  'Priority crime rate',
  1,
  'Pre-IOM vs live-IOM priority crime rate (priority crime rate v1), 12-month rolling. Computed rows: for month M ending on E, preRate = ' +
    'average priority offences in the 12 months before joining over memberships that started in the 24 months to E; liveRate = average ' +
    'priority offences dated in the 12 months to E over members on the scheme at E; percentChange = liveRate / preRate − 1 in whole percent ' +
    '(from unrounded rates, half away from zero). Published rows are as printed, with `reference` naming the paper, and are returned only ' +
    'when they cover the same area and were counted by the same method as asked: every row says its `area` and `method`. Board tokens: preMembers ' +
    'and liveMembers are rounded to base 5 and the rates are worked out from members and offences rounded to base 5 (percentChange from those ' +
    'rates); a month whose members round to 0 both ways is left out.',
);

@Measure('Priority crime rate', 1)
@ObjectType({ description: PRIORITY_CRIME_RATE.definition })
export class PriorityCrimeRateRow {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return PRIORITY_CRIME_RATE;
  }

  @Field(() => Month, { description: 'YYYY-MM.' }) @Label('Month') month!: string;
  @Field(() => RatePerMember, { nullable: true }) @Label('Pre-IOM rate', { unit: 'priority offences per member' }) preRate!: number | null;
  @Field(() => RatePerMember, { nullable: true }) @Label('Live IOM rate', { unit: 'priority offences per member' }) liveRate!: number | null;
  @Field(() => Percent, { nullable: true, description: 'Whole percent, as published.' }) @Label('Change') percentChange!: number | null;
  @Field(() => Count, { nullable: true, description: 'Members behind preRate (computed rows).' }) @Label('Pre-IOM members') preMembers!: number | null;
  @Field(() => Count, { nullable: true, description: 'Members behind liveRate (computed rows).' }) @Label('Live IOM members') liveMembers!: number | null;
  @Field(() => String, { description: '`computed` (from the hub\'s records) or `published` (as a partner printed it).' }) @Label('Source', { tellsApart: true }) source!: string;
  @Field(() => String, { description: 'The definition and version, or the publication.' }) reference!: string;
  @Field(() => String, { nullable: true, description: 'The local authority the row covers; null: the whole partnership.' }) area!: string | null;
  @Field(() => PriorityRateMethod, { description: 'How offences were counted.' }) method!: PriorityRateMethod;

  static from(row: RateRow): PriorityCrimeRateRow {
    return Object.assign(new PriorityCrimeRateRow(), row);
  }
}
