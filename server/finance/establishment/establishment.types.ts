import { Field, Float, Int, ObjectType } from 'type-graphql';
import { fromHundredths } from '../../money/hundredths.js';
import { optionalPenceToPounds, penceToPounds } from '../../money/pence.js';
import { EstablishmentLine, NonPayLine } from './establishment-line.entity.js';
import type { EstablishmentView } from './establishment.service.js';

@ObjectType({ description: 'A partnership\'s staffing establishment for a financial year, with its totals and non-pay costs.' })
export class Establishment {
  @Field(() => String, { description: 'Partnership code.' })
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => Float, { description: 'Established FTE across all lines.' })
  totalFte!: number;

  @Field(() => Float, { nullable: true, description: 'Total baseline budget in pounds; null when any line is not costed (see knownBudget).' })
  totalBudget!: number | null;

  @Field(() => Float, { description: 'Sum of the lines that have a budget, in pounds.' })
  knownBudget!: number;

  @Field(() => Int, { description: 'Lines without a budget.' })
  linesWithoutBudget!: number;

  @Field(() => [EstablishmentLine])
  lines!: EstablishmentLine[];

  @Field(() => [NonPayLine], { description: 'Non-pay costs for the year (not part of the establishment budget).' })
  nonPayLines!: NonPayLine[];

  @Field(() => Float, { description: 'Total non-pay costs in pounds.' })
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
