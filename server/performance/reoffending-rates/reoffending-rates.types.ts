import { Field, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { optionalPenceToPounds } from '../../money/pence.js';
import { CohortGrouping } from '../cohort-grouping.js';
import { OffenceScope } from '../offence-scope.js';
import type { ShownReoffendingRate } from './reoffending-rates.js';
import type { ReoffendingRatesView } from './reoffending-rates.service.js';
import { Label, Measure } from '../../units/label.js';
import { Count, DateScalar, Money, Percent, RatePer100Members, RatePerReoffender } from '../../units/scalars.js';

export const REOFFENDING_RATES = measureDefinition(
  'Reoffending rates',
  1,
  'Reoffending rates v1 over (from, to]. members: on the scheme at any time in the window. A proven offence counts when dated in the window ' +
    'while on the scheme and proven by `to`. binaryRate = reoffenders ÷ members (percent); frequencyPer100 = offences × 100 ÷ members; ' +
    'perReoffender = offences ÷ reoffenders; cost = Σ unit cost of each offence. By OFFENCE_GROUP, members is the whole cohort. The offences ' +
    'counted are ALL proven offences or PRIORITY crimes only, as ReoffendingRates.offenceScope says. With ' +
    '`suppressUnder`, counts under it are null, with the rates and the cost built on them. Board tokens: members, reoffenders and offences ' +
    'are rounded to base 5, the rates worked out from the rounded counts, and cost = Σ over unit costs of the unit cost × the number of ' +
    'offences with it rounded to base 5; a group whose members (an offence group whose offences) round to 0 is left out; `from` and `to` ' +
    'are taken to the last month end on or before them.',
);

@ObjectType({ description: REOFFENDING_RATES.definition })
export class ReoffendingRateRow {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return REOFFENDING_RATES;
  }

  @Field(() => String) group!: string;
  @Field(() => Count, { nullable: true }) @Label('Members') members!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Reoffenders') reoffenders!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Offences') offences!: number | null;
  @Field(() => Percent, { nullable: true, description: 'Percent.' }) @Label('Reoffending rate') binaryRate!: number | null;
  @Field(() => RatePer100Members, { nullable: true }) @Label('Frequency', { unit: 'offences per 100 members' }) frequencyPer100!: number | null;
  @Field(() => RatePerReoffender, { nullable: true }) @Label('Frequency', { unit: 'offences per reoffender' }) perReoffender!: number | null;
  @Field(() => Money, { nullable: true, description: 'Cost of offending in pounds.' }) @Label('Cost of offending') cost!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Offences without a unit cost') offencesWithoutUnitCost!: number | null;

  static from(row: ShownReoffendingRate): ReoffendingRateRow {
    return Object.assign(new ReoffendingRateRow(), {
      group: row.group, members: row.members, reoffenders: row.reoffenders, offences: row.offences,
      binaryRate: row.binaryRate, frequencyPer100: row.frequencyPer100, perReoffender: row.perReoffender,
      cost: optionalPenceToPounds(row.costPence), offencesWithoutUnitCost: row.offencesWithoutUnitCost,
    });
  }
}

@Measure('Reoffending rates', 1)
@ObjectType({ description: 'Reoffending rates v1 for a window, grouped.' })
export class ReoffendingRates {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return REOFFENDING_RATES;
  }

  @Field(() => DateScalar) @Label('After') from!: string;
  @Field(() => DateScalar) @Label('To') to!: string;
  @Field(() => CohortGrouping) groupBy!: CohortGrouping;
  @Field(() => OffenceScope, { description: 'The offences counted: ALL, or PRIORITY crimes only.' }) offenceScope!: OffenceScope;
  @Field(() => String, { nullable: true, description: 'The unit-cost table used for cost of offending.' }) unitCostTable!: string | null;
  @Field(() => [ReoffendingRateRow]) rows!: ReoffendingRateRow[];

  static from(view: ReoffendingRatesView): ReoffendingRates {
    return Object.assign(new ReoffendingRates(), { from: view.from, to: view.to, groupBy: view.groupBy, offenceScope: view.offenceScope, unitCostTable: view.unitCostTable, rows: view.rows.map(ReoffendingRateRow.from) });
  }
}
