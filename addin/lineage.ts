/**
 * Lineage: every request made for a workbook's binding names the workbook and the binding (the
 * `X-IOM-Workbook`, `X-IOM-Binding` and `X-IOM-Workbook-Title` headers), so the hub knows which
 * workbooks use each report. The headers are wire/lineage.ts's, which the hub reads too.
 */
import type { RequestLineage } from '../wire/lineage.js';
import type { BindingStore } from './binding.js';
import type { HubClient } from './hub-client.js';

export { LINEAGE_HEADERS, lineageHeaders, type RequestLineage } from '../wire/lineage.js';

/** The binding id the cell functions of a workbook run under (one per workbook: its formulas, not a bound table). */
export const CELL_FUNCTIONS_BINDING = 'cell-functions';

/** The client for one binding of a workbook: `forBinding` when the store has an id, else the plain client. */
export type ClientForBinding = (lineage: RequestLineage) => HubClient;

export function bindingClient(store: Pick<BindingStore, 'workbook'>, binding: string, title: string | undefined, client: HubClient, forBinding?: ClientForBinding, report?: string): HubClient {
  return store.workbook && forBinding ? forBinding({ workbook: store.workbook, binding, title, report }) : client;
}
