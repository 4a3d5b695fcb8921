/**
 * What the custom functions do, without Office: each call becomes an operation for the shared
 * batcher (a query's text, or a saved report by name, with its variables), so all the cells of one
 * recalculation are answered by one HTTP request.
 */
import { createBatcher, type Batcher, type Send } from '../batcher.js';
import type { HubClient } from '../hub-client.js';
import { safeCell, type Cell } from '../neutralise.js';
import { toTable } from '../result-table.js';
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

/** `"partnership", "barnet", "financialYear", "2015/16"` → variables. */
export function namedPairs(values: unknown[]): Record<string, unknown> {
  if (values.length % 2) throw new Error('Give the variables as name, value pairs.');
  return Object.fromEntries(Array.from({ length: values.length / 2 }, (_, i) => [String(values[2 * i]), values[2 * i + 1]]));
}

export interface FunctionRuntime {
  query(query: string, variables?: unknown): Promise<Cell[][]>;
  value(report: string, path: string, pairs?: unknown[]): Promise<Cell>;
  costShare(partnership: string, financialYear: string, agency: string, field?: string): Promise<number>;
  batcher: Batcher;
}

export function createFunctionRuntime(client: () => HubClient, options: { delayMs?: number; schedule?: (flush: () => void) => void } = {}): FunctionRuntime {
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
      const data = await run(query, variablesArgument(variables));
      const table = toTable(data, 'rows');
      if (!table.rows.length) return [table.columns];
      return [table.columns, ...table.rows.map((row) => row.map(safeCell))];
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
