import { describe, expect, it } from 'vitest';
import { allocateByLargestRemainder } from './allocate.js';

describe('allocateByLargestRemainder', () => {
  it('splits the Norfolk & Suffolk establishment 56.5% / 43.5% to the penny', () => {
    expect(allocateByLargestRemainder(102_394_400, [5650, 4350])).toEqual([57_852_836, 44_541_564]);
  });

  it('gives the leftover penny to the largest remainder', () => {
    // £100.00 in thirds: 3333.33… each, one penny left over goes to the first of the equal remainders
    expect(allocateByLargestRemainder(10_000, [1, 1, 1])).toEqual([3334, 3333, 3333]);
    // 10p split 1:2 → 3.33… and 6.66…; the 6.66 part has the larger remainder
    expect(allocateByLargestRemainder(10, [1, 2])).toEqual([3, 7]);
  });

  it('always adds up to the total exactly', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 2000; trial++) {
      const total = Math.floor(random() * 1e10);
      const weights: number[] = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 10_000));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const parts = allocateByLargestRemainder(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((part, i) => {
        const exact = (total * weights[i]) / weights.reduce((a, b) => a + b, 0);
        expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-6);
      });
    }
  });

  it('is exact for totals whose products overflow a double', () => {
    const total = 9_007_199_254_740_991; // the largest safe integer, in pence
    const parts = allocateByLargestRemainder(total, [3333, 3333, 3334]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('gives nothing to a zero weight and refuses to share a total among zero weights', () => {
    expect(allocateByLargestRemainder(500, [0, 1])).toEqual([0, 500]);
    expect(allocateByLargestRemainder(0, [0, 0])).toEqual([0, 0]);
    expect(() => allocateByLargestRemainder(500, [0, 0])).toThrow(/every weight is zero/);
    expect(() => allocateByLargestRemainder(1.5, [1])).toThrow(RangeError);
  });
});
