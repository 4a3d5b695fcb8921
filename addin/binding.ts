/**
 * The binding model: what each bound range in a workbook shows, kept in the workbook itself as
 * versioned JSON (format documented in addin/README.md) so a copied workbook still refreshes and
 * the hub's command line can refresh the file without Excel.
 */
import { parseCell, parseRange, rangeAddress, cellAddress } from './cell-address.js';
import type { HeaderStyle, NestedLayout } from './result-table.js';

export const BINDINGS_FORMAT = 'iom-hub-bindings';
export const BINDINGS_VERSION = 1;
/** The custom XML part's namespace; the JSON is the text of its root element. */
export const BINDINGS_NAMESPACE = 'urn:iom-hub:bindings:v1';

export type BindingSource = { kind: 'report'; report: string; query: string } | { kind: 'query'; query: string };

/**
 * A variable is a literal value or the value of a named cell, read at each refresh; `format` says a
 * text variable holds a date or a month, so a date typed in the cell (a serial number) is sent as one.
 */
export type VariableSource = { value: unknown } | { cell: string; format?: 'date' | 'month' };

export interface BindingTarget {
  sheet: string;
  /** Top-left cell of the title line; the table starts one row below. */
  anchor: string;
  /** The Excel table's name. */
  table: string;
  /** The range last written (title line and table), cleared before the next write. */
  address?: string;
}

export interface LastRefresh {
  /** ISO timestamp of the data ("data as at"). */
  at: string;
  rows: number;
  ms: number;
  /** How many items the hub's list had, when the binding's row cap kept fewer. */
  total?: number;
  error?: string;
  /** SHA-256 of the query and the variables the data was read with (the hub's "explain" of the answer). */
  queryHash?: string;
  /** The measures the figures come from, as the hub defined them when it answered. */
  measures?: ExplainedMeasure[];
}

export interface ExplainedMeasure {
  name: string;
  version: number;
  definition: string;
}

export interface Binding {
  id: string;
  title: string;
  source: BindingSource;
  variables: Record<string, VariableSource>;
  layout: NestedLayout;
  target: BindingTarget;
  lastRefresh?: LastRefresh;
  /** A table a finance officer edits and submits: the draft shares, the establishment's lines, the funding-risk register. */
  role?: 'cost-share-draft' | 'establishment-lines' | 'funding-risks';
  /** For an edited sheet: each record's id and version as the sheet was last read (so a deleted row is told from one added on the hub). */
  read?: Array<{ id: string; version: number }>;
  /** What the header row shows: the schema's labels, or the field paths (absent: paths, as bindings made before labels). */
  headers?: HeaderStyle;
  /** The columns last written, in order: each one's field path and the header it was given. */
  columns?: BoundColumn[];
  /** The most list items fetched (pages followed); absent: DEFAULT_MAX_ROWS. */
  maxRows?: number;
}

export interface BoundColumn {
  path: string;
  header: string;
}

export interface BindingStore {
  format: typeof BINDINGS_FORMAT;
  version: typeof BINDINGS_VERSION;
  /** Hub base URL the bindings were made against (no token: that stays out of the workbook). */
  hub?: string;
  /** The workbook's id: every request made for one of its bindings names it, so the hub knows which workbooks use a report. */
  workbook?: string;
  /** The board-pack snapshot last taken of the workbook's bindings ("snapshot as at …"). */
  snapshot?: { id: number; takenAt: string };
  bindings: Binding[];
}

/** A new binding's id: time-ordered, short, unique enough within one workbook. */
/** The library report a binding was made from, if any. */
export const reportOf = (binding: Pick<Binding, 'source'>): string | undefined => (binding.source.kind === 'report' ? binding.source.report : undefined);

export const newBindingId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** A new workbook id (kept in the bindings; a copied workbook keeps its id, as it keeps its bindings). */
export const newWorkbookId = () => `wb-${newBindingId()}-${Math.random().toString(36).slice(2, 8)}`;

/** The store with a workbook id (the same store when it has one). */
export const withWorkbookId = (store: BindingStore): BindingStore => (store.workbook ? store : { ...store, workbook: newWorkbookId() });

export const emptyStore = (hub?: string): BindingStore => ({ format: BINDINGS_FORMAT, version: BINDINGS_VERSION, hub, bindings: [] });

export class BindingFormatError extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BindingFormatError(`Bindings: ${message}`);
}

export function parseBindingStore(json: string): BindingStore {
  let parsed: any;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new BindingFormatError('Bindings: the stored bindings are not valid JSON.');
  }
  check(parsed?.format === BINDINGS_FORMAT, `format must be "${BINDINGS_FORMAT}".`);
  check(parsed.version === BINDINGS_VERSION, `version ${parsed.version} is not supported (this add-in reads version ${BINDINGS_VERSION}); update the add-in.`);
  check(Array.isArray(parsed.bindings), 'bindings must be a list.');
  check(parsed.workbook === undefined || (typeof parsed.workbook === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(parsed.workbook)), 'workbook must be an id of 1 to 64 letters, digits, ".", "_", ":" or "-".');
  parsed.bindings.forEach((b: any, i: number) => {
    const at = `bindings[${i}]`;
    check(typeof b?.id === 'string' && b.id, `${at}.id is missing.`);
    check(b.source?.kind === 'report' || b.source?.kind === 'query', `${at}.source.kind must be "report" or "query".`);
    check(typeof b.source.query === 'string', `${at}.source.query is missing.`);
    check(b.layout === 'rows' || b.layout === 'columns', `${at}.layout must be "rows" or "columns".`);
    check(typeof b.target?.sheet === 'string' && typeof b.target.anchor === 'string' && typeof b.target.table === 'string', `${at}.target needs sheet, anchor and table.`);
    check(b.variables && typeof b.variables === 'object', `${at}.variables must be an object.`);
    check(b.headers === undefined || b.headers === 'labels' || b.headers === 'paths', `${at}.headers must be "labels" or "paths".`);
    check(b.columns === undefined || (Array.isArray(b.columns) && b.columns.every((c: any) => typeof c?.path === 'string' && typeof c.header === 'string')), `${at}.columns must be a list of { path, header }.`);
    check(b.maxRows === undefined || (Number.isInteger(b.maxRows) && b.maxRows > 0), `${at}.maxRows must be a whole number above 0.`);
    for (const [name, v] of Object.entries(b.variables as Record<string, any>)) {
      check(v && ('value' in v || typeof v.cell === 'string'), `${at}.variables.${name} needs "value" or "cell".`);
      check(v.format === undefined || v.format === 'date' || v.format === 'month', `${at}.variables.${name}.format must be "date" or "month".`);
    }
  });
  return parsed as BindingStore;
}

export function serializeBindingStore(store: BindingStore): string {
  return JSON.stringify(store, null, 2);
}

/** Adds or replaces (same id) a binding, returning a new store. */
export function upsertBinding(store: BindingStore, binding: Binding): BindingStore {
  const others = store.bindings.filter((b) => b.id !== binding.id);
  return { ...store, bindings: [...others, binding] };
}

export function removeBinding(store: BindingStore, id: string): BindingStore {
  return { ...store, bindings: store.bindings.filter((b) => b.id !== id) };
}

/** A table name Excel accepts (letters, digits, underscore; starts with a letter), unique in the store. */
export function tableNameFor(title: string, store: BindingStore): string {
  const base = `IOM_${title.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'Table'}`.slice(0, 60);
  const taken = new Set(store.bindings.map((b) => b.target.table));
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
  return name;
}

/** Rows inserted in a sheet (zero-based `row`, `count` of them): a binding at or below them moved down with its cells. */
export function afterRowsInserted(binding: Binding, inserted: { sheet: string; row: number; count: number }): Binding {
  const { target } = binding;
  if (target.sheet.toLowerCase() !== inserted.sheet.toLowerCase()) return binding;
  const anchor = parseCell(target.anchor);
  const moved = anchor.row >= inserted.row ? cellAddress({ row: anchor.row + inserted.count, col: anchor.col }) : target.anchor;
  let address = target.address;
  if (address) {
    const range = parseRange(address);
    address = rangeAddress({ ...range, top: range.top >= inserted.row ? range.top + inserted.count : range.top, bottom: range.bottom >= inserted.row ? range.bottom + inserted.count : range.bottom });
  }
  return moved === target.anchor && address === target.address ? binding : { ...binding, target: { ...target, anchor: moved, ...(address ? { address } : {}) } };
}

/** Wraps the JSON as the custom XML part stored in the workbook. */
export function bindingsXml(store: BindingStore): string {
  const text = serializeBindingStore(store).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bindings xmlns="${BINDINGS_NAMESPACE}">${text}</bindings>`;
}

/** Reads the JSON back out of the custom XML part. */
export function bindingsFromXml(xml: string): BindingStore {
  const match = /<bindings\b[^>]*>([\s\S]*)<\/bindings>/.exec(xml);
  if (!match) throw new BindingFormatError('Bindings: the custom XML part has no <bindings> element.');
  const text = match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return parseBindingStore(text);
}
