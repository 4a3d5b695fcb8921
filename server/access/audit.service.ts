import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AuditEntry } from './audit-entry.entity.js';
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
}

/** The audit log, newest first, filtered by time (from inclusive, to exclusive), token, entity and operation. */
export async function readAuditLog(em: EntityManager, query: AuditQuery, first: number | null | undefined, offset: number | null | undefined): Promise<Page<AuditEntry>> {
  const { limit, skip } = pageOf('first', first, 'offset', offset);
  const at = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  const where: FilterQuery<AuditEntry> = {
    ...(query.from || query.to ? { at } : {}),
    ...(query.tokenId !== null && query.tokenId !== undefined ? { tokenId: query.tokenId } : {}),
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.operation ? { operation: query.operation } : {}),
    ...(query.entities ? { entity: { $in: [...query.entities] } } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.partnershipId !== null && query.partnershipId !== undefined ? { partnershipId: query.partnershipId } : {}),
  };
  const [entries, total] = await em.findAndCount(AuditEntry, where, { orderBy: { id: 'desc' }, limit, offset: skip });
  return { entries, total };
}
