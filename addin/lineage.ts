/**
 * Lineage: every request made for a workbook's binding names the workbook and the binding (the
 * `X-IOM-Workbook`, `X-IOM-Binding` and `X-IOM-Workbook-Title` headers), so the hub knows which
 * workbooks use each report. The hub reads them in server/reports/lineage.ts (the same names: a
 * test holds them equal).
 */
import type { BindingStore } from './binding.js';
import type { HubClient } from './hub-client.js';

export const LINEAGE_HEADERS = { workbook: 'x-iom-workbook', binding: 'x-iom-binding', title: 'x-iom-workbook-title', report: 'x-iom-report' } as const;

export interface RequestLineage {
  workbook: string;
  binding: string;
  title?: string | null;
  /** The library report the binding was made from: the query it runs may differ from the report's text (a list read page by page, a source column added). */
  report?: string | null;
}

/** The headers that name a workbook's binding (the title percent-encoded: a header is ASCII). */
export function lineageHeaders({ workbook, binding, title, report }: RequestLineage): Record<string, string> {
  return { [LINEAGE_HEADERS.workbook]: workbook, [LINEAGE_HEADERS.binding]: binding, ...(title ? { [LINEAGE_HEADERS.title]: encodeURIComponent(title) } : {}), ...(report ? { [LINEAGE_HEADERS.report]: report } : {}) };
}

/** The binding id the cell functions of a workbook run under (one per workbook: its formulas, not a bound table). */
export const CELL_FUNCTIONS_BINDING = 'cell-functions';

/** The client for one binding of a workbook: `forBinding` when the store has an id, else the plain client. */
export type ClientForBinding = (lineage: RequestLineage) => HubClient;

export function bindingClient(store: Pick<BindingStore, 'workbook'>, binding: string, title: string | undefined, client: HubClient, forBinding?: ClientForBinding, report?: string): HubClient {
  return store.workbook && forBinding ? forBinding({ workbook: store.workbook, binding, title, report }) : client;
}
