/** What the import kinds load once per import: ids by reference or code, memberships, financial years. */
import type { Knex } from 'knex';
import { badInput } from '../../errors/domain-error.js';
import type { Spell } from '../../cohort/lifecycle.js';
import type { FinancialYear } from '../../financial-year/financial-year.entity.js';
import { type PartnershipRef, type RowContext, sep } from './import-kind.js';

export async function partnershipRows<T>(db: Knex, table: string, columns: string[], partnerships: readonly PartnershipRef[]): Promise<T[]> {
  return (await db(table).select(columns).whereIn('partnership_id', partnerships.map((p) => p.id))) as T[];
}

export async function nominalIds(db: Knex, partnerships: readonly PartnershipRef[]): Promise<Map<string, number>> {
  const rows = await partnershipRows<{ id: number; partnership_id: number; reference: string }>(db, 'nominal', ['id', 'partnership_id', 'reference'], partnerships);
  return new Map(rows.map((n) => [`${n.partnership_id}${sep}${n.reference}`, n.id]));
}

export async function spellsByNominal(db: Knex, partnerships: readonly PartnershipRef[]): Promise<Map<number, (Spell & { id: number })[]>> {
  const rows: { id: number; nominal_id: number; start_date: string; end_date: string | null }[] = await db('membership')
    .join('nominal', 'nominal.id', 'membership.nominal_id')
    .whereIn('nominal.partnership_id', partnerships.map((p) => p.id))
    .select('membership.id', 'membership.nominal_id', 'membership.start_date', 'membership.end_date');
  const spells = new Map<number, (Spell & { id: number })[]>();
  for (const row of rows) {
    const list = spells.get(row.nominal_id) ?? [];
    list.push({ id: row.id, startDate: row.start_date, endDate: row.end_date });
    spells.set(row.nominal_id, list);
  }
  return spells;
}

export async function financialYears(db: Knex): Promise<Map<string, FinancialYear>> {
  const rows: { label: string; start_date: string; end_date: string }[] = await db('financial_year').select('label', 'start_date', 'end_date');
  return new Map(rows.map((y) => [y.label, { label: y.label, startDate: y.start_date, endDate: y.end_date } as FinancialYear]));
}

export async function codeMap(db: Knex, table: string, name: string, partnerships: readonly PartnershipRef[]): Promise<Map<string, number>> {
  const rows = await partnershipRows<Record<string, unknown>>(db, table, ['id', 'partnership_id', name], partnerships);
  return new Map(rows.map((r) => [`${r.partnership_id}${sep}${r[name]}`, r.id as number]));
}

export function nominalOf(ctx: RowContext<{ nominals: Map<string, number> }>, ref: string): number {
  const id = ctx.lookups.nominals.get(`${ctx.partnership!.id}${sep}${ref}`);
  if (id === undefined) throw badInput('row.nominal', `${ctx.partnership!.name} has no nominal "${ref}" (import the nominals first).`);
  return id;
}

export interface FinanceLookups { years: Map<string, FinancialYear>; agencies: Map<string, number> }
