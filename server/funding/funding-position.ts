import { sumPence } from '../money/pence.js';

/**
 * How sure a funding stream is. CONFIRMED is secured; EXPECTED is likely but not yet secured;
 * UNCERTAIN, NOT_GUARANTEED and ENDING are at risk; UNIDENTIFIED means a cost with no funder.
 */
export type FundingCertainty = 'CONFIRMED' | 'EXPECTED' | 'UNCERTAIN' | 'NOT_GUARANTEED' | 'ENDING' | 'UNIDENTIFIED';

export const AT_RISK: readonly FundingCertainty[] = ['UNCERTAIN', 'NOT_GUARANTEED', 'ENDING'];

export interface StreamAmount {
  certainty: FundingCertainty;
  /** Expected amount for the year in pence; null when the paper gives no figure. */
  amountPence: number | null;
}

export interface FundingPositionInput {
  establishmentPence: number;
  nonPayPence: number;
  /** Partner contributions under an agreed cost share: confirmed funding. */
  agreedContributionsPence: number;
  /** Partner contributions under a draft cost share: expected, not yet confirmed. */
  draftContributionsPence: number;
  streams: readonly StreamAmount[];
  riskExposuresPence: readonly (number | null)[];
}

export interface FundingPosition {
  plannedCostPence: number;
  confirmedPence: number;
  expectedPence: number;
  atRiskPence: number;
  /** Planned cost not covered by confirmed, expected or at-risk funding; negative is a surplus. */
  gapPence: number;
  /** Planned cost not covered by confirmed funding alone: the gap if nothing unconfirmed arrives. */
  worstCaseGapPence: number;
  riskExposurePence: number;
  /** The gap if every stated risk of the year materialises: the gap plus every stated exposure. */
  gapIfRisksMaterialisePence: number;
  streamsWithoutAmount: number;
  risksWithoutExposure: number;
  byCertainty: { certainty: FundingCertainty; amountPence: number; streams: number }[];
}

const CERTAINTIES: readonly FundingCertainty[] = ['CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED'];

export function fundingPosition(input: FundingPositionInput): FundingPosition {
  const amountOf = (certainties: readonly FundingCertainty[]) =>
    sumPence(input.streams.filter((s) => certainties.includes(s.certainty)).map((s) => s.amountPence ?? 0));
  const plannedCostPence = input.establishmentPence + input.nonPayPence;
  const confirmedPence = input.agreedContributionsPence + amountOf(['CONFIRMED']);
  const expectedPence = input.draftContributionsPence + amountOf(['EXPECTED']);
  const atRiskPence = amountOf(AT_RISK);
  const gapPence = plannedCostPence - confirmedPence - expectedPence - atRiskPence;
  const riskExposurePence = sumPence(input.riskExposuresPence.map((e) => e ?? 0));
  return {
    plannedCostPence,
    confirmedPence,
    expectedPence,
    atRiskPence,
    gapPence,
    worstCaseGapPence: plannedCostPence - confirmedPence,
    riskExposurePence,
    gapIfRisksMaterialisePence: gapPence + riskExposurePence,
    streamsWithoutAmount: input.streams.filter((s) => s.amountPence === null).length,
    risksWithoutExposure: input.riskExposuresPence.filter((e) => e === null).length,
    byCertainty: CERTAINTIES.map((certainty) => ({
      certainty,
      amountPence: amountOf([certainty]),
      streams: input.streams.filter((s) => s.certainty === certainty).length,
    })),
  };
}

/** The figures of a funding position that can explain their parts. */
export type FundingFigure =
  | 'PLANNED_COST' | 'CONFIRMED' | 'EXPECTED' | 'AT_RISK' | 'GAP' | 'WORST_CASE_GAP' | 'RISK_EXPOSURE' | 'GAP_IF_RISKS_MATERIALISE';

/** What a part is: an establishment line, a non-pay cost, an agency's contribution, a funding stream or a funding risk. */
export type FundingPartKind = 'ESTABLISHMENT' | 'NON_PAY' | 'CONTRIBUTION' | 'STREAM' | 'RISK';

/** The records a funding position is made of, each with what it counts for. */
export interface FundingItems {
  establishment: readonly { id: string; label: string; pence: number }[];
  nonPay: readonly { id: string; label: string; pence: number }[];
  /** Each agency's contribution under the year's cost share; `agreed` when the share is agreed. */
  contributions: readonly { id: string; label: string; pence: number; agreed: boolean }[];
  streams: readonly { id: string; label: string; certainty: FundingCertainty; pence: number | null }[];
  risks: readonly { id: string; label: string; pence: number | null }[];
}

/** One part of one figure: a cost counts up, funding counts down in a gap; a part with no stated amount counts 0. */
export interface FundingPart {
  figure: FundingFigure;
  kind: FundingPartKind;
  id: string;
  label: string;
  certainty: FundingCertainty | null;
  amountPence: number;
  amountKnown: boolean;
}

/** The sums a funding position is worked out from, from its records. */
export function positionInputOf(items: FundingItems): FundingPositionInput {
  const contributions = (agreed: boolean) => sumPence(items.contributions.filter((c) => c.agreed === agreed).map((c) => c.pence));
  return {
    establishmentPence: sumPence(items.establishment.map((line) => line.pence)),
    nonPayPence: sumPence(items.nonPay.map((line) => line.pence)),
    agreedContributionsPence: contributions(true),
    draftContributionsPence: contributions(false),
    streams: items.streams.map((stream) => ({ certainty: stream.certainty, amountPence: stream.pence })),
    riskExposuresPence: items.risks.map((risk) => risk.pence),
  };
}

/**
 * Each figure's parts: which lines, contributions, streams and risks make it up, signed as the
 * figure counts them (in a gap, costs count up and funding down), so a figure's parts add up to it.
 */
export function fundingParts(items: FundingItems): FundingPart[] {
  const part = (figure: FundingFigure, kind: FundingPartKind, sign: 1 | -1, certainty: FundingCertainty | null) =>
    (item: { id: string; label: string; pence: number | null }): FundingPart => ({
      figure, kind, id: item.id, label: item.label, certainty, amountPence: sign * (item.pence ?? 0) || 0, amountKnown: item.pence !== null,
    });
  const streams = (certainties: readonly FundingCertainty[]) => items.streams.filter((s) => certainties.includes(s.certainty));
  const costs = (figure: FundingFigure) => [...items.establishment.map(part(figure, 'ESTABLISHMENT', 1, null)), ...items.nonPay.map(part(figure, 'NON_PAY', 1, null))];
  const funding = (figure: FundingFigure, sign: 1 | -1, agreed: boolean, certainties: readonly FundingCertainty[]) => [
    ...items.contributions.filter((c) => c.agreed === agreed).map(part(figure, 'CONTRIBUTION', sign, agreed ? 'CONFIRMED' : 'EXPECTED')),
    ...streams(certainties).map((s) => part(figure, 'STREAM', sign, s.certainty)(s)),
  ];
  const atRisk = (figure: FundingFigure, sign: 1 | -1) => streams(AT_RISK).map((s) => part(figure, 'STREAM', sign, s.certainty)(s));
  const risks = (figure: FundingFigure) => items.risks.map(part(figure, 'RISK', 1, null));
  const gap = (figure: FundingFigure) => [...costs(figure), ...funding(figure, -1, true, ['CONFIRMED']), ...funding(figure, -1, false, ['EXPECTED']), ...atRisk(figure, -1)];
  return [
    ...costs('PLANNED_COST'),
    ...funding('CONFIRMED', 1, true, ['CONFIRMED']),
    ...funding('EXPECTED', 1, false, ['EXPECTED']),
    ...atRisk('AT_RISK', 1),
    ...gap('GAP'),
    ...costs('WORST_CASE_GAP'),
    ...funding('WORST_CASE_GAP', -1, true, ['CONFIRMED']),
    ...risks('RISK_EXPOSURE'),
    ...gap('GAP_IF_RISKS_MATERIALISE'),
    ...risks('GAP_IF_RISKS_MATERIALISE'),
  ];
}
