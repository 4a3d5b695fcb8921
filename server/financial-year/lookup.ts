import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { FinancialYear } from './financial-year.entity.js';
import { parseFinancialYear } from './financial-year.js';

/** The open financial year with this label; a malformed or unopened year is BAD_USER_INPUT naming the field. */
export async function requireFinancialYear(em: EntityManager, field: string, label: string): Promise<FinancialYear> {
  const span = parseFinancialYear(field, label);
  const year = await em.findOne(FinancialYear, { label: span.label });
  if (!year) throw badInput(field, `financial year ${span.label} is not open in the hub (open it with openFinancialYear).`);
  return year;
}
