import { describe, expect, it } from 'vitest';
import { Durations } from './durations.js';

describe('durations of the last run', () => {
  it('calls work long from its last run only, and starts again when full', () => {
    const took = new Durations(25, 2);
    expect(took.isLong('a')).toBe(false); // never ran: short
    took.note('a', 30);
    expect(took.isLong('a')).toBe(true);
    took.note('a', 3); // its last run was quick
    expect(took.isLong('a')).toBe(false);
    took.note('a', 25);
    took.note('b', 40);
    took.note('a', 26); // a key already held does not empty the map
    expect([took.isLong('a'), took.isLong('b')]).toEqual([true, true]);
    took.note('c', 1); // a third key: full, so it starts again
    expect([took.isLong('a'), took.isLong('b')]).toEqual([false, false]);
  });
});
