import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { badInput } from '../errors/domain-error.js';
import { columnsOf, entitiesOf, fieldsOfParts, part, plainParts, plainRowOf, prefixedColumns, readTogether, readsLean } from '../db/entity-rows.js';
import { scopeOf } from '../db/partnership-scope.js';
import { Agency, Partnership } from './partnership.entity.js';
import { openFinancialYearIn, requireFinancialYear } from '../financial-year/lookup.js';
import { parseFinancialYear } from '../financial-year/financial-year.js';
import { FinancialYear } from '../financial-year/financial-year.entity.js';
import { reportSql } from '../db/sql.js';
import type { SqlParams } from '../db/named-params.js';

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
 * the year's, in the order of `orderBy` (columns of the table), as plain rows (plainRows). `alias`
 * names the table in the statement (`j` unless given; unique among a look-up's reads).
 */
export interface RowsOfYear<T extends object> {
  entity: EntityClass<T>;
  table: string;
  orderBy: string[];
  alias?: string;
}

/**
 * A read of a report whose rows come in the look-up's own statement (lean read path; lookUpWith).
 * Its tables are LEFT JOINed to the one look-up row: `p` is the partnership found by code in the
 * caller's scope (null when it is not there or not the caller's), `:label` the year's label. Each
 * read of one look-up is a kind of row (`k.kind`): `joins(only)` must put `only` in the first join's
 * condition, so its rows are of its kind alone, and when it has none it still gives one row of nulls.
 */
export interface JoinedRead<R> {
  /** Each table selected, by alias (unique within a look-up: p, y and k are the look-up's), as prefixedColumns(alias, columnsIn(em, table)). */
  tables: Readonly<Record<string, JoinedTable>>;
  /** The LEFT JOINs that bring the rows, the first with `only` in its condition. */
  joins(only: string): string;
  /** Alias-qualified columns, the rows' order within the read. */
  orderBy: readonly string[];
  /** Parameters besides `:code` and `:label` (the scope's among them). */
  params?: SqlParams;
  /** The read's answer from its rows (the rows of its kind, one of nulls when there are none). */
  take(rows: readonly Record<string, unknown>[]): R;
}

/** A table a joined read selects: an entity's name (its whole rows: columnsOf) or some of its columns (read with fieldsOfParts). */
export type JoinedTable = string | { entity: string; columns: string[] };

const columnsIn = (em: EntityManager, table: JoinedTable): string[] => (typeof table === 'string' ? columnsOf(em, table) : table.columns);

/** RowsOfYear as a read in the look-up's statement. */
export function rowsOfYear<T extends object>(em: EntityManager, joined: RowsOfYear<T>): JoinedRead<T[]> {
  const alias = joined.alias ?? 'j';
  return {
    tables: { [alias]: joined.entity.name },
    joins: (only) => `LEFT JOIN ${joined.table} ${alias} ON ${only} AND ${alias}.partnership_id = p.id AND ${alias}.year_label = :label`,
    orderBy: joined.orderBy.map((column) => `${alias}.${column}`),
    take: (rows) => plainParts(em, joined.entity, rows, alias, columnsOf(em, joined.entity.name)),
  };
}

/**
 * RowsOfYear's rows of only the `columns` given (a constant list), as a read in the look-up's
 * statement: each row's fields of those columns (fieldsOfParts), for a report that works figures
 * out of them and shows none of the rows.
 */
export function fieldsOfYear<T extends object, K extends keyof T>(em: EntityManager, joined: RowsOfYear<T> & { alias: string; columns: string[] }): JoinedRead<Pick<T, K>[]> {
  const { alias, columns } = joined;
  return {
    ...rowsOfYear(em, joined),
    tables: { [alias]: { entity: joined.entity.name, columns } },
    take: (rows) => fieldsOfParts<T, K>(em, joined.entity, rows, alias, columns),
  };
}

const isJoined = (read: unknown): read is JoinedRead<unknown> => typeof read === 'object' && read !== null && 'joins' in read;

async function lookUp(em: EntityManager, partnershipCode: string, yearLabel: string, joined: readonly JoinedRead<unknown>[] = []): Promise<{ partnership: Partnership; year: FinancialYear; taken: unknown[] }> {
  let label: string;
  try {
    label = parseFinancialYear('financialYear', yearLabel).label;
  } catch (malformed) {
    // A partnership that is not there is told first, as when the two are looked up one after the other.
    await requirePartnership(em, 'partnership', partnershipCode);
    throw malformed;
  }
  if (!readsLean(em)) return { partnership: await requirePartnership(em, 'partnership', partnershipCode), year: await requireFinancialYear(em, 'financialYear', label), taken: [] };
  const scope = scopeOf(em, 'p.id');
  const columns = { p: columnsOf(em, 'Partnership'), y: columnsOf(em, 'FinancialYear') };
  const rows = await reportSql(em, `SELECT ${prefixedColumns('p', columns.p)}, ${prefixedColumns('y', columns.y)}${joinedSql(em, joined)}`, {
    ...Object.assign({}, ...joined.map((read) => read.params ?? {})),
    code: partnershipCode,
    label,
    ...scope.params,
  });
  const [row] = rows;
  if (row.p__id === null || row.p__id === undefined) throw noPartnership('partnership', partnershipCode);
  // Plain rows (the report only reads them), remembered for the request: a row read with them whose
  // partnership or year is theirs gets them, as the identity map gave it the ORM's.
  const partnership = plainRowOf(em, Partnership, part(row, 'p', columns.p));
  const year = openFinancialYearIn('financialYear', label, row.y__label === null || row.y__label === undefined ? null : plainRowOf(em, FinancialYear, part(row, 'y', columns.y)));
  // Each read's rows are those of its kind (in kind order, as ordered within it).
  const ofKind: Record<string, unknown>[][] = joined.map(() => []);
  for (const r of rows) ofKind[Number(r.k__kind)]?.push(r);
  return { partnership, year, taken: joined.map((read, kind) => read.take(ofKind[kind])) };

  function joinedSql(em: EntityManager, reads: readonly JoinedRead<unknown>[]): string {
    const from = ` FROM (SELECT 1 AS one) one LEFT JOIN partnership p ON p.code = :code AND ${scope.where} LEFT JOIN financial_year y ON y.label = :label`;
    if (!reads.length) return from;
    const aliases = reads.flatMap((read) => Object.keys(read.tables));
    if (new Set([...aliases, 'p', 'y', 'k', 'one']).size !== aliases.length + 4) throw new Error(`lookUpWith: the joined reads' aliases (${aliases.join(', ')}) are not unique.`);
    // One row of each kind (0, 1, …), the reads' tables joined to the row of theirs.
    const kinds = reads.map((_, kind) => `SELECT ${kind} AS kind`).join(' UNION ALL ');
    const selected = reads.flatMap((read) => Object.entries(read.tables).map(([alias, table]) => prefixedColumns(alias, columnsIn(em, table)))).join(', ');
    const joins = reads.map((read, kind) => read.joins(`k.kind = ${kind}`)).join(' ');
    const order = ['k.kind', ...reads.flatMap((read) => read.orderBy)].join(', ');
    return `, k.kind AS k__kind, ${selected}${from} CROSS JOIN (${kinds}) k ${joins} ORDER BY ${order}`;
  }
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
 * The most columns one look-up statement selects for its joined reads when the hub has no other
 * look-up under way. Every row of the statement carries every read's columns (null but for its own
 * kind's), so a wide statement makes many values for the driver to hand over: past about this many,
 * two statements at once answer sooner, on two server processes at once. When other look-ups are
 * under way those processes are busy with them, and the one wide statement costs the server and the
 * hub less than two (on PostgreSQL at 16 connections the funding position's 111 columns in one
 * statement: 0.34–0.39 ms of the server's processor time a request against 0.40–0.46, and 7–10%
 * more requests a second; at one connection 1.13 ms against 1.08 at p50). The funding position now
 * reads 75 (its figures' fields alone: fieldsOfYear), still two statements when nothing else is.
 */
const JOINED_COLUMNS = 64;

/** The look-ups under way in this hub process (lookUpWith's): with any, a report's joined reads come in one statement. */
export const lookUpsUnderWay = { count: 0 };

/** The joined reads in order, in groups of at most `width` columns (a wider read alone). */
function columnGroups(em: EntityManager, reads: readonly JoinedRead<unknown>[], width: number): JoinedRead<unknown>[][] {
  const groups: JoinedRead<unknown>[][] = [];
  let used = 0;
  for (const read of reads) {
    const columns = Object.values(read.tables).reduce((sum, table) => sum + columnsIn(em, table).length, 0);
    if (!groups.length || used + columns > width) {
      groups.push([]);
      used = 0;
    }
    groups.at(-1)!.push(read);
    used += columns;
  }
  return groups;
}

/**
 * On the lean read path, a report's partnership and year looked up at once with the reads that
 * need only their code and label (each finds the partnership by code in the caller's scope:
 * ReportKey), so none of them waits for the look-up. A problem with the partnership or the year is
 * still the one told, as the look-up tells it: its failure comes first. A read given as a
 * JoinedRead (and `joined`'s rows, returned as the look-up's `rows`) comes in the look-up's own
 * statement: a report whose reads all do is one statement.
 */
export async function lookUpWith<T extends readonly unknown[], J extends object = never>(
  em: EntityManager,
  partnershipCode: string,
  yearLabel: string,
  reads: { [K in keyof T]: ((key: ReportKey) => Promise<T[K]>) | JoinedRead<T[K]> },
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
  const inLookUp = [...(joined ? [rowsOfYear(em, joined)] : []), ...(reads as readonly unknown[]).filter(isJoined)];
  const apart = (reads as readonly unknown[]).map((read) => (isJoined(read) ? null : () => (read as (key: ReportKey) => Promise<unknown>)(key)));
  // Reads of many columns between them take more than one look-up statement (at once), unless other look-ups are under way: see JOINED_COLUMNS.
  const [first = [], ...more] = columnGroups(em, inLookUp, lookUpsUnderWay.count > 0 ? Infinity : JOINED_COLUMNS);
  lookUpsUnderWay.count++;
  let read: unknown[];
  try {
    read = await readTogether(em, [
      () => lookUp(em, partnershipCode, yearLabel, first),
      ...more.map((group) => async () => (await lookUp(em, partnershipCode, yearLabel, group)).taken),
      ...apart.filter((read) => read !== null),
    ]);
  } finally {
    lookUpsUnderWay.count--;
  }
  const [lookedUp, ...others] = read;
  const { partnership, year } = lookedUp as Awaited<ReturnType<typeof lookUp>>;
  const taken = [...(lookedUp as Awaited<ReturnType<typeof lookUp>>).taken, ...(others.splice(0, more.length) as unknown[][]).flat(1)];
  const separate = others;
  const answers = joined ? taken.slice(1) : taken;
  const results = apart.map((read) => (read === null ? answers.shift() : separate.shift()));
  return [{ partnership, year, rows: joined ? (taken[0] as J[]) : [] }, ...results] as unknown as [{ partnership: Partnership; year: FinancialYear; rows: J[] }, ...T];
}
