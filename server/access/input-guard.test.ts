import { describe, expect, it } from 'vitest';
import { nulPath, refuseNulCharacters } from './input-guard.js';

describe('the input guard', () => {
  it('finds a NUL character anywhere in the arguments and names where', () => {
    expect(nulPath({ partnership: 'norfolk-suffolk', line: { grade: 'Constable' } }, '')).toBeNull();
    expect(nulPath({ input: { shares: [{ agency: 'a' }, { agency: 'b\u0000' }] } }, '')).toBe('input.shares[1].agency');
    expect(() => refuseNulCharacters({ partnership: '\u0000' })).toThrow('partnership: must not contain the NUL character.');
  });
});
