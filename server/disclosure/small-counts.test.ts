import { describe, expect, it } from 'vitest';
import {
  coarsen, costOf, disclosedDate, disclosedPeriod, disclosureFor, hideSmallCounts, protectSmallCounts, requestedThreshold, roundCount, suppress,
  type CostedCount, type DisclosureRule,
} from './small-counts.js';

const BOARD = { role: 'BOARD' };
const ANALYST = { role: 'ANALYST' };

describe('what each role sees of a count', () => {
  it('a board sees counts rounded to base 5 at month ends; everyone else sees them as counted', () => {
    expect(disclosureFor(BOARD)).toEqual({ roundTo: 5, monthEnds: true });
    for (const role of ['ADMIN', 'FINANCE', 'ANALYST', 'CASE_MANAGER']) expect(disclosureFor({ role })).toEqual({ roundTo: 1, monthEnds: false });
  });

  it('rounds to the nearest multiple of 5: 1 and 2 show as 0, 3 to 7 as 5, and never as 1 to 4', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 51].map((n) => roundCount(n, 5))).toEqual([0, 0, 0, 5, 5, 5, 5, 5, 10, 10, 15, 50]);
    expect(roundCount(3, 1)).toBe(3);
    for (let n = 0; n < 200; n++) expect(roundCount(n, 5) % 5).toBe(0);
  });
});

describe('dates a board may ask about', () => {
  it('are taken to the last month end on or before them; other roles keep theirs', () => {
    expect(disclosedDate(BOARD, '2014-09-15')).toBe('2014-08-31');
    expect(disclosedDate(BOARD, '2014-09-30')).toBe('2014-09-30');
    expect(disclosedDate(ANALYST, '2014-09-15')).toBe('2014-09-15');
  });

  it('make a period from month end to month end, and refuse one that holds no month end', () => {
    expect(disclosedPeriod(BOARD, { field: 'from', date: '2014-06-15' }, { field: 'to', date: '2014-09-20' })).toEqual({ from: '2014-05-31', to: '2014-08-31' });
    expect(() => disclosedPeriod(BOARD, { field: 'from', date: '2014-09-02' }, { field: 'to', date: '2014-09-20' })).toThrow(/^to: figures for this token run from month end to month end/);
    expect(disclosedPeriod(ANALYST, { field: 'from', date: '2014-09-02' }, { field: 'to', date: '2014-09-20' })).toEqual({ from: '2014-09-02', to: '2014-09-20' });
  });
});

describe('suppression asked for', () => {
  it('hides counts from 1 to 4 at 5, shows 0 and 5+', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppress(n, 5))).toEqual([0, null, null, 5, 12]);
    expect(suppress(3, null)).toBe(3);
  });
  it('is asked for as a whole number from 1 to 100', () => {
    expect(() => requestedThreshold(0)).toThrow('suppressUnder');
    expect(() => requestedThreshold(101)).toThrow('suppressUnder');
    expect(() => requestedThreshold(2.5)).toThrow('suppressUnder');
    expect(requestedThreshold(100)).toBe(100);
    expect(requestedThreshold(undefined)).toBeNull();
  });
});

describe('a row under a disclosure rule', () => {
  interface Counted { group: string; members: number; reoffenders: number; days: number | null; costed: CostedCount[] }
  interface Shown { group: string; members: number; reoffenders: number; rate: number | null; perYear: number | null; cost: number }
  const RULE: DisclosureRule<Counted, Shown, 'members' | 'reoffenders' | 'rate' | 'cost'> = {
    counts: ['members', 'reoffenders'],
    costed: ['costed'],
    withheld: ['days'],
    presence: ['members'],
    derive: (c) => ({
      group: c.group, members: c.members, reoffenders: c.reoffenders, rate: c.members ? (100 * c.reoffenders) / c.members : null,
      perYear: c.days ? costOf(c.costed) / c.days : null, cost: costOf(c.costed),
    }),
    builtOn: { rate: ['members', 'reoffenders'], cost: ['costed'] },
  };
  const row: Counted = { group: 'FEMALE', members: 12, reoffenders: 3, days: 400, costed: [{ unitCostPence: 300_000, count: 3 }, { unitCostPence: 85_000, count: 9 }] };

  it('costs offences from their counts', () => {
    expect(costOf(row.costed)).toBe(900_000 + 765_000);
  });

  it('is shown as counted to an analyst who asks for nothing', () => {
    expect(protectSmallCounts(ANALYST, null, RULE, [row])).toEqual([{ group: 'FEMALE', members: 12, reoffenders: 3, rate: 25, perYear: 1_665_000 / 400, cost: 1_665_000 }]);
  });

  it('shows a board figures worked out from rounded counts, with member-days withheld', () => {
    expect(coarsen(row, RULE, 5)).toEqual({ group: 'FEMALE', members: 10, reoffenders: 5, days: null, costed: [{ unitCostPence: 300_000, count: 5 }, { unitCostPence: 85_000, count: 10 }] });
    // cost ÷ a unit cost, rate × members: multiples of 5, never the 3 or 9 counted.
    expect(protectSmallCounts(BOARD, null, RULE, [row])).toEqual([{ group: 'FEMALE', members: 10, reoffenders: 5, rate: 50, perYear: null, cost: 5 * 300_000 + 10 * 85_000 }]);
    expect(row.reoffenders).toBe(3);
  });

  it('leaves out, for a board, a group that is there for a presence that rounds to 0', () => {
    const two = { ...row, group: 'OTHER', members: 2, reoffenders: 1 };
    expect(protectSmallCounts(BOARD, null, RULE, [row, two]).map((r) => r.group)).toEqual(['FEMALE']);
    expect(protectSmallCounts(ANALYST, null, RULE, [row, two]).map((r) => r.group)).toEqual(['FEMALE', 'OTHER']);
  });

  it('leaves out, for a board, a row implying a count from 1 to 4 it cannot round', () => {
    const published = { ...RULE, implied: (c: Counted) => [Math.round((c.members * 30) / 100)] };
    expect(protectSmallCounts(BOARD, null, published, [row])).toEqual([]);
    expect(protectSmallCounts(BOARD, null, published, [{ ...row, members: 20 }])).toHaveLength(1);
    expect(protectSmallCounts(ANALYST, null, published, [row])).toHaveLength(1);
  });

  it('hides, when asked, the small counts and every figure built on them, a cost on any of its counts', () => {
    expect(hideSmallCounts(row, RULE, 5)).toEqual({ group: 'FEMALE', members: 12, reoffenders: null, rate: null, perYear: 1_665_000 / 400, cost: null });
    expect(hideSmallCounts({ ...row, reoffenders: 0, costed: [{ unitCostPence: 85_000, count: 9 }] }, RULE, 5)).toEqual({ group: 'FEMALE', members: 12, reoffenders: 0, rate: 0, perYear: 765_000 / 400, cost: 765_000 });
    expect(hideSmallCounts(row, RULE, null)).toEqual(RULE.derive(row));
  });

  it('hides, for a board that asks, the rounded counts under the threshold', () => {
    const [shown] = protectSmallCounts(BOARD, 10, RULE, [row]);
    expect(shown).toEqual({ group: 'FEMALE', members: 10, reoffenders: null, rate: null, perYear: null, cost: null });
  });
});
