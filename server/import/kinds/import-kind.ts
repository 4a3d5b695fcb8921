/**
 * What an import kind is (its columns, lookups, row check, key within the file and batch write),
 * and the pieces the kinds share: value readers, row keys and the common columns.
 */
import type { Knex } from 'knex';
import type { ColumnSpec } from '../columns.js';
import type { CellValue } from '../cells.js';
import { upsertBatch, type DbRow, type RowStatus, type TableSpec } from '../upsert.js';
import { Role } from '../../access/role.js';

export interface PartnershipRef {
  id: number;
  code: string;
  name: string;
}

export type Values = Record<string, CellValue>;

export interface RowContext<L> {
  /** The row's partnership (its Partnership cell, else --partnership); null for kinds that belong to none. */
  partnership: PartnershipRef | null;
  lookups: L;
  /** The row number, 1 being the header. */
  row: number;
  fileName: string;
}

export interface ImportKind<L = any, R = any> {
  name: string;
  summary: string;
  /** The record the audit entry names. */
  entity: string;
  /** Rows belong to a partnership (a Partnership column, or --partnership). */
  scoped: boolean;
  columns: ColumnSpec[];
  /** The roles that own the kind's data and may import it (into the partnerships their token covers). */
  roles: readonly Role[];
  load(db: Knex, partnerships: readonly PartnershipRef[]): Promise<L>;
  /** The checked record, or a DomainError (BAD_USER_INPUT naming `row.<column key>`). */
  check(values: Values, ctx: RowContext<L>): R;
  /**
   * Problems across rows, once every row has been checked (a cost share's percentages must make
   * 100%): each names its row, with the same BAD_USER_INPUT errors as `check`.
   */
  checkRows?(lookups: L): { row: number; error: unknown }[];
  /** Two rows of a file with the same key are refused: the key, and the column it is reported on. */
  duplicateKey(record: R, ctx: RowContext<L>, values: Values): { key: string; column: string; value: string };
  /** The tables the kind writes. */
  tables: readonly TableSpec[];
  /** Writes (or, with `write` false, only classifies) a batch; `fresh` names the tables that had no keyed rows when the write began. */
  write(db: Knex, records: R[], write: boolean, fresh: ReadonlySet<string>): Promise<RowStatus[]>;
  /**
   * A batch into a table in `fresh` is written by ONE statement and reads nothing first (`single`'s
   * upsert of rows all new), so the next batch's statement may be handed to the connection while the
   * one before runs: the connection runs them in the order given.
   */
  oneStatementWhenFresh?: boolean;
}

export const text = (v: Values, key: string) => (v[key] as string | null) ?? null;
export const num = (v: Values, key: string) => (v[key] as number | null) ?? null;
export const sep = '\u0000';
export function scopedKey(ctx: RowContext<unknown>, ...parts: unknown[]): string {
  let key = String(ctx.partnership?.id ?? '');
  for (const part of parts) key += sep + String(part ?? '');
  return key;
}

export const PARTNERSHIP: ColumnSpec = {
  key: 'partnership', header: 'Partnership', aliases: ['Partnership code'], required: true, type: 'text',
  description: 'Partnership code, e.g. norfolk-suffolk. May be left out when --partnership is given.',
};
export const reference = (what: string, aliases: string[]): ColumnSpec => ({
  key: 'reference', header: `${what} reference`, aliases, required: true, type: 'text',
  description: `The partnership's own reference for the ${what.toLowerCase()}, unique in the partnership; a re-import updates the row with the same reference.`,
});
export const source = (required = false): ColumnSpec => ({ key: 'source', header: 'Source', required, type: 'text', description: 'Where the figures come from (paper and section).' });

/** A simple kind: one table, one row per record. */
export function single<L, R extends DbRow>(spec: TableSpec): Pick<ImportKind<L, R>, 'write' | 'tables' | 'oneStatementWhenFresh'> {
  return { tables: [spec], write: (db, records, write, fresh) => upsertBatch(db, spec, records, write, fresh.has(spec.table)), oneStatementWhenFresh: true };
}

export const NOMINAL_REF: ColumnSpec = { key: 'nominal', header: 'Nominal reference', aliases: ['Nominal', 'Nominal ref', 'Nominal ID', 'IOM reference'], required: true, type: 'text', description: 'The pseudonymous reference of a nominal already in the hub.' };
export const YEAR: ColumnSpec = { key: 'financialYear', header: 'Financial year', aliases: ['Year', 'FY'], required: true, type: 'year', description: 'e.g. 2014/15; the year must be open in the hub.' };

/** Who owns which data, and so may import it. */
export const COHORT_IMPORTERS = [Role.ADMIN, Role.CASE_MANAGER] as const;
export const FINANCE_IMPORTERS = [Role.ADMIN, Role.FINANCE] as const;
/** Published tables of a partnership (rates, cost of crime, reoffending): the analysts who read them, and admins. */
export const PUBLISHED_IMPORTERS = [Role.ADMIN, Role.ANALYST] as const;
