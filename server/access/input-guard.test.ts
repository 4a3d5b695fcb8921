import { describe, expect, it } from 'vitest';
import { badTextOf, refuseBadText } from './input-guard.js';

describe('the input guard', () => {
  it('finds a NUL character anywhere in the arguments and names where', () => {
    expect(badTextOf({ partnership: 'norfolk-suffolk', line: { grade: 'Constable' } }, '')).toBeNull();
    expect(badTextOf({ input: { shares: [{ agency: 'a' }, { agency: 'b\u0000' }] } }, '')?.path).toBe('input.shares[1].agency');
    expect(() => refuseBadText({ partnership: '\u0000' })).toThrow('partnership: must not contain the NUL character.');
  });

  it('finds a lone surrogate, high or low, and lets pairs (an emoji) and every other text through', () => {
    expect(badTextOf({ name: 'Zoë 🙂 O\'Brien — 𝔘', grade: '\uFFFD' }, '')).toBeNull();
    expect(badTextOf({ a: ['ok', 'x\uD83D'] }, '')).toEqual({ path: 'a[1]', problem: 'must be well-formed Unicode text: it holds a lone surrogate (\\uD83D) at character 2.' });
    expect(badTextOf({ a: '\uDE42y' }, '')?.problem).toContain('(\\uDE42) at character 1');
    expect(badTextOf({ a: '🙂\uDE42' }, '')?.problem).toContain('at character 3');
    expect(() => refuseBadText({ input: { reference: '\uD800' } })).toThrow('input.reference: must be well-formed Unicode text');
  });
});
