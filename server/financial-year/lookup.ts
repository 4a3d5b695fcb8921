import type { EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { entitiesOf, readsLean } from '../db/entity-rows.js';
import { FinancialYear } from './financial-year.entity.js';
import { parseFinancialYear } from './financial-year.js';

/** The open financial year with this label; a malformed or unopened year is BAD_USER_INPUT naming the field. */
export async function requireFinancialYear(em: EntityManager, field: string, label: string): Promise<FinancialYear> {
  const span = parseFinancialYear(field, label);
  const year = readsLean(em)
    ? ((await entitiesOf(em, FinancialYear, 'SELECT y.* FROM financial_year y WHERE y.label = :label', { label: span.label }))[0] ?? null)
    : await em.findOne(FinancialYear, { label: span.label });
  return openFinancialYearIn(field, span.label, year);
}

/** The same rule over years already loaded (an import looks them up in memory): the year must be well formed and open. */
export function financialYearFrom<Y>(field: string, label: string, years: ReadonlyMap<string, Y>): Y {
  const span = parseFinancialYear(field, label);
  return openFinancialYearIn(field, span.label, years.get(span.label) ?? null);
}

/** `year` (looked up by its label), or BAD_USER_INPUT naming the field when there is none: the year is not open. */
export function openFinancialYearIn<Y>(field: string, label: string, year: Y | null): Y {
  if (!year) throw badInput(field, `financial year ${label} is not open in the hub (open it with openFinancialYear).`);
  return year;
}
