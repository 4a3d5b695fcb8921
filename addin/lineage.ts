/**
 * Lineage: every request made for a workbook's binding names the workbook and the binding (the
 * `X-IOM-Workbook`, `X-IOM-Binding` and `X-IOM-Workbook-Title` headers), so the hub knows which
 * workbooks use each report. The hub reads them in server/reports/lineage.ts (the same names: a
 * test holds them equal).
 */
import type { BindingStore } from './binding.js';
import type { HubClient } from './hub-client.js';

export const LINEAGE_HEADERS = { workbook: 'x-iom-workbook', binding: 'x-iom-binding', title: 'x-iom-workbook-title' } as const;

export interface RequestLineage {
  workbook: string;
  binding: string;
  title?: string | null;
}

/** The headers that name a workbook's binding (the title percent-encoded: a header is ASCII). */
export function lineageHeaders({ workbook, binding, title }: RequestLineage): Record<string, string> {
  return { [LINEAGE_HEADERS.workbook]: workbook, [LINEAGE_HEADERS.binding]: binding, ...(title ? { [LINEAGE_HEADERS.title]: encodeURIComponent(title) } : {}) };
}

/** The binding id the cell functions of a workbook run under (one per workbook: its formulas, not a bound table). */
export const CELL_FUNCTIONS_BINDING = 'cell-functions';

/** The client for one binding of a workbook: `forBinding` when the store has an id, else the plain client. */
export type ClientForBinding = (lineage: RequestLineage) => HubClient;

export function bindingClient(store: Pick<BindingStore, 'workbook'>, binding: string, title: string | undefined, client: HubClient, forBinding?: ClientForBinding): HubClient {
  return store.workbook && forBinding ? forBinding({ workbook: store.workbook, binding, title }) : client;
}
