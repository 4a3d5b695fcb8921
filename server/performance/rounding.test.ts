import { describe, expect, it } from 'vitest';
import { roundHalfAway } from './rounding.js';

describe('rounding as published', () => {
  it('rounds half away from zero', () => {
    expect(roundHalfAway(-3.5)).toBe(-4);
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-25.655, 2)).toBe(-25.66);
  });
});
