/**
 * Reports out of the hub as files: a saved report exported as a bound workbook or a CSV, and a
 * workbook's bindings refreshed in the file. The table is the add-in's own (addin/result-table.ts,
 * addin/refresh.ts), so a file and a sheet the add-in wrote hold the same cells.
 */
import { stringify } from 'csv-stringify/sync';
import { emptyStore, newBindingId, newWorkbookId, reportOf, tableNameFor, upsertBinding, type Binding, type BindingStore, type VariableSource } from '../../addin/binding.js';
import { freezeBindings } from '../../addin/board-pack.js';
import { buildTemplate, TEMPLATES, type Template } from '../../addin/templates.js';
import type { HubClient } from '../../addin/hub-client.js';
import { safeCell } from '../../addin/neutralise.js';
import { refreshAll, runBinding, type RefreshStatus } from '../../addin/refresh.js';
import { laidOut } from '../../addin/report-layout.js';
import { toTable, type HeaderStyle } from '../../addin/result-table.js';
import { coerceToType, declaredVariables, resolveVariables } from '../../addin/variables.js';
import type { SavedReportDefinition } from '../reports/report-library.js';
import type { RequestLineage } from '../reports/lineage.js';
import { humanise } from '../reports/report-parameters.js';
import { blankWorkbook, sheetNameFor } from './blank-workbook.js';
import { XlsxPackage } from './xlsx-package.js';
import { XlsxWorkbook } from './xlsx-workbook.js';

/** The add-in's templates, which `export` also builds as files. */
export { TEMPLATES, type Template };

/** Text values given on the command line, converted to the types the report's query declares. */
export function reportVariables(report: SavedReportDefinition, given: Record<string, string>): Record<string, unknown> {
  const declared = declaredVariables(report.query);
  const variables: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(given)) {
    const variable = declared.find((v) => v.name === name);
    if (!variable) throw new Error(`The report ${report.name} has no variable ${name} (it has ${declared.map((v) => `${v.name}: ${v.type}`).join(', ') || 'none'}).`);
    try {
      variables[name] = coerceToType(text, variable.type);
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  }
  return variables;
}

/** The sheet an exported workbook keeps its variables on, each in a labelled named cell. */
export const VARIABLES_SHEET = 'Variables';

/** A variable's cell name: its name with a capital (`financialYear` → `FinancialYear`), prefixed when Excel would read it as a cell (`Q3`). */
export function variableCellName(name: string): string {
  const capital = name.charAt(0).toUpperCase() + name.slice(1);
  return /^([A-Za-z]{1,3}\d+|[RrCc]\d*|R\d*C\d*)$/.test(capital) ? `IOM_${capital}` : capital;
}

/** A text variable's format, from the value it was given: a date (`2012-09-30`) or a month (`2013-09`), so a date typed in the cell is read as one. */
const formatOf = (value: unknown): 'date' | 'month' | undefined => (typeof value !== 'string' ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : /^\d{4}-\d{2}$/.test(value) ? 'month' : undefined);

/** A value as a cell holds it: a list as comma-separated text, an input object as JSON. */
const cellText = (value: unknown): unknown => (Array.isArray(value) ? value.join(', ') : value !== null && typeof value === 'object' ? JSON.stringify(value) : (value ?? ''));

const HINTS = { date: 'a date: type it as a date, or dd/mm/yyyy', month: 'a month: yyyy-mm, or a date in it' } as const;

/**
 * Writes every variable of the report on the Variables sheet (label, value in a named cell, what it
 * takes), so the workbook's variables can be changed in Excel or LibreOffice without the add-in and
 * `refresh` uses them: the binding reads each one from its cell.
 */
async function variableCells(workbook: XlsxWorkbook, report: SavedReportDefinition, variables: Record<string, unknown>): Promise<Record<string, VariableSource>> {
  // A required variable not given is refused as it is given (not as an empty cell).
  await resolveVariables(report.query, literalSources(variables), async () => ({}));
  const declared = declaredVariables(report.query);
  if (!declared.length) return {};
  await workbook.ensureSheet(VARIABLES_SHEET);
  await workbook.writeCells(VARIABLES_SHEET, 'A2', [['Variable', 'Value', 'Takes']], { bold: true });
  const sources: Record<string, VariableSource> = {};
  for (const [i, variable] of declared.entries()) {
    const value = variables[variable.name];
    const format = formatOf(value);
    const name = variableCellName(variable.name);
    await workbook.writeCells(VARIABLES_SHEET, `A${i + 3}`, [[humanise(variable.name)]]);
    await workbook.nameCell(name, VARIABLES_SHEET, `B${i + 3}`, cellText(value));
    await workbook.writeCells(VARIABLES_SHEET, `C${i + 3}`, [[`${format ? HINTS[format] : variable.type.replace(/!$/, '')}${variable.required ? '' : ' (may be left empty)'}; the cell is named ${name}`]], { muted: true });
    sources[variable.name] = { cell: name, ...(format ? { format } : {}) };
  }
  workbook.fitColumns(VARIABLES_SHEET);
  workbook.printPlain(VARIABLES_SHEET);
  // After fitting: the note runs across the columns and does not widen the first.
  await workbook.writeCells(VARIABLES_SHEET, 'A1', [[`Variables of ${report.title}: change a value, then refresh (npx iom-hub refresh, or Refresh all in the Excel add-in).`]], { bold: true });
  return sources;
}

/** Variables as a binding stores literal values. */
const literalSources = (variables: Record<string, unknown>): Record<string, VariableSource> => Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, { value }]));

/** The bindings of a workbook the command line has written: with the workbook's id, which every request for its bindings names. */
type StoreWithId = BindingStore;

export { newWorkbookId };

export interface Lineage {
  /** The client for one binding's requests (they name the workbook and the binding: QueryRunner.forBinding). */
  forBinding(lineage: RequestLineage): HubClient;
  /** The workbook's title as the hub records it (the file's name). */
  title?: string;
}

export interface ExportOptions {
  client: HubClient;
  /** Name the workbook and binding in every request, so the hub records which workbooks use the report. */
  lineage?: Lineage;
  report: SavedReportDefinition;
  variables: Record<string, unknown>;
  /** The hub's address, kept in the workbook's bindings (informational). */
  hub?: string;
  now?: () => Date;
  /** The header row: the schema's labels with units (default) or the field paths. */
  headers?: HeaderStyle;
}

/** The report as an .xlsx file: caption, formatted table, and its binding, so `refresh` (or the add-in) can refresh it. */
export async function exportWorkbook({ client, report, variables, hub, lineage, now = () => new Date(), headers = 'labels' }: ExportOptions): Promise<{ bytes: Uint8Array; binding: Binding }> {
  const sheet = sheetNameFor(report.title);
  const workbook = new XlsxWorkbook(blankWorkbook(sheet, { now: now() }));
  const store: StoreWithId = { ...emptyStore(hub), ...(lineage ? { workbook: newWorkbookId() } : {}) };
  const binding: Binding = {
    id: newBindingId(),
    title: report.title,
    source: { kind: 'report', report: report.name, query: report.query },
    variables: await variableCells(workbook, report, variables),
    layout: 'rows',
    headers,
    target: { sheet, anchor: 'A1', table: tableNameFor(report.title, store) },
  };
  const clientFor = lineage && (() => lineage.forBinding({ workbook: store.workbook!, binding: binding.id, title: lineage.title, report: reportOf(binding) }));
  const done = await runBinding(binding, { client, clientFor: clientFor || undefined, workbook, now });
  await workbook.saveBindings(upsertBinding(store, done));
  workbook.fitColumns(sheet);
  return { bytes: workbook.toBytes(), binding: done };
}

export interface TemplateExportOptions {
  client: HubClient;
  template: Template;
  /** The template's inputs (partnership, financial year, dates…) as text. */
  values: Record<string, string>;
  hub?: string;
  now?: () => Date;
}

/**
 * A template's sheet as an .xlsx file, built as the add-in builds it in Excel (the same sections,
 * named input cells, bound tables and charts), so it refreshes with `refresh` or the add-in.
 */
export async function exportTemplate({ client, template, values, hub, now = () => new Date() }: TemplateExportOptions): Promise<{ bytes: Uint8Array; store: BindingStore }> {
  const missing = template.inputs.filter((input) => !values[input.name]);
  if (missing.length) throw new Error(`The template ${template.id} needs ${missing.map((i) => `${i.name} (${i.label})`).join(', ')}.`);
  const workbook = new XlsxWorkbook(blankWorkbook(template.sheet, { now: now() }));
  const store = await buildTemplate(template, values, emptyStore(hub), { client, workbook, now });
  workbook.fitColumns(template.sheet);
  return { bytes: workbook.toBytes(), store };
}

/**
 * The report as CSV (RFC 4180): a header of the schema's labels with their units ("Contribution (£)"),
 * or of field paths, then the rows as the hub gives them (numbers unformatted, dates YYYY-MM-DD);
 * text that looks like a formula is neutralised.
 */
export async function exportCsv({ client, report, variables, headers = 'labels' }: ExportOptions): Promise<string> {
  const checked = await resolveVariables(report.query, literalSources(variables), async () => ({}));
  const { layout, data } = await laidOut(client, report.query, checked);
  const table = toTable(data, layout, { headers });
  return stringify([table.columns.map((c) => c.header), ...table.rows.map((row) => row.map(safeCell))], { record_delimiter: '\r\n', cast: { boolean: (value) => String(value) } });
}

export interface RefreshOutcome {
  statuses: RefreshStatus[];
  /** The refreshed file; absent when any binding failed (the file must then stay as it was). */
  bytes?: Uint8Array;
}

/** Re-runs every binding of a workbook file and rewrites its tables, in memory. */
export async function refreshWorkbookFile(
  input: Uint8Array,
  client: HubClient,
  { now, onStatus, lineage }: { now?: () => Date; onStatus?: (statuses: RefreshStatus[]) => void; lineage?: Lineage } = {},
): Promise<RefreshOutcome> {
  const workbook = new XlsxWorkbook(XlsxPackage.read(input));
  const read: StoreWithId | null = await workbook.readBindings();
  if (!read) throw new Error('This workbook has no IOM Hub bindings (no custom XML part urn:iom-hub:bindings:v1 and no IOM_Hub_Bindings sheet): insert a report with the add-in, or make the file with `npx iom-hub export`.');
  // A workbook without an id (made before the hub kept lineage) gets one now; the refreshed file keeps it.
  const store: StoreWithId = lineage && !read.workbook ? { ...read, workbook: newWorkbookId() } : read;
  const clientFor = lineage ? (binding: Binding) => lineage.forBinding({ workbook: store.workbook!, binding: binding.id, title: lineage.title, report: reportOf(binding) }) : undefined;
  const { statuses } = await refreshAll(store, { client, clientFor, workbook, now }, onStatus);
  return { statuses, bytes: statuses.some((s) => s.state === 'error') ? undefined : workbook.toBytes() };
}

export interface FrozenPack {
  id: number;
  takenAt: string;
  bindings: { binding: string; queryHash: string }[];
}

/**
 * Freezes a workbook file's bindings on the hub: each binding's query with its variables as the
 * workbook gives them now (named cells read from the file). The file (returned in `bytes`, to be
 * written back) keeps the snapshot's id and time, so the add-in shows "snapshot as at …" and can
 * compare it with live; it gets an id if it had none, so the snapshot and its lineage match.
 */
export async function freezeWorkbookFile(input: Uint8Array, client: HubClient, title: string): Promise<{ snapshot: FrozenPack; bytes: Uint8Array }> {
  const workbook = new XlsxWorkbook(XlsxPackage.read(input));
  const read: StoreWithId | null = await workbook.readBindings();
  if (!read) throw new Error('This workbook has no IOM Hub bindings (no custom XML part urn:iom-hub:bindings:v1): there is nothing to freeze.');
  const store: StoreWithId = read.workbook ? read : { ...read, workbook: newWorkbookId() };
  const freezeWorkbook: FrozenPack = await freezeBindings(client, store, (names) => workbook.readNamedCells(names), title);
  await workbook.saveBindings({ ...store, snapshot: { id: freezeWorkbook.id, takenAt: freezeWorkbook.takenAt } });
  return { snapshot: freezeWorkbook, bytes: workbook.toBytes() };
}
