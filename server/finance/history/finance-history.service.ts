import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../../errors/domain-error.js';
import { readAuditLog } from '../../access/audit.service.js';
import { AccessToken } from '../../access/access-token.entity.js';
import { requirePartnership } from '../../partnership/lookup.js';
import { Agency } from '../../partnership/partnership.entity.js';
import { financeChangeOf, type FinanceChange } from './finance-change.js';

/** The kinds of finance record whose changes the history shows, and the records (entities) each covers. */
export const FINANCE_RECORDS = {
  ESTABLISHMENT_LINE: ['EstablishmentLine'],
  NON_PAY_LINE: ['NonPayLine'],
  FUNDING_STREAM: ['FundingStream'],
  FUNDING_RISK: ['FundingRisk'],
  APPRAISAL_OPTION: ['AppraisalOption'],
  COST_SHARE: ['CostShareAgreement', 'CostShareVersion'],
  MEDIUM_TERM_PLAN: ['MediumTermPlanVariant'],
} as const;
export type FinanceRecord = keyof typeof FINANCE_RECORDS;

export interface FinanceHistoryFilter {
  record?: FinanceRecord | null;
  id?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface FinanceChangeView extends FinanceChange {
  record: FinanceRecord;
  /** Who made the change: the token's label, or `the hub` for the hub itself (demo data, the command line). */
  by: string;
}

const recordOf = (entity: string) => (Object.keys(FINANCE_RECORDS) as FinanceRecord[]).find((record) => (FINANCE_RECORDS[record] as readonly string[]).includes(entity))!;

/**
 * A partnership's finance changes from the audit log, newest first: who changed which field of
 * which record from what to what, and when. The caller must be able to see the partnership (a
 * finance token sees its own), so one partnership's history never shows another's.
 */
export async function loadFinanceHistory(
  em: EntityManager,
  partnershipCode: string,
  filter: FinanceHistoryFilter,
  first: number | null | undefined,
  offset: number | null | undefined,
): Promise<{ total: number; changes: FinanceChangeView[] }> {
  const partnership = await requirePartnership(em, 'partnership', partnershipCode);
  if (filter.id && !filter.record) throw badInput('id', 'give `record` too: ids are counted per kind of record.');
  const entities = filter.record ? FINANCE_RECORDS[filter.record] : Object.values(FINANCE_RECORDS).flat();
  const page = await readAuditLog(em, { entities, entityId: filter.id, partnershipId: partnership.id, from: filter.from, to: filter.to }, first, offset);
  const agencies = new Map((await em.find(Agency, { partnership })).map((agency) => [agency.id, agency.code]));
  const tokenIds = [...new Set(page.entries.map((entry) => entry.tokenId).filter((id): id is number => id != null))];
  const tokens = new Map((tokenIds.length ? await em.find(AccessToken, { id: { $in: tokenIds } }) : []).map((token) => [token.id, token.label]));
  const referenceName = (property: string, id: unknown) => (property === 'employingAgency' || property === 'agency' ? agencies.get(Number(id)) : undefined);
  return {
    total: page.total,
    changes: page.entries.map((entry) => ({
      ...financeChangeOf(entry, referenceName),
      record: recordOf(entry.entity),
      by: entry.tokenId == null ? 'the hub' : (tokens.get(entry.tokenId) ?? `token ${entry.tokenId}`),
    })),
  };
}
