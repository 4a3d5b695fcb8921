import { Field, ObjectType } from 'type-graphql';
import { penceToPounds } from '../money/pence.js';
import { FundingCertainty } from './funding.entity.js';
import type { FundingPositionView } from './funding.service.js';
import { Label, Measure } from '../units/label.js';
import { Count, Money } from '../units/scalars.js';

@ObjectType({ description: 'Funding of one certainty.' })
export class FundingByCertainty {
  @Field(() => FundingCertainty)
  certainty!: FundingCertainty;

  @Field(() => Money, { description: 'Pounds expected from streams of this certainty (streams with no stated amount count as 0).' })
  @Label('Amount')
  amount!: number;

  @Field(() => Count)
  @Label('Streams')
  streams!: number;
}

@Measure('Funding position', 1)
@ObjectType('FundingPosition', {
  description:
    'Funding position v1. plannedCost = establishment budget + non-pay costs. confirmed = contributions under an AGREED cost share + ' +
    'CONFIRMED streams. expected = contributions under a DRAFT cost share + EXPECTED streams. atRisk = UNCERTAIN, NOT_GUARANTEED and ' +
    'ENDING streams. gap = plannedCost − confirmed − expected − atRisk (negative: funding exceeds the recorded plan). ' +
    'worstCaseGap = plannedCost − confirmed. Stream amounts are the expected amount, or the agreed amount when no expected amount is given.',
})
export class FundingPositionResult {
  @Field(() => String)
  partnership!: string;

  @Field(() => String)
  financialYear!: string;

  @Field(() => Money)
  @Label('Planned cost')
  plannedCost!: number;

  @Field(() => Money, { description: 'Establishment budget part of the planned cost.' })
  @Label('Establishment cost')
  establishmentCost!: number;

  @Field(() => Money, { description: 'Non-pay part of the planned cost.' })
  @Label('Non-pay cost')
  nonPayCost!: number;

  @Field(() => Money)
  @Label('Confirmed')
  confirmed!: number;

  @Field(() => Money)
  @Label('Expected')
  expected!: number;

  @Field(() => Money)
  @Label('At risk')
  atRisk!: number;

  @Field(() => Money)
  @Label('Gap')
  gap!: number;

  @Field(() => Money)
  @Label('Worst-case gap')
  worstCaseGap!: number;

  @Field(() => Money, { description: 'Sum of the year\'s funding-risk exposures that have a figure.' })
  @Label('Risk exposure')
  riskExposure!: number;

  @Field(() => Count, { description: 'Funding streams covering the year with no stated amount.' })
  @Label('Streams without an amount')
  streamsWithoutAmount!: number;

  @Field(() => Count, { description: 'Funding risks of the year with no stated exposure.' })
  @Label('Risks without an exposure')
  risksWithoutExposure!: number;

  @Field(() => [FundingByCertainty])
  byCertainty!: FundingByCertainty[];

  static from(view: FundingPositionView): FundingPositionResult {
    const p = view.position;
    return Object.assign(new FundingPositionResult(), {
      partnership: view.partnership.code,
      financialYear: view.year.label,
      plannedCost: penceToPounds(p.plannedCostPence),
      establishmentCost: penceToPounds(view.establishmentPence),
      nonPayCost: penceToPounds(view.nonPayPence),
      confirmed: penceToPounds(p.confirmedPence),
      expected: penceToPounds(p.expectedPence),
      atRisk: penceToPounds(p.atRiskPence),
      gap: penceToPounds(p.gapPence),
      worstCaseGap: penceToPounds(p.worstCaseGapPence),
      riskExposure: penceToPounds(p.riskExposurePence),
      streamsWithoutAmount: p.streamsWithoutAmount,
      risksWithoutExposure: p.risksWithoutExposure,
      byCertainty: p.byCertainty.map((c) => Object.assign(new FundingByCertainty(), { certainty: c.certainty, amount: penceToPounds(c.amountPence), streams: c.streams })),
    });
  }
}
