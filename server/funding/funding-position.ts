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
  return {
    plannedCostPence,
    confirmedPence,
    expectedPence,
    atRiskPence,
    gapPence: plannedCostPence - confirmedPence - expectedPence - atRiskPence,
    worstCaseGapPence: plannedCostPence - confirmedPence,
    riskExposurePence: sumPence(input.riskExposuresPence.map((e) => e ?? 0)),
    streamsWithoutAmount: input.streams.filter((s) => s.amountPence === null).length,
    risksWithoutExposure: input.riskExposuresPence.filter((e) => e === null).length,
    byCertainty: CERTAINTIES.map((certainty) => ({
      certainty,
      amountPence: amountOf([certainty]),
      streams: input.streams.filter((s) => s.certainty === certainty).length,
    })),
  };
}
