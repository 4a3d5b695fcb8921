/**
 * Turns a GraphQL result into a table whose columns come from the question, not the answer: the
 * hub lays the query out (`reportLayout`: one column per leaf field selected, with its header,
 * unit and number format from the schema), and the answer only fills the rows. A null object or
 * an empty list leaves its columns empty; an empty answer keeps the header with no rows.
 * Nested lists become extra rows (parent fields repeated) or numbered columns (`shares.1.agency`),
 * as the user chooses.
 */
import type { CellKind, LayoutColumn, LayoutMeasure, ReportLayout } from '../wire/report-layout.js';
import { safeCell, type Cell } from './neutralise.js';

export type { CellKind, LayoutColumn, LayoutMeasure, ReportLayout } from '../wire/report-layout.js';

export type NestedLayout = 'rows' | 'columns';
/** What a table's header row shows: the schema's labels ("Contribution (£)") or the field paths (`shares.contribution`). */
export type HeaderStyle = 'labels' | 'paths';
/** A column of a written table: what the add-in's Excel glue and the .xlsx writer consume. */
export interface TableColumn {
  /** The field path (numbered in the columns layout: `shares.1.agency`): kept in the binding. */
  path: string;
  /** The header cell's text: the label with its unit, or the path. */
  header: string;
  numberFormat: string;
  kind: CellKind;
  /** The GraphQL type (`Money`, `Count`, `String`…). */
  type: string;
}

export interface ResultTable {
  columns: TableColumn[];
  /** The answer's values as JSON gives them (`cellsFor` turns them into what a cell holds). */
  rows: Cell[][];
  measures: LayoutMeasure[];
}

export interface TableOptions {
  layout?: NestedLayout;
  headers?: HeaderStyle;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Row = Map<string, Cell>;

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function containsList(value: Json): boolean {
  if (Array.isArray(value)) return true;
  return isObject(value) && Object.values(value).some(containsList);
}

/**
 * Rows layout: each list item is a row; sibling lists are stacked, not multiplied. A parent whose
 * lists are all empty is a row only if it has values of its own (`costShare { total shares }`
 * with no shares is one row; `establishment { nonPayLines }` with none is no row).
 */
function flattenToRows(value: Json, prefix: string, isColumn: (path: string) => boolean): Row[] {
  if (Array.isArray(value)) return value.flatMap((item) => flattenToRows(item, prefix, isColumn));
  if (!isObject(value)) return value === null && !isColumn(prefix) ? [] : [new Map([[prefix, value as Cell]])];
  const base: Row = new Map();
  const lists: Row[][] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = join(prefix, key);
    if (Array.isArray(child) || (isObject(child) && containsList(child))) lists.push(flattenToRows(child, path, isColumn));
    else if (isObject(child)) for (const [k, v] of flattenToRows(child, path, isColumn)[0] ?? []) base.set(k, v);
    else if (isColumn(path)) base.set(path, child as Cell);
  }
  if (lists.length === 0) return [base];
  const rows = lists.flat().map((row) => new Map([...base, ...row]));
  return rows.length ? rows : base.size ? [base] : [];
}

/** Columns layout: one row per item of the outermost list; deeper (and sibling) lists become numbered columns. */
function flattenToColumns(value: Json, prefix: string, into: Row = new Map()): Row {
  if (Array.isArray(value)) value.forEach((item, index) => flattenToColumns(item, join(prefix, String(index + 1)), into));
  else if (isObject(value)) for (const [key, child] of Object.entries(value)) flattenToColumns(child, join(prefix, key), into);
  else into.set(prefix, value as Cell);
  return into;
}

/** The value at a path of response keys, or undefined. */
function at(value: Json, path: string): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path ? path.split('.') : []) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** The value a table is made of: a single root field's value, unwrapped so paths do not repeat its name. */
function rootOf(data: Record<string, unknown>): Json {
  const keys = Object.keys(data);
  return (keys.length === 1 ? data[keys[0]] : data) as Json;
}

const headerOf = (column: LayoutColumn, headers: HeaderStyle) => (headers === 'paths' ? column.path || 'value' : column.header);
const asTableColumn = (column: LayoutColumn, headers: HeaderStyle, path = column.path, header = headerOf(column, headers)): TableColumn => ({
  path,
  header,
  numberFormat: column.numberFormat,
  kind: column.kind,
  type: column.type,
});

/** The fields beside the path to the outermost list, as numbered columns every row repeats. */
function beside(root: Json, outer: string): Row {
  const into: Row = new Map();
  let node: Json | undefined = root;
  let prefix = '';
  for (const key of outer ? outer.split('.') : []) {
    if (!isObject(node)) break;
    for (const [k, v] of Object.entries(node)) if (k !== key) flattenToColumns(v, join(prefix, k), into);
    node = node[key];
    prefix = join(prefix, key);
  }
  return into;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A column inside lists other than the table's rows becomes numbered columns: `shares.agency` in a
 * table of partnerships becomes `shares.1.agency`, `shares.2.agency`… for as many items as the
 * widest row has, and at least one, so an empty list keeps its header.
 */
function numbered(column: LayoutColumn, outer: string | undefined, rows: Row[], headers: HeaderStyle): TableColumn[] {
  const deeper = column.lists.filter((list) => list !== outer);
  if (!deeper.length) return [asTableColumn(column, headers)];
  const segments = column.path.split('.');
  const depths = new Set(deeper.map((list) => list.split('.').length));
  const pattern = new RegExp(`^${segments.map((segment, i) => escapeRegExp(segment) + (depths.has(i + 1) ? '\\.(\\d+)' : '')).join('\\.')}$`);
  const found: { path: string; indexes: number[] }[] = [];
  for (const row of rows)
    for (const key of row.keys()) {
      const match = pattern.exec(key);
      if (match && !found.some((f) => f.path === key)) found.push({ path: key, indexes: match.slice(1).map(Number) });
    }
  found.sort((a, b) => a.indexes.reduce((order, n, i) => order || n - b.indexes[i], 0));
  if (!found.length) found.push({ path: segments.map((segment, i) => (depths.has(i + 1) ? `${segment}.1` : segment)).join('.'), indexes: [...depths].map(() => 1) });
  return found.map(({ path, indexes }) => {
    const header = headers === 'paths' ? path : `${column.label} ${indexes.join('.')}${column.unit ? ` (${column.unit})` : ''}`;
    return asTableColumn(column, headers, path, header);
  });
}

/** The answer laid out by the hub's layout of its query. */
export function toTable(data: Record<string, unknown> | null | undefined, layout: ReportLayout, { layout: nesting = 'rows', headers = 'labels' }: TableOptions = {}): ResultTable {
  const root = rootOf(data ?? {});
  const paths = new Set(layout.columns.map((c) => c.path));
  let rowMaps: Row[];
  let columns: TableColumn[];
  if (nesting === 'rows') {
    rowMaps = root === null ? [] : flattenToRows(root, '', (path) => paths.has(path));
    columns = layout.columns.map((column) => asTableColumn(column, headers));
  } else {
    const outer = layout.columns.find((c) => c.lists.length)?.lists[0];
    const list = outer === undefined || root === null ? undefined : at(root, outer);
    if (root === null) rowMaps = [];
    else if (outer === undefined) rowMaps = [flattenToColumns(root, '')];
    else rowMaps = Array.isArray(list) ? list.map((item) => new Map([...beside(root, outer), ...flattenToColumns(item, outer)])) : [];
    columns = layout.columns.flatMap((column) => numbered(column, outer, rowMaps, headers));
  }
  return { columns, rows: rowMaps.map((row) => columns.map((c) => row.get(c.path) ?? null)), measures: layout.measures };
}

/** Excel's serial day number for a `YYYY-MM-DD` date (1900 date system). */
export function excelSerialDate(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000 + 25_569;
}

/** A cell's value as Excel holds it, by its column's kind: dates, months and times as serials, text neutralised. */
export function cellValue(kind: CellKind, value: Cell): string | number | boolean {
  if (typeof value === 'string') {
    if (kind === 'DATE' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return excelSerialDate(value);
    if (kind === 'MONTH' && /^\d{4}-\d{2}$/.test(value)) return excelSerialDate(`${value}-01`);
    if (kind === 'DATE_TIME' && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 86_400_000 + 25_569;
  }
  return safeCell(value);
}

/** Cells as Excel holds them (`range.values`, or an .xlsx file). */
export function cellsFor(table: ResultTable, rows: Cell[][]): (string | number | boolean)[][] {
  return rows.map((row) => row.map((cell, i) => cellValue(table.columns[i]?.kind ?? 'TEXT', cell)));
}

/** The header row's texts. */
export const headerRow = (table: ResultTable): string[] => table.columns.map((c) => c.header);

/** Each column's Excel number format. */
export const numberFormats = (table: ResultTable): string[] => table.columns.map((c) => c.numberFormat);
