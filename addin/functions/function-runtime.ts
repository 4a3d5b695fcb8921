/**
 * What the custom functions do, without Office: each call becomes an operation for the shared
 * batcher (a query's text, or a saved report by name, with its variables), so all the cells of one
 * recalculation are answered by one HTTP request.
 */
import { createBatcher, type Batcher, type Send } from '../batcher.js';
import type { HubClient } from '../hub-client.js';
import { safeCell, type Cell } from '../neutralise.js';
import { cellValue, toTable, type TableColumn } from '../result-table.js';
import { pickPath } from '../value-path.js';

export const COST_SHARE_QUERY = `query CostShareCell($partnership: String!, $financialYear: String!) {
  costShare(partnership: $partnership, financialYear: $financialYear) { shares { agency agencyCode percent contribution } }
}`;

/** Variables from a formula argument: JSON text, or a range of name / value pairs (two columns). */
export function variablesArgument(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (Array.isArray(value)) {
    const rows = value as unknown[][];
    if (rows.length === 1 && rows[0].length === 1) return variablesArgument(rows[0][0]);
    if (rows.every((row) => row.length === 2)) return Object.fromEntries(rows.filter((row) => row[0] !== '').map((row) => [String(row[0]), row[1]]));
    return namedPairs(rows.flat());
  }
  if (typeof value !== 'string') throw new Error('Give variables as JSON text or as a two-column range of names and values.');
  try {
    const parsed = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through to the message below
  }
  throw new Error(`The variables are not a JSON object: ${value}`);
}

/**
 * The parameter set a formula names: `=IOM.QUERY("cost-share", "Q3 board pack, Norfolk")` (a saved
 * report's name, then text that is not a JSON object: the name of one of its parameter sets).
 * Undefined when the argument is variables (JSON text, a range, nothing), as in formulas written before.
 */
export function parameterSetArgument(queryOrReport: string, value: unknown): string | undefined {
  const text = Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1 ? value[0][0] : value;
  if (/[{]/.test(queryOrReport) || typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('{') ? undefined : trimmed;
}

/** `"partnership", "barnet", "financialYear", "2015/16"` → variables. */
export function namedPairs(values: unknown[]): Record<string, unknown> {
  if (values.length % 2) throw new Error('Give the variables as name, value pairs.');
  return Object.fromEntries(Array.from({ length: values.length / 2 }, (_, i) => [String(values[2 * i]), values[2 * i + 1]]));
}

/** A number with its format, as Excel's data types take it from a custom function. */
export interface FormattedNumber {
  type: 'Double';
  basicValue: number;
  numberFormat: string;
}

export interface FunctionRuntime {
  /** A header row of the schema's labels, then the rows; numbers formatted where Excel takes formatted values. */
  query(query: string, variables?: unknown): Promise<(Cell | FormattedNumber)[][]>;
  value(report: string, path: string, pairs?: unknown[]): Promise<Cell>;
  costShare(partnership: string, financialYear: string, agency: string, field?: string): Promise<number>;
  batcher: Batcher;
}

export interface RuntimeOptions {
  delayMs?: number;
  schedule?: (flush: () => void) => void;
  /** Whether Excel takes formatted numbers from a custom function (data types, ExcelApi 1.16). */
  formattedNumbers?: () => boolean;
}

/** A cell of =IOM.QUERY: as Excel holds it (dates as serials), with its column's number format when Excel can take it. */
function queryCell(column: TableColumn, cell: Cell, formatted: boolean): Cell | FormattedNumber {
  const value = cellValue(column.kind, cell);
  if (typeof value === 'number' && formatted && column.numberFormat !== 'General') return { type: 'Double', basicValue: value, numberFormat: column.numberFormat };
  // Without formats a date is clearer as the text the hub sent than as a bare serial number.
  return typeof value === 'number' && typeof cell === 'string' ? cell : value;
}

export function createFunctionRuntime(client: () => HubClient, options: RuntimeOptions = {}): FunctionRuntime {
  const send: () => Send = () => {
    const hub = client();
    return (query, variables) => hub.send(query, variables);
  };
  const batcher = createBatcher(send, options);
  /** Query text runs as it is; anything else is a saved report's name, which the hub looks up. */
  const run = (queryOrReport: string, variables: Record<string, unknown>) => (/[{]/.test(queryOrReport) ? batcher.run(queryOrReport, variables) : batcher.runReport(queryOrReport, variables));

  return {
    batcher,
    async query(query, variables) {
      const set = parameterSetArgument(query, variables);
      const { data, layout } = await batcher.runTable(query, set === undefined ? variablesArgument(variables) : {}, set);
      if (!layout) throw new Error('The hub could not lay this query out as a table.');
      const table = toTable(data, layout);
      const formatted = options.formattedNumbers?.() ?? false;
      return [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((cell, i) => queryCell(table.columns[i], cell, formatted)))];
    },
    async value(report, path, pairs = []) {
      const variables = pairs.length <= 1 ? variablesArgument(pairs[0]) : namedPairs(pairs.flat(2));
      const data = await run(report, variables);
      const value = pickPath(data, path) as Cell;
      return safeCell(value ?? null);
    },
    async costShare(partnership, financialYear, agency, field = 'contribution') {
      if (field !== 'contribution' && field !== 'percent') throw new Error('The last argument must be "contribution" or "percent".');
      const data = (await batcher.run(COST_SHARE_QUERY, { partnership, financialYear })) as { costShare: { shares: { agency: string; agencyCode: string; percent: number; contribution: number }[] } | null };
      if (!data.costShare) throw new Error(`${partnership} has no cost share for ${financialYear}.`);
      const wanted = agency.trim().toLowerCase();
      const share = data.costShare.shares.find((s) => s.agencyCode === wanted || s.agency.toLowerCase() === wanted);
      if (!share) throw new Error(`${agency} has no share in ${partnership}'s ${financialYear} cost share (agencies: ${data.costShare.shares.map((s) => s.agencyCode).join(', ')}).`);
      return share[field];
    },
  };
}
