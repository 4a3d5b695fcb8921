import { describe, expect, it } from 'vitest';
import { fundingPosition } from './funding-position.js';

describe('funding position', () => {
  const base = { establishmentPence: 100_000, nonPayPence: 20_000, agreedContributionsPence: 0, draftContributionsPence: 0, streams: [], riskExposuresPence: [] };

  it('counts agreed contributions and confirmed streams as confirmed', () => {
    const position = fundingPosition({ ...base, agreedContributionsPence: 100_000, streams: [{ certainty: 'CONFIRMED', amountPence: 5_000 }] });
    expect(position.plannedCostPence).toBe(120_000);
    expect(position.confirmedPence).toBe(105_000);
    expect(position.gapPence).toBe(15_000);
    expect(position.worstCaseGapPence).toBe(15_000);
  });

  it('keeps expected and at-risk funding apart from confirmed, and out of the worst case', () => {
    const position = fundingPosition({
      ...base,
      draftContributionsPence: 50_000,
      streams: [
        { certainty: 'EXPECTED', amountPence: 10_000 },
        { certainty: 'UNCERTAIN', amountPence: 16_000 },
        { certainty: 'NOT_GUARANTEED', amountPence: 10_000 },
        { certainty: 'ENDING', amountPence: null },
      ],
    });
    expect(position.expectedPence).toBe(60_000);
    expect(position.atRiskPence).toBe(26_000);
    expect(position.gapPence).toBe(120_000 - 60_000 - 26_000);
    expect(position.worstCaseGapPence).toBe(120_000);
    expect(position.streamsWithoutAmount).toBe(1);
    expect(position.byCertainty.find((c) => c.certainty === 'ENDING')).toEqual({ certainty: 'ENDING', amountPence: 0, streams: 1 });
  });

  it('adds up the known risk exposures and counts the unknown ones', () => {
    const position = fundingPosition({ ...base, riskExposuresPence: [1_600_000, null, 960_000, null] });
    expect(position.riskExposurePence).toBe(2_560_000);
    expect(position.risksWithoutExposure).toBe(2);
  });

  it('reports a surplus as a negative gap', () => {
    expect(fundingPosition({ ...base, agreedContributionsPence: 130_000 }).gapPence).toBe(-10_000);
  });
});
