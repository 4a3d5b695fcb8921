import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('the per-token rate limit', () => {
  it('allows the budget in a window, refuses the next request, and starts again in the next window', () => {
    const limiter = new RateLimiter(3, 60_000);
    expect([1, 2, 3].map(() => limiter.take('a', 1_000).allowed)).toEqual([true, true, true]);
    expect(limiter.take('a', 31_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take('b', 31_000).allowed).toBe(true);
    expect(limiter.take('a', 61_000).allowed).toBe(true);
  });
});
