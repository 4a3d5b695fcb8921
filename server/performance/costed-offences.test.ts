import { describe, expect, it } from 'vitest';
import { costedCounts, rowsByKey } from './costed-offences.js';

describe('offences counted by unit cost', () => {
  const rows = [
    { group: 'MALE', unit_cost: '300000', during: 2, after: 0 },
    { group: 'FEMALE', unit_cost: null, during: null, after: null },
    { group: 'MALE', unit_cost: 85_000, during: '1', after: 3 },
  ];

  it('gathers the rows of each group, in the order the groups first appear', () => {
    expect(rowsByKey(rows, (r) => String(r.group)).map((g) => g.map((r) => r.unit_cost))).toEqual([['300000', 85_000], [null]]);
  });

  it('reads each unit cost with its count, leaving out no unit cost and no offences', () => {
    const [male, female] = rowsByKey(rows, (r) => String(r.group));
    expect(costedCounts(male, 'during')).toEqual([{ unitCostPence: 300_000, count: 2 }, { unitCostPence: 85_000, count: 1 }]);
    expect(costedCounts(male, 'after')).toEqual([{ unitCostPence: 85_000, count: 3 }]);
    expect(costedCounts(female, 'during')).toEqual([]);
  });
});
