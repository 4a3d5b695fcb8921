import { Field, ObjectType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../measures/measure-definition.js';
import { fromHundredths } from '../money/hundredths.js';
import { penceToPounds } from '../money/pence.js';
import { AgencyShare } from '../finance/cost-share/cost-share.types.js';
import type { ScenarioView } from './scenario.service.js';
import { Label, Measure } from '../units/label.js';
import { Count, Fte, Money, Percent } from '../units/scalars.js';

@ObjectType({ description: 'The FTE a grade needs for the cohort target, and its budget.' })
export class ScenarioGrade {
  @Field(() => String)
  grade!: string;

  @Field(() => Fte, { description: 'Required FTE: cohort target ÷ per-nominals × FTE, rounded up to the hundredth.' })
  @Label('Posts needed')
  fte!: number;

  @Field(() => Money)
  @Label('Cost per FTE')
  costPerFte!: number;

  @Field(() => Percent)
  @Label('On-costs')
  onCostPercent!: number;

  @Field(() => Percent)
  @Label('Pay abatement')
  abatementPercent!: number;

  @Field(() => Money, { description: 'FTE × cost per FTE × (1 + on-cost) × (1 − abatement), to the penny.' })
  @Label('Budget')
  budget!: number;
}

export const SCENARIO = measureDefinition(
  'Scenario',
  1,
  'Required FTE per grade = ⌈target × FTE ÷ per-nominals⌉ to the hundredth, from the staffing ratios given or recorded; budget = FTE × cost per ' +
    'FTE × (1 + on-cost) × (1 − abatement), rounded to the penny once; plannedCost = budget + the year\'s non-pay costs; fundingGap = plannedCost − ' +
    'confirmed funding (agreed contributions and confirmed streams); shares split the budget by largest remainder on whole pence.',
);

@Measure('Scenario', 1)
@ObjectType({ description: 'Scenario v1: a modelled plan. Nothing is saved unless saveScenario is called.' })
export class Scenario {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return SCENARIO;
  }

  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => Count)
  @Label('Cohort target')
  cohortTarget!: number;

  @Field(() => String, { nullable: true, description: 'Where the cohort size comes from when the input left it out: the stored cohort target; null when given.' })
  cohortTargetSource!: string | null;

  @Field(() => [ScenarioGrade])
  @Label('Grade')
  grades!: ScenarioGrade[];

  @Field(() => Fte)
  @Label('Total posts')
  totalFte!: number;

  @Field(() => Money, { description: 'Staffing budget: the sum of the grades\' budgets.' })
  @Label('Staffing budget')
  budget!: number;

  @Field(() => Money, { description: 'Non-pay costs already recorded for the year.' })
  @Label('Non-pay cost')
  nonPayCost!: number;

  @Field(() => Money, { description: 'Budget + non-pay costs.' })
  @Label('Planned cost')
  plannedCost!: number;

  @Field(() => Money, { description: 'Funding already confirmed for the year (agreed contributions and confirmed streams).' })
  @Label('Confirmed funding')
  confirmedFunding!: number;

  @Field(() => Money, { description: 'Planned cost − confirmed funding; negative is headroom.' })
  @Label('Funding gap')
  fundingGap!: number;

  @Field(() => [AgencyShare], { description: 'Each partner\'s contribution to the staffing budget, to the penny; empty if no cost share was given or agreed.' })
  shares!: AgencyShare[];

  static from(view: ScenarioView): Scenario {
    const { result } = view;
    const basis = view.input.costShare?.basis ?? 'FIXED_PERCENTAGES';
    return Object.assign(new Scenario(), {
      partnership: view.partnership.code,
      financialYear: view.year.label,
      cohortTarget: view.cohortTarget,
      cohortTargetSource: view.cohortTargetSource,
      grades: result.grades.map((grade) => {
        const pay = view.pay.get(grade.grade)!;
        return Object.assign(new ScenarioGrade(), {
          grade: grade.grade,
          fte: fromHundredths(grade.fteHundredths),
          costPerFte: penceToPounds(pay.costPerFtePence),
          onCostPercent: fromHundredths(pay.onCostBasisPoints),
          abatementPercent: fromHundredths(pay.abatementBasisPoints),
          budget: penceToPounds(grade.budgetPence),
        });
      }),
      totalFte: fromHundredths(result.totalFteHundredths),
      budget: penceToPounds(result.staffingBudgetPence),
      nonPayCost: penceToPounds(view.nonPayPence),
      plannedCost: penceToPounds(result.plannedCostPence),
      confirmedFunding: penceToPounds(view.confirmedFundingPence),
      fundingGap: penceToPounds(result.fundingGapPence),
      shares: result.shares.map((share) => AgencyShare.from(share, view.agencyNames.get(share.agency) ?? share.agency, basis)),
    });
  }
}
