import { describe, expect, it } from 'vitest';
import { hideSmallCounts } from '../../disclosure/small-counts.js';
import { binaryRate, frequencyPer100, offencesPerReoffender, REOFFENDING_RATES_DISCLOSURE, reoffendingRates } from './reoffending-rates.js';

describe('reoffending rates on a cohort of 8 with 3 reoffenders and 5 offences', () => {
  it('binary 37.5%, 62.5 per 100 members, 1.67 per reoffender', () => {
    expect(binaryRate(3, 8)).toBe(37.5);
    expect(frequencyPer100(5, 8)).toBe(62.5);
    expect(offencesPerReoffender(5, 3)).toBe(1.67);
    expect(binaryRate(0, 0)).toBeNull();
  });
});

describe('reoffending rates v1 from the counts of each group', () => {
  const rows = [
    { group: 'FEMALE', members: '3', reoffenders: 0, offences: 0, cost: 0, uncosted: 0 },
    { group: 'MALE', members: 3, reoffenders: 2, offences: '2', cost: '1000000', uncosted: 1 },
  ];

  it('gives each group its rates, and no rate per reoffender without reoffenders', () => {
    expect(reoffendingRates(rows)).toEqual([
      { group: 'FEMALE', members: 3, reoffenders: 0, offences: 0, costPence: 0, offencesWithoutUnitCost: 0, binaryRate: 0, frequencyPer100: 0, perReoffender: null },
      { group: 'MALE', members: 3, reoffenders: 2, offences: 2, costPence: 1_000_000, offencesWithoutUnitCost: 1, binaryRate: 66.67, frequencyPer100: 66.67, perReoffender: 1 },
    ]);
  });

  it('hides the rates built on a hidden member or reoffender count, but not the cost', () => {
    const [, male] = reoffendingRates(rows);
    expect(hideSmallCounts(male, REOFFENDING_RATES_DISCLOSURE, 5)).toEqual({
      group: 'MALE', members: null, reoffenders: null, offences: null, costPence: 1_000_000, offencesWithoutUnitCost: 1, binaryRate: null, frequencyPer100: null, perReoffender: null,
    });
    expect(hideSmallCounts({ ...male, members: 12 }, REOFFENDING_RATES_DISCLOSURE, 5)).toMatchObject({ members: 12, reoffenders: null, binaryRate: null, perReoffender: null });
  });
});
