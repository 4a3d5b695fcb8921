import { createHash, randomBytes } from 'node:crypto';
import { requireDate } from '../errors/validate.js';

const PREFIX = 'iomh_';

/** A new token: 32 random bytes (256 bits), so a plain SHA-256 hash is enough to store it. */
export function newTokenSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/** `2027-03-31`: the token works to the end of that day (UTC). */
export function expiryOf(field: string, date: string | null | undefined): Date | null {
  if (date === null || date === undefined || date === '') return null;
  const day = requireDate(field, date);
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000);
}

export type TokenState = 'active' | 'expired' | 'revoked';

export function tokenState(token: { expiresAt?: Date | null; revokedAt?: Date | null }, now: Date): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
