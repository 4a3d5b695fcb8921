/**
 * Turns a GraphQL result into a table: a header of dotted paths (`lines.grade`) and rows of
 * cells. Nested lists become extra rows (parent fields repeated) or numbered columns
 * (`shares.1.agency`), as the user chooses; each column gets a kind that decides its format.
 */
import { safeCell, type Cell } from './neutralise.js';

export type NestedLayout = 'rows' | 'columns';
export type ColumnKind = 'currency' | 'percent' | 'date' | 'number' | 'text' | 'boolean';

export interface ResultTable {
  columns: string[];
  kinds: ColumnKind[];
  rows: Cell[][];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Row = Map<string, Cell>;

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rows layout: each list item is a row; sibling lists are stacked, not multiplied. */
function flattenToRows(value: Json, prefix: string): Row[] {
  if (Array.isArray(value)) return value.flatMap((item) => flattenToRows(item, prefix));
  if (!isObject(value)) return [new Map([[prefix, value as Cell]])];
  const base: Row = new Map();
  const lists: Row[][] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = join(prefix, key);
    if (Array.isArray(child) || (isObject(child) && containsList(child))) lists.push(flattenToRows(child, path));
    else if (isObject(child)) for (const [k, v] of flattenToRows(child, path)[0]) base.set(k, v);
    else base.set(path, child as Cell);
  }
  if (lists.length === 0) return [base];
  const rows = lists.flat().map((row) => new Map([...base, ...row]));
  return rows.length ? rows : [base];
}

function containsList(value: Json): boolean {
  if (Array.isArray(value)) return true;
  return isObject(value) && Object.values(value).some(containsList);
}

/** Columns layout: one row per item of the outermost list; deeper lists become numbered columns. */
function flattenToColumns(value: Json, prefix: string, into: Row = new Map()): Row {
  if (Array.isArray(value)) value.forEach((item, index) => flattenToColumns(item, join(prefix, String(index + 1)), into));
  else if (isObject(value)) for (const [key, child] of Object.entries(value)) flattenToColumns(child, join(prefix, key), into);
  else into.set(prefix, value as Cell);
  return into;
}

function outermostList(value: Json, prefix = ''): { list: Json[]; prefix: string; outer: Row } | undefined {
  if (Array.isArray(value)) return { list: value, prefix, outer: new Map() };
  if (!isObject(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = outermostList(child, join(prefix, key));
    if (found) {
      for (const [k, v] of Object.entries(value)) if (k !== key && !containsList(v)) flattenToColumns(v, join(prefix, k), found.outer);
      return found;
    }
  }
  return undefined;
}

/** The value a table is made of: a single root field's value, unwrapped so headers do not repeat its name. */
function rootOf(data: Record<string, unknown>): Json {
  const keys = Object.keys(data);
  return (keys.length === 1 ? data[keys[0]] : data) as Json;
}

const MONEY = /(^|\.)(total|totalBudget|knownBudget|budget|contribution|amount\w*|unitCost|costPerFte|plannedCost|exposure|riskExposure|confirmed|expected|atRisk|gap|worstCaseGap|fundingGap|saving|nonPayTotal|before|during|after)$/;
const PERCENT = /(percent|Percent|Rate|rate)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** How a column is formatted, from its name and values (the report contract's money and percent fields). */
export function columnKind(column: string, values: Cell[]): ColumnKind {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'text';
  const last = column.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? column;
  if (present.every((v) => typeof v === 'number')) {
    if (PERCENT.test(last)) return 'percent';
    if (MONEY.test(last)) return 'currency';
    return 'number';
  }
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => typeof v === 'string' && ISO_DATE.test(v))) return 'date';
  return 'text';
}

export function toTable(data: Record<string, unknown> | null | undefined, layout: NestedLayout = 'rows'): ResultTable {
  const root = rootOf(data ?? {});
  let rowMaps: Row[];
  if (layout === 'rows') rowMaps = root === null ? [] : flattenToRows(root, '');
  else {
    const found = outermostList(root);
    rowMaps = found ? found.list.map((item) => new Map([...found.outer, ...flattenToColumns(item, found.prefix)])) : [flattenToColumns(root, '')];
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rowMaps)
    for (const key of row.keys())
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
  const rows = columns.length ? rowMaps.map((row) => columns.map((column) => row.get(column) ?? null)) : [];
  const kinds = columns.map((column, index) => columnKind(column, rows.map((row) => row[index])));
  return { columns: columns.map((c) => c || 'value'), kinds, rows };
}

/** Excel's serial day number for a `YYYY-MM-DD` date (1900 date system). */
export function excelSerialDate(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
}

export const NUMBER_FORMATS: Record<ColumnKind, string> = {
  currency: '£#,##0.00;[Red]-£#,##0.00',
  percent: '0.00"%"',
  date: 'dd/mm/yyyy',
  number: 'General',
  text: '@',
  boolean: 'General',
};

/** Cells as Excel holds them (`range.values`, or an .xlsx file): text neutralised, ISO dates as Excel dates. */
export function cellsFor(table: ResultTable, rows: Cell[][]): (string | number | boolean)[][] {
  return rows.map((row) => row.map((cell, i) => (table.kinds[i] === 'date' && typeof cell === 'string' ? excelSerialDate(cell) : safeCell(cell))));
}
