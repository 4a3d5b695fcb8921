import { describe, expect, it } from 'vitest';
import { BOARD_SMALL_COUNT, hideSmallCounts, protectSmallCounts, requestedThreshold, smallCountThreshold, suppress, type DisclosureRule } from './small-counts.js';

describe('suppression', () => {
  it('hides counts from 1 to 4 when asked, shows 0 and 5+', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppress(n, 5))).toEqual([0, null, null, 5, 12]);
    expect(suppress(3, null)).toBe(3);
  });
});

describe('the threshold in force', () => {
  const board = { suppressCountsBelow: BOARD_SMALL_COUNT };
  const analyst = { suppressCountsBelow: 0 };
  it('is the one asked for, or none', () => {
    expect(smallCountThreshold(analyst, requestedThreshold(10))).toBe(10);
    expect(smallCountThreshold(analyst, requestedThreshold(null))).toBeNull();
    expect(smallCountThreshold(analyst, requestedThreshold(undefined))).toBeNull();
  });
  it('is never below a board token\'s floor of 5, asked for or not', () => {
    expect(smallCountThreshold(board, null)).toBe(5);
    expect(smallCountThreshold(board, 2)).toBe(5);
    expect(smallCountThreshold(board, 10)).toBe(10);
  });
  it('is asked for as a whole number from 1 to 100', () => {
    expect(() => requestedThreshold(0)).toThrow('suppressUnder');
    expect(() => requestedThreshold(101)).toThrow('suppressUnder');
    expect(() => requestedThreshold(2.5)).toThrow('suppressUnder');
    expect(requestedThreshold(100)).toBe(100);
  });
});

describe('a row under a disclosure rule', () => {
  interface Rates { group: string; members: number; reoffenders: number; offences: number; binaryRate: number | null; cost: number }
  const RULE: DisclosureRule<Rates, 'members' | 'reoffenders' | 'offences', 'binaryRate'> = {
    counts: ['members', 'reoffenders', 'offences'],
    builtOn: { binaryRate: ['members', 'reoffenders'] },
  };
  const row: Rates = { group: 'FEMALE', members: 12, reoffenders: 3, offences: 7, binaryRate: 25, cost: 900 };

  it('hides small counts and the figures built on them, and leaves the rest', () => {
    expect(hideSmallCounts(row, RULE, 5)).toEqual({ group: 'FEMALE', members: 12, reoffenders: null, offences: 7, binaryRate: null, cost: 900 });
  });
  it('keeps a figure none of whose counts is hidden', () => {
    expect(hideSmallCounts({ ...row, reoffenders: 0, binaryRate: 0 }, RULE, 5)).toEqual({ ...row, reoffenders: 0, binaryRate: 0 });
  });
  it('is shown as it is with no threshold, and not changed in place', () => {
    expect(hideSmallCounts(row, RULE, null)).toEqual(row);
    expect(row.reoffenders).toBe(3);
  });
  it('is protected at the caller\'s threshold: a board sees less than an analyst who did not ask', () => {
    expect(protectSmallCounts({ suppressCountsBelow: 0 }, null, RULE, [row])).toEqual([row]);
    expect(protectSmallCounts({ suppressCountsBelow: 5 }, null, RULE, [row])[0].reoffenders).toBeNull();
    expect(protectSmallCounts({ suppressCountsBelow: 0 }, 20, RULE, [row])[0]).toMatchObject({ members: null, reoffenders: null, offences: null, binaryRate: null });
  });
});
