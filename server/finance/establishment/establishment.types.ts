import { Field, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../../measures/measure-definition.js';
import { fromHundredths } from '../../money/hundredths.js';
import { optionalPenceToPounds, penceToPounds } from '../../money/pence.js';
import { EstablishmentLine, NonPayLine } from './establishment-line.entity.js';
import type { EstablishmentView } from './establishment.service.js';
import { Label, Measure } from '../../units/label.js';
import { Count, Fte, Money } from '../../units/scalars.js';

export const ESTABLISHMENT_TOTALS = measureDefinition(
  'Establishment totals',
  1,
  'totalFte = the sum of the lines\' FTE; totalBudget = the sum of the lines\' budgets, or null if any line has no budget (knownBudget is the ' +
    'partial sum); a line\'s budget is as entered, or worked out from its parts: (filled FTE × cost + vacant FTE × vacant cost) × (1 + on-cost) × ' +
    '(1 − abatement), rounded to the penny once. nonPayTotal = the sum of the year\'s non-pay lines.',
);

@Measure('Establishment totals', 1)
@ObjectType({ description: 'A partnership\'s staffing establishment for a financial year, with its totals and non-pay costs.' })
export class Establishment {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return ESTABLISHMENT_TOTALS;
  }

  @Field(() => String, { description: 'Partnership code.' })
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => Fte, { description: 'Established FTE across all lines.' })
  @Label('Total posts')
  totalFte!: number;

  @Field(() => Money, { nullable: true, description: 'Total baseline budget in pounds; null when any line is not costed (see knownBudget).' })
  @Label('Total budget')
  totalBudget!: number | null;

  @Field(() => Money, { description: 'Sum of the lines that have a budget, in pounds.' })
  @Label('Costed budget')
  knownBudget!: number;

  @Field(() => Count, { description: 'Lines without a budget.' })
  @Label('Lines without a budget')
  linesWithoutBudget!: number;

  @Field(() => [EstablishmentLine])
  lines!: EstablishmentLine[];

  @Field(() => [NonPayLine], { description: 'Non-pay costs for the year (not part of the establishment budget).' })
  nonPayLines!: NonPayLine[];

  @Field(() => Money, { description: 'Total non-pay costs in pounds.' })
  @Label('Non-pay total')
  nonPayTotal!: number;

  static from(view: EstablishmentView): Establishment {
    return Object.assign(new Establishment(), {
      partnership: view.partnership.code,
      financialYear: view.year.label,
      totalFte: fromHundredths(view.totals.totalFteHundredths),
      totalBudget: optionalPenceToPounds(view.totals.totalBudgetPence),
      knownBudget: penceToPounds(view.totals.knownBudgetPence),
      linesWithoutBudget: view.totals.linesWithoutBudget,
      lines: view.lines,
      nonPayLines: view.nonPayLines,
      nonPayTotal: penceToPounds(view.nonPayPence),
    });
  }
}
