import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { columnsOf, entitiesOf, part, plainParts, plainRowOf, prefixedColumns, readTogether, readsLean } from '../db/entity-rows.js';
import { scopeOf } from '../db/partnership-scope.js';
import { Agency, Partnership } from './partnership.entity.js';
import { openFinancialYearIn, requireFinancialYear } from '../financial-year/lookup.js';
import { parseFinancialYear } from '../financial-year/financial-year.js';
import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { reportSql } from '../db/sql.js';

/** The partnership with this code that the caller may see, or null. */
async function partnershipByCode(em: EntityManager, code: string): Promise<Partnership | null> {
  if (!readsLean(em)) return em.findOne(Partnership, { code });
  const scope = scopeOf(em, 'p.id');
  const [partnership] = await entitiesOf(em, Partnership, `SELECT p.* FROM partnership p WHERE p.code = :code AND ${scope.where}`, { code, ...scope.params });
  return partnership ?? null;
}

const noPartnership = (field: string, code: string) => badInput(field, `there is no partnership "${code}".`);

/** The partnership with this code, or BAD_USER_INPUT naming the field. */
export async function requirePartnership(em: EntityManager, field: string, code: string): Promise<Partnership> {
  const partnership = await partnershipByCode(em, code);
  if (!partnership) throw noPartnership(field, code);
  return partnership;
}

/**
 * A report's partnership and financial year. On the lean read path both are read in one statement;
 * a problem with the partnership is still the one told first, as when they are looked up one after
 * the other (inside a write's transaction, where they still are).
 */
export async function requirePartnershipYear(em: EntityManager, partnershipCode: string, yearLabel: string): Promise<{ partnership: Partnership; year: FinancialYear }> {
  return lookUp(em, partnershipCode, yearLabel);
}

/**
 * A table whose rows of the report's partnership and year are read in the look-up's own statement
 * (lean read path): `table`'s rows whose `partnership_id` and `year_label` are the partnership's and
 * the year's, in the order of `orderBy` (columns of the table), as plain rows (plainRows).
 */
export interface RowsOfYear<T extends object> {
  entity: EntityClass<T>;
  table: string;
  orderBy: string[];
}

async function lookUp<T extends object = never>(em: EntityManager, partnershipCode: string, yearLabel: string, joined?: RowsOfYear<T>): Promise<{ partnership: Partnership; year: FinancialYear; rows: T[] }> {
  let label: string;
  try {
    label = parseFinancialYear('financialYear', yearLabel).label;
  } catch (malformed) {
    // A partnership that is not there is told first, as when the two are looked up one after the other.
    await requirePartnership(em, 'partnership', partnershipCode);
    throw malformed;
  }
  if (!readsLean(em)) return { partnership: await requirePartnership(em, 'partnership', partnershipCode), year: await requireFinancialYear(em, 'financialYear', label), rows: [] };
  const scope = scopeOf(em, 'p.id');
  const columns = { p: columnsOf(em, 'Partnership'), y: columnsOf(em, 'FinancialYear'), j: joined ? columnsOf(em, joined.entity.name) : [] };
  // The joined table's rows hang off the one look-up row (none when the partnership is not there or not the caller's).
  const join = joined
    ? { select: `, ${prefixedColumns('j', columns.j)}`, from: ` LEFT JOIN ${joined.table} j ON j.partnership_id = p.id AND j.year_label = :label`, order: ` ORDER BY ${joined.orderBy.map((c) => `j.${c}`).join(', ')}` }
    : { select: '', from: '', order: '' };
  const rows = await reportSql(em, `SELECT ${prefixedColumns('p', columns.p)}, ${prefixedColumns('y', columns.y)}${join.select} FROM (SELECT 1 AS one) one
    LEFT JOIN partnership p ON p.code = :code AND ${scope.where} LEFT JOIN financial_year y ON y.label = :label${join.from}${join.order}`, { code: partnershipCode, label, ...scope.params });
  const [row] = rows;
  if (row.p__id === null || row.p__id === undefined) throw noPartnership('partnership', partnershipCode);
  // Plain rows (the report only reads them), remembered for the request: a row read with them whose
  // partnership or year is theirs gets them, as the identity map gave it the ORM's.
  const partnership = plainRowOf(em, Partnership, part(row, 'p', columns.p));
  const year = openFinancialYearIn('financialYear', label, row.y__label === null || row.y__label === undefined ? null : plainRowOf(em, FinancialYear, part(row, 'y', columns.y)));
  return { partnership, year, rows: joined ? plainParts(em, joined.entity, rows, 'j', columns.j) : [] };
}

/** The partnership's agency with this code, or BAD_USER_INPUT naming the field. */
export async function requireAgency(em: EntityManager, field: string, partnership: Partnership, code: string): Promise<Agency> {
  const agency = await em.findOne(Agency, { partnership, code });
  if (!agency) throw badInput(field, `${partnership.name} has no agency "${code}".`);
  return agency;
}

/** A report's partnership (by code, in the caller's scope) and year (by label) for SQL that runs before the look-up has answered. */
export interface ReportKey {
  /** `column` is the partnership's id (no row matches a partnership that is not there or not the caller's). */
  partnershipIs(column: string): string;
  /** `:partnershipCode`, `:yearLabel` (as the look-up reads it) and the scope's parameters. */
  params: { partnershipCode: string; yearLabel: string; scopePartnershipIds?: readonly number[] };
}

/**
 * On the lean read path, a report's partnership and year looked up at once with the reads that
 * need only their code and label (each finds the partnership by code in the caller's scope:
 * ReportKey), so none of them waits for the look-up. A problem with the partnership or the year is
 * still the one told, as the look-up tells it: its failure comes first. `joined`'s rows, if given,
 * are read in the look-up's own statement and returned as its `rows`.
 */
export async function lookUpWith<T extends readonly unknown[], J extends object = never>(
  em: EntityManager,
  partnershipCode: string,
  yearLabel: string,
  reads: { [K in keyof T]: (key: ReportKey) => Promise<T[K]> },
  joined?: RowsOfYear<J>,
): Promise<[{ partnership: Partnership; year: FinancialYear; rows: J[] }, ...T]> {
  let label = yearLabel;
  try {
    label = parseFinancialYear('financialYear', yearLabel).label;
  } catch {
    // The look-up tells it.
  }
  const scope = scopeOf(em, 'p.id');
  const key: ReportKey = {
    partnershipIs: (column) => `${column} = (SELECT p.id FROM partnership p WHERE p.code = :partnershipCode AND ${scope.where})`,
    params: { partnershipCode, yearLabel: label, ...scope.params },
  };
  const all = [() => lookUp(em, partnershipCode, yearLabel, joined), ...reads.map((read) => () => read(key))];
  return readTogether(em, all) as Promise<[{ partnership: Partnership; year: FinancialYear; rows: J[] }, ...T]>;
}
