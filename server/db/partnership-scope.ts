import type { EntityManager } from '@mikro-orm/core';

/** The name of the ORM filter that carries the caller (server/access/scope-filter.ts). */
export const PARTNERSHIP_SCOPE = 'partnershipScope';

export interface PartnershipScope {
  /** A condition for a WHERE clause. */
  where: string;
  params: { scopePartnershipIds?: readonly number[] };
}

/**
 * The caller's partnerships as a condition on `column` (a partnership id), for hand-written SQL:
 * the ORM's scope filter (server/access/scope-filter.ts) sees entity queries only. With `only`
 * (partnerships already looked up for the caller, so visible to them), those; otherwise every
 * partnership the caller may see (`callerOf(em).partnershipIds`), which is none for a token that
 * sees none.
 */
export function partnershipScope(caller: { partnershipIds: readonly number[] | 'ALL' }, column: string, only: readonly number[] = []): PartnershipScope {
  const visible = only.length ? only : caller.partnershipIds;
  if (visible === 'ALL') return { where: '1 = 1', params: {} };
  if (!visible.length) return { where: '1 = 0', params: {} };
  return { where: `${column} IN (:scopePartnershipIds)`, params: { scopePartnershipIds: visible } };
}

/** The partnership scope of the caller `em` acts for (the scope filter's caller), as a condition on `column`. */
export function scopeOf(em: EntityManager, column: string): PartnershipScope {
  const params = em.getFilterParams<{ caller?: { partnershipIds: readonly number[] | 'ALL' } }>(PARTNERSHIP_SCOPE);
  if (!params?.caller) throw new Error('This EntityManager acts for nobody: fork it with actingAs() or asSystem().');
  return partnershipScope(params.caller, column);
}
