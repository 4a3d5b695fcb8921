import { describe, expect, it } from 'vitest';
import { hideSmallCounts, protectSmallCounts } from '../../disclosure/small-counts.js';
import { binaryRate, frequencyPer100, offencesPerReoffender, reoffendingCounts, reoffendingRatesDisclosure, withRates } from './reoffending-rates.js';

describe('reoffending rates on a cohort of 8 with 3 reoffenders and 5 offences', () => {
  it('binary 37.5%, 62.5 per 100 members, 1.67 per reoffender', () => {
    expect(binaryRate(3, 8)).toBe(37.5);
    expect(frequencyPer100(5, 8)).toBe(62.5);
    expect(offencesPerReoffender(5, 3)).toBe(1.67);
    expect(binaryRate(0, 0)).toBeNull();
  });
});

describe('reoffending rates v1 from the counts of each group', () => {
  // One row per group and unit cost (pence), as the SQL returns them.
  const rows = [
    { group: 'FEMALE', members: '3', reoffenders: 0, offences: 0, uncosted: 0, unit_cost: null, costed: null },
    { group: 'MALE', members: 3, reoffenders: 2, offences: '3', uncosted: 1, unit_cost: '300000', costed: 1 },
    { group: 'MALE', members: 3, reoffenders: 2, offences: '3', uncosted: 1, unit_cost: 700_000, costed: '1' },
  ];

  it('gathers each group\'s offences by unit cost', () => {
    expect(reoffendingCounts(rows)).toEqual([
      { group: 'FEMALE', members: 3, reoffenders: 0, offences: 0, offencesWithoutUnitCost: 0, costed: [] },
      { group: 'MALE', members: 3, reoffenders: 2, offences: 3, offencesWithoutUnitCost: 1, costed: [{ unitCostPence: 300_000, count: 1 }, { unitCostPence: 700_000, count: 1 }] },
    ]);
  });

  it('gives each group its rates and the cost of its offences, and no rate per reoffender without reoffenders', () => {
    expect(reoffendingCounts(rows).map(withRates)).toEqual([
      { group: 'FEMALE', members: 3, reoffenders: 0, offences: 0, offencesWithoutUnitCost: 0, costPence: 0, binaryRate: 0, frequencyPer100: 0, perReoffender: null },
      { group: 'MALE', members: 3, reoffenders: 2, offences: 3, offencesWithoutUnitCost: 1, costPence: 1_000_000, binaryRate: 66.67, frequencyPer100: 100, perReoffender: 1.5 },
    ]);
  });

  it('hides, when asked, the rates and the cost built on a hidden count', () => {
    const [, male] = reoffendingCounts(rows);
    const rule = reoffendingRatesDisclosure('GENDER');
    expect(hideSmallCounts(male, rule, 5)).toEqual({
      group: 'MALE', members: null, reoffenders: null, offences: null, offencesWithoutUnitCost: null, costPence: null, binaryRate: null, frequencyPer100: null, perReoffender: null,
    });
    expect(hideSmallCounts({ ...male, members: 12, offences: 7, costed: [{ unitCostPence: 300_000, count: 7 }] }, rule, 5)).toMatchObject({
      members: 12, reoffenders: null, offences: 7, costPence: 2_100_000, binaryRate: null, frequencyPer100: 58.33, perReoffender: null,
    });
  });

  it('shows a board rates and a cost worked out from rounded counts', () => {
    const counts = { group: 'MALE', members: 13, reoffenders: 3, offences: 9, offencesWithoutUnitCost: 1, costed: [{ unitCostPence: 300_000, count: 6 }, { unitCostPence: 85_000, count: 2 }] };
    expect(protectSmallCounts({ role: 'BOARD' }, null, reoffendingRatesDisclosure('GENDER'), [counts])).toEqual([{
      group: 'MALE', members: 15, reoffenders: 5, offences: 10, offencesWithoutUnitCost: 0, costPence: 5 * 300_000, binaryRate: 33.33, frequencyPer100: 66.67, perReoffender: 2,
    }]);
  });

  it('leaves out, for a board, a group of 1 or 2 members, and an offence group of 1 or 2 offences', () => {
    const small = { group: 'OTHER', members: 2, reoffenders: 1, offences: 1, offencesWithoutUnitCost: 0, costed: [] };
    expect(protectSmallCounts({ role: 'BOARD' }, null, reoffendingRatesDisclosure('ETHNICITY'), [small])).toEqual([]);
    expect(protectSmallCounts({ role: 'BOARD' }, null, reoffendingRatesDisclosure('OFFENCE_GROUP'), [{ ...small, members: 40 }])).toEqual([]);
    expect(protectSmallCounts({ role: 'BOARD' }, null, reoffendingRatesDisclosure('OFFENCE_GROUP'), [{ ...small, members: 40, offences: 3 }])).toHaveLength(1);
  });
});
