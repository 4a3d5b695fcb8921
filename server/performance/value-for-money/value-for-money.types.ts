import { Field, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { optionalPenceToPounds, penceToPounds } from '../../money/pence.js';
import { OffenceScope } from '../offence-scope.js';
import type { ValueForMoneyView } from './value-for-money.service.js';
import { Label, Measure } from '../../units/label.js';
import { Count, Money } from '../../units/scalars.js';

export const VALUE_FOR_MONEY = measureDefinition(
  'Value for money',
  1,
  'Value for money v1 for a financial year. runningCost = establishment budget + non-pay costs. managed = memberships on the scheme at any ' +
    'time in the year. costPerManagedOffender = runningCost ÷ managed. averageOffenceCost = mean unit cost of the partnership\'s proven ' +
    'offences dated in the year (ALL, or PRIORITY crimes only: `offenceScope`). breakEvenOffences = ⌈runningCost ÷ averageOffenceCost⌉: offences the scheme must prevent to pay for itself. ' +
    'Board tokens: managed and the number of offences of each unit cost are rounded to base 5, and costPerManagedOffender, offences, ' +
    'averageOffenceCost and breakEvenOffences are worked out from those (so no average of one or two offences); runningCost is as recorded.',
);

@Measure('Value for money', 1)
@ObjectType({ description: VALUE_FOR_MONEY.definition })
export class ValueForMoney {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return VALUE_FOR_MONEY;
  }

  @Field(() => String) partnership!: string;
  @Field(() => String) financialYear!: string;
  @Field(() => Money) @Label('Running cost') runningCost!: number;
  @Field(() => Boolean, { description: 'False when some establishment lines have no budget (runningCost is then the known part).' }) runningCostComplete!: boolean;
  @Field(() => Count) @Label('Managed offenders') managed!: number;
  @Field(() => Money, { nullable: true }) @Label('Cost per managed offender') costPerManagedOffender!: number | null;
  @Field(() => Count, { description: 'Costed offences behind averageOffenceCost.' }) @Label('Costed offences') offences!: number;
  @Field(() => Money, { nullable: true }) @Label('Average offence cost') averageOffenceCost!: number | null;
  @Field(() => Count, { nullable: true }) @Label('Break-even offences') breakEvenOffences!: number | null;
  @Field(() => String, { nullable: true }) unitCostTable!: string | null;
  @Field(() => OffenceScope, { description: 'The offences averaged: ALL, or PRIORITY crimes only.' }) offenceScope!: OffenceScope;

  static from(view: ValueForMoneyView): ValueForMoney {
    return Object.assign(new ValueForMoney(), {
      partnership: view.partnership, financialYear: view.financialYear, runningCost: penceToPounds(view.runningCostPence), runningCostComplete: view.runningCostComplete,
      managed: view.managed, costPerManagedOffender: optionalPenceToPounds(view.costPerManagedOffenderPence), offences: view.offences,
      averageOffenceCost: optionalPenceToPounds(view.averageOffenceCostPence), breakEvenOffences: view.breakEvenOffences, unitCostTable: view.unitCostTable, offenceScope: view.offenceScope,
    });
  }
}
