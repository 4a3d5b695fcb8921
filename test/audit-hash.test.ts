import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entryHash, type ChainedFields } from '../server/access/audit-chain.js';

/**
 * An entry's hash is SHA-256 of the hash before, a newline and the JSON of its fields with its
 * reads as `[[id, shown], …]` sorted by id (server/access/audit-chain.ts): what `audit verify`
 * recomputes, and what entries already in a log were hashed by. The reads are written as text
 * without JSON.stringify; the hash must be the one JSON.stringify gives.
 */
const asSpecified = (previous: string, e: ChainedFields, reads: ReadonlyMap<number, boolean>) => {
  const nominals = [...reads].sort(([a], [b]) => a - b).map(([id, shown]) => [id, shown ? 1 : 0]);
  const body = JSON.stringify([e.id, e.at.toISOString(), e.tokenId, e.role, e.operation, e.entity, e.entityId, e.action, e.before, e.after, e.nominals, e.identitiesShown, nominals, e.partnershipId]);
  return createHash('sha256').update(previous).update('\n').update(body).digest('hex');
};

describe('an audit entry\'s hash', () => {
  it('is the hash of its fields and its reads sorted by id, as JSON.stringify writes them', () => {
    let seed = 7;
    const next = (below: number) => ((seed = (seed * 48271) % 2147483647) % below);
    const sizes = [0, 1, 2, 31, 32, 33, 2338, 8000];
    let checked = 0;
    for (const size of sizes)
      for (const [k, partnershipId] of [null, 0, 7, 123456].entries()) {
        const reads = new Map<number, boolean>();
        // Ids in no order, some past 2^32 and 2^40 (a read block's mask is 32 bits; ids are not).
        while (reads.size < size) reads.set(k === 3 ? next(2 ** 30) * 1024 + next(1024) : next(k === 2 ? 2 ** 31 - 1 : 60_000), next(3) === 0);
        const entry: ChainedFields = {
          id: 1000 + checked, at: new Date(Date.UTC(2026, 10, 30, 2, next(60))), tokenId: k % 2 ? null : 4, role: 'CASE_MANAGER', operation: 'referrals,0,[0]', entity: 'Nominal',
          entityId: k === 1 ? ',0,' : null, action: 'READ', before: k === 2 ? '{"a":",0,"}' : null, after: null, nominals: size, identitiesShown: size ? [...reads.values()].some(Boolean) : null, partnershipId,
        };
        expect(entryHash('previous', entry, reads), `${size} reads, partnership ${partnershipId}`).toBe(asSpecified('previous', entry, reads));
        checked++;
      }
    expect(checked).toBe(sizes.length * 4);
    // No reads given, and ids that are not whole numbers (never stored, but hashed as JSON writes them).
    const entry: ChainedFields = { id: 1, at: new Date(0), tokenId: null, role: 'ADMIN', operation: 'cohort', entity: 'Nominal', entityId: null, action: 'READ', before: null, after: null, nominals: 0, identitiesShown: null, partnershipId: null };
    expect(entryHash('', entry)).toBe(asSpecified('', entry, new Map()));
    const odd = new Map([[2.5, true], [1, false], [-3, true], [2 ** 60, false]]);
    expect(entryHash('', entry, odd)).toBe(asSpecified('', entry, odd));
  });
});
