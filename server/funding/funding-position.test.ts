import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fundingParts, fundingPosition, positionInputOf, type FundingFigure, type FundingItems, type FundingPosition } from './funding-position.js';

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

describe('the parts of each figure', () => {
  // Norfolk & Suffolk 2015/16 as the paper leaves it: the £9,600 insurance and £30,000 tracking, the Pathways stream with no amount, eight risks of which four have a figure.
  const items: FundingItems = {
    establishment: [],
    nonPay: [{ id: '1', label: 'Vehicle insurance', pence: 960_000 }, { id: '2', label: 'GPS tracking devices', pence: 3_000_000 }],
    contributions: [],
    streams: [{ id: '3', label: 'Pathways Co-ordinator Manager post', certainty: 'ENDING', pence: null }],
    risks: [
      { id: '4', label: 'Pathways Co-ordinator Manager funding ends', pence: null },
      { id: '5', label: 'Drug testing income may not continue', pence: 1_600_000 },
      { id: '6', label: 'Vehicle fuel contribution not guaranteed', pence: 1_000_000 },
      { id: '7', label: 'Vehicle insurance unfunded', pence: 960_000 },
      { id: '8', label: 'Tracking devices', pence: 3_000_000 },
    ],
  };

  it('counts every stated risk of the year in the gap if risks materialise: £39,600 + £65,600', () => {
    const position = fundingPosition(positionInputOf(items));
    expect(position).toMatchObject({ gapPence: 3_960_000, riskExposurePence: 6_560_000, gapIfRisksMaterialisePence: 10_520_000, risksWithoutExposure: 1 });
    const parts = fundingParts(items).filter((p) => p.figure === 'GAP_IF_RISKS_MATERIALISE');
    expect(parts.map((p) => [p.kind, p.label, p.amountPence, p.amountKnown])).toEqual([
      ['NON_PAY', 'Vehicle insurance', 960_000, true],
      ['NON_PAY', 'GPS tracking devices', 3_000_000, true],
      ['STREAM', 'Pathways Co-ordinator Manager post', 0, false],
      ['RISK', 'Pathways Co-ordinator Manager funding ends', 0, false],
      ['RISK', 'Drug testing income may not continue', 1_600_000, true],
      ['RISK', 'Vehicle fuel contribution not guaranteed', 1_000_000, true],
      ['RISK', 'Vehicle insurance unfunded', 960_000, true],
      ['RISK', 'Tracking devices', 3_000_000, true],
    ]);
  });

  const FIGURES: Record<FundingFigure, keyof FundingPosition> = {
    PLANNED_COST: 'plannedCostPence', CONFIRMED: 'confirmedPence', EXPECTED: 'expectedPence', AT_RISK: 'atRiskPence', GAP: 'gapPence',
    WORST_CASE_GAP: 'worstCaseGapPence', RISK_EXPOSURE: 'riskExposurePence', GAP_IF_RISKS_MATERIALISE: 'gapIfRisksMaterialisePence',
  };
  const pence = fc.integer({ min: 0, max: 1e9 });
  const maybe = fc.option(pence);
  const item = <T>(extra: fc.Arbitrary<T>) => fc.array(fc.tuple(fc.string(), extra), { maxLength: 5 });
  const itemsArbitrary: fc.Arbitrary<FundingItems> = fc.record({
    establishment: item(pence).map((xs) => xs.map(([label, p], i) => ({ id: `e${i}`, label, pence: p }))),
    nonPay: item(pence).map((xs) => xs.map(([label, p], i) => ({ id: `n${i}`, label, pence: p }))),
    contributions: item(fc.tuple(pence, fc.boolean())).map((xs) => xs.map(([label, [p, agreed]], i) => ({ id: `c${i}`, label, pence: p, agreed }))),
    streams: item(fc.tuple(maybe, fc.constantFrom('CONFIRMED', 'EXPECTED', 'UNCERTAIN', 'NOT_GUARANTEED', 'ENDING', 'UNIDENTIFIED') as fc.Arbitrary<FundingItems['streams'][number]['certainty']>))
      .map((xs) => xs.map(([label, [p, certainty]], i) => ({ id: `s${i}`, label, certainty, pence: p }))),
    risks: item(maybe).map((xs) => xs.map(([label, p], i) => ({ id: `r${i}`, label, pence: p }))),
  });

  it('gives parts that add up to each figure, to the penny', () => {
    fc.assert(
      fc.property(itemsArbitrary, (generated) => {
        const position = fundingPosition(positionInputOf(generated));
        const parts = fundingParts(generated);
        for (const [figure, key] of Object.entries(FIGURES))
          expect(parts.filter((p) => p.figure === figure).reduce((sum, p) => sum + p.amountPence, 0), figure).toBe(position[key]);
      }),
      { numRuns: 300 },
    );
  });
});
