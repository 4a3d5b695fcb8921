import { describe, expect, it } from 'vitest';
import { bearerToken, expiryOf, hashToken, newTokenSecret, tokenState } from './token.js';

describe('tokens', () => {
  it('are long, random and never the same twice', () => {
    const tokens = new Set(Array.from({ length: 100 }, newTokenSecret));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^iomh_[A-Za-z0-9_-]{43}$/);
  });

  it('are stored as a SHA-256 hash', () => {
    expect(hashToken('iomh_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('iomh_x')).not.toBe(hashToken('iomh_y'));
  });

  it('are read from a bearer header only', () => {
    expect(bearerToken('Bearer iomh_abc')).toBe('iomh_abc');
    expect(bearerToken('bearer iomh_abc ')).toBe('iomh_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });

  it('expire at the end of the day given, and revocation wins', () => {
    const expiresAt = expiryOf('expires', '2027-03-31');
    expect(expiresAt?.toISOString()).toBe('2027-04-01T00:00:00.000Z');
    expect(tokenState({ expiresAt }, new Date('2027-03-31T23:59:59Z'))).toBe('active');
    expect(tokenState({ expiresAt }, new Date('2027-04-01T00:00:00Z'))).toBe('expired');
    expect(tokenState({ expiresAt, revokedAt: new Date() }, new Date('2020-01-01'))).toBe('revoked');
    expect(() => expiryOf('expires', '31/03/2027')).toThrow(/expires: "31\/03\/2027" is not a date/);
  });
});
