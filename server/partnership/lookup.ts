import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { entitiesOf, readsLean } from '../db/entity-rows.js';
import { scopeOf } from '../db/partnership-scope.js';
import { Agency, Partnership } from './partnership.entity.js';
import { requireFinancialYear } from '../financial-year/lookup.js';
import type { FinancialYear } from '../financial-year/financial-year.entity.js';

/** The partnership with this code that the caller may see, or null. */
async function partnershipByCode(em: EntityManager, code: string): Promise<Partnership | null> {
  if (!readsLean(em)) return em.findOne(Partnership, { code });
  const scope = scopeOf(em, 'p.id');
  const [partnership] = await entitiesOf(em, Partnership, `SELECT p.* FROM partnership p WHERE p.code = :code AND ${scope.where}`, { code, ...scope.params });
  return partnership ?? null;
}

/** The partnership with this code, or BAD_USER_INPUT naming the field. */
export async function requirePartnership(em: EntityManager, field: string, code: string): Promise<Partnership> {
  const partnership = await partnershipByCode(em, code);
  if (!partnership) throw badInput(field, `there is no partnership "${code}".`);
  return partnership;
}

/**
 * A report's partnership and financial year. On the lean read path the two look-ups run at once (two
 * round trips overlapped); a problem with the partnership is still the one told first, as when they
 * run one after the other (inside a write's transaction, where they still do).
 */
export async function requirePartnershipYear(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<{ partnership: Partnership; year: FinancialYear }> {
  if (!readsLean(em)) return { partnership: await requirePartnership(em, 'partnership', partnershipCode), year: await requireFinancialYear(em, 'financialYear', yearLabel) };
  const [partnership, year] = await Promise.allSettled([requirePartnership(em, 'partnership', partnershipCode), requireFinancialYear(em, 'financialYear', yearLabel)]);
  if (partnership.status === 'rejected') throw partnership.reason;
  if (year.status === 'rejected') throw year.reason;
  return { partnership: partnership.value, year: year.value };
}

/** The partnership's agency with this code, or BAD_USER_INPUT naming the field. */
export async function requireAgency(em: EntityManager, field: string, partnership: Partnership, code: string): Promise<Agency> {
  const agency = await em.findOne(Agency, { partnership, code });
  if (!agency) throw badInput(field, `${partnership.name} has no agency "${code}".`);
  return agency;
}
