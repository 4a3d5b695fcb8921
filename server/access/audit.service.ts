import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AuditEntry, AuditReadBlock, READ_BLOCK_BITS } from './audit-entry.entity.js';
import { readsOfBlocks } from './audit-chain.js';
import { pageOf, type Page } from './limits.js';

export interface AuditQuery {
  from?: Date | null;
  to?: Date | null;
  tokenId?: number | null;
  entity?: string | null;
  operation?: string | null;
  /** Changes to records of these kinds only (`EstablishmentLine`, `FundingRisk`). */
  entities?: readonly string[] | null;
  entityId?: string | null;
  /** Changes to records of this partnership only. */
  partnershipId?: number | null;
  action?: string | null;
  /** Reads that returned this nominal (its id): who looked at this person, and when. */
  nominal?: string | number | null;
}

/** The entries whose read returned nominal `id`: its block's rows, those with its bit set. */
async function readsOfNominal(em: EntityManager, id: number): Promise<number[]> {
  if (id < 0) return [];
  const bit = id % READ_BLOCK_BITS;
  const blocks = await em.find(AuditReadBlock, { block: Math.floor(id / READ_BLOCK_BITS) }, { fields: ['entryId', 'nominals', 'identities'] });
  return blocks.filter((row) => ((row.nominals | row.identities) >>> bit) & 1).map((row) => row.entryId);
}

/** The audit log, newest first, filtered by time (from inclusive, to exclusive), token, entity, operation, action and the nominal a read returned. */
export async function readAuditLog(em: EntityManager, query: AuditQuery, first: number | null | undefined, offset: number | null | undefined): Promise<Page<AuditEntry>> {
  const { limit, skip } = pageOf('first', first, 'offset', offset);
  const nominal = query.nominal === null || query.nominal === undefined ? null : Number(query.nominal);
  const readsOf = nominal === null ? null : Number.isSafeInteger(nominal) ? await readsOfNominal(em, nominal) : [];
  const at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  const where: FilterQuery<AuditEntry> = {
    ...(query.from || query.to ? { at } : {}),
    ...(query.tokenId !== null && query.tokenId !== undefined ? { tokenId: query.tokenId } : {}),
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.operation ? { operation: query.operation } : {}),
    ...(query.entities ? { entity: { $in: [...query.entities] } } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.partnershipId !== null && query.partnershipId !== undefined ? { partnershipId: query.partnershipId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(readsOf ? { id: { $in: readsOf } } : {}),
  };
  // find and count rather than findAndCount, which runs them in an AsyncLocalStorage of its own (see write-storages.ts).
  const [entries, total] = await Promise.all([em.find(AuditEntry, where, { orderBy: { id: 'desc' }, limit, offset: skip }), em.count(AuditEntry, where)]);
  return { entries, total };
}

/** The nominals each read returned, by entry id, in one query for a page of entries. */
export async function nominalsReadBy(em: EntityManager, entryIds: readonly number[]): Promise<Map<number, number[]>> {
  const byEntry = new Map<number, number[]>(entryIds.map((id) => [id, []]));
  const blocks = await em.find(AuditReadBlock, { entryId: { $in: [...entryIds] } }, { orderBy: { entryId: 'asc', block: 'asc' } });
  for (const row of blocks) byEntry.get(row.entryId)?.push(...readsOfBlocks([row]).keys());
  return byEntry;
}
