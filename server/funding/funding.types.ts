import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { MeasureDefinition, measureDefinition } from '../measures/measure-definition.js';
import { penceToPounds } from '../money/pence.js';
import { FundingCertainty } from './funding.entity.js';
import type { FundingFigure as Figure, FundingPart, FundingPartKind as PartKind } from './funding-position.js';
import type { FundingPositionView } from './funding.service.js';
import { Label, Measure } from '../units/label.js';
import { Count, Money } from '../units/scalars.js';

export const FundingFigure = {
  PLANNED_COST: 'PLANNED_COST', CONFIRMED: 'CONFIRMED', EXPECTED: 'EXPECTED', AT_RISK: 'AT_RISK', GAP: 'GAP', WORST_CASE_GAP: 'WORST_CASE_GAP',
  RISK_EXPOSURE: 'RISK_EXPOSURE', GAP_IF_RISKS_MATERIALISE: 'GAP_IF_RISKS_MATERIALISE',
} as const satisfies Record<Figure, Figure>;
export type FundingFigure = Figure;
registerEnumType(FundingFigure, { name: 'FundingFigure', description: 'A figure of the funding position: plannedCost, confirmed, expected, atRisk, gap, worstCaseGap, riskExposure, gapIfRisksMaterialise.' });

export const FundingPartKind = { ESTABLISHMENT: 'ESTABLISHMENT', NON_PAY: 'NON_PAY', CONTRIBUTION: 'CONTRIBUTION', STREAM: 'STREAM', RISK: 'RISK' } as const satisfies Record<PartKind, PartKind>;
export type FundingPartKind = PartKind;
registerEnumType(FundingPartKind, { name: 'FundingPartKind', description: 'An establishment line, a non-pay cost, an agency\'s contribution, a funding stream or a funding risk.' });

@ObjectType('FundingPart', { description: 'One record in one figure of the funding position. A figure\'s parts add up to it: in a gap, costs count up and funding counts down.' })
export class FundingPartResult {
  @Field(() => FundingFigure)
  figure!: FundingFigure;

  @Field(() => FundingPartKind)
  kind!: FundingPartKind;

  @Field(() => ID, { description: 'The record\'s id (an agency\'s code for a contribution).' })
  id!: string;

  @Field(() => String, { description: 'The line\'s grade, the cost\'s description, the agency, the stream\'s funder and purpose, or the risk\'s title.' })
  label!: string;

  @Field(() => FundingCertainty, { nullable: true, description: 'For funding: how sure it is (an agreed contribution is CONFIRMED, a draft one EXPECTED).' })
  certainty!: FundingCertainty | null;

  @Field(() => Money, { description: 'Pounds, signed as the figure counts it.' })
  amount!: number;

  @Field(() => Boolean, { description: 'False for a stream or risk with no stated amount (counted as 0).' })
  amountKnown!: boolean;

  static from(part: FundingPart): FundingPartResult {
    return Object.assign(new FundingPartResult(), { ...part, amount: penceToPounds(part.amountPence) });
  }
}

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

export const FUNDING_POSITION = measureDefinition(
  'Funding position',
  1,
  'Funding position v1. plannedCost = establishment budget + non-pay costs. confirmed = contributions under an AGREED cost share + ' +
  'CONFIRMED streams. expected = contributions under a DRAFT cost share + EXPECTED streams. atRisk = UNCERTAIN, NOT_GUARANTEED and ' +
  'ENDING streams. gap = plannedCost − confirmed − expected − atRisk (negative: funding exceeds the recorded plan). ' +
  'worstCaseGap = plannedCost − confirmed. riskExposure = the year\'s stated risk exposures; gapIfRisksMaterialise = gap + riskExposure. ' +
  'Stream amounts are the expected amount, or the agreed amount when no expected amount is given. `parts` lists what makes up each figure.',
);

@Measure('Funding position', 1)
@ObjectType('FundingPosition', { description: FUNDING_POSITION.definition })
export class FundingPositionResult {
  @Field(() => MeasureDefinition, { description: 'The measure these figures come from: its version and definition.' })
  get measure(): MeasureDefinition {
    return FUNDING_POSITION;
  }

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

  @Field(() => Money, { description: 'The gap if every stated risk of the year materialises: gap + riskExposure.' })
  @Label('Gap if risks materialise')
  gapIfRisksMaterialise!: number;

  /** Every figure's parts; `parts(figure)` picks one figure's. */
  allParts!: FundingPart[];

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
      gapIfRisksMaterialise: penceToPounds(p.gapIfRisksMaterialisePence),
      allParts: view.parts,
      streamsWithoutAmount: p.streamsWithoutAmount,
      risksWithoutExposure: p.risksWithoutExposure,
      byCertainty: p.byCertainty.map((c) => Object.assign(new FundingByCertainty(), { certainty: c.certainty, amount: penceToPounds(c.amountPence), streams: c.streams })),
    });
  }
}
