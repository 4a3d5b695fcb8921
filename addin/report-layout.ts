/**
 * A query's table layout from the hub (`reportLayout`): its columns with headers, units and number
 * formats from the schema, and the measures it carries. Asked once per query text and hub
 * connection, then kept for the session, so a refresh costs no extra request after the first.
 * The layout's `query` is what runs: the hub adds to it what tells published figures from
 * computed ones where the query left that out, so the table always says which is which.
 */
import type { HubClient } from './hub-client.js';
import type { ReportLayout } from './result-table.js';

/** The selection of a layout: its columns and measures. */
export const LAYOUT_FIELDS = '{ query columns { path label unit header type kind numberFormat lists } measures { path name version definition } }';

export const LAYOUT_QUERY = `query ReportLayout($query: String!) {
  reportLayout(query: $query) ${LAYOUT_FIELDS}
}`;

const layouts = new WeakMap<HubClient, Map<string, Promise<ReportLayout>>>();

/** The layout of `query`, asked of the hub once per client; a failed ask is not kept. */
export function layoutFor(client: HubClient, query: string, signal?: AbortSignal): Promise<ReportLayout> {
  let known = layouts.get(client);
  if (!known) layouts.set(client, (known = new Map()));
  let layout = known.get(query);
  if (!layout) {
    layout = client.request<{ reportLayout: ReportLayout }>(LAYOUT_QUERY, { query }, signal).then((data) => data.reportLayout);
    known.set(query, layout);
    layout.catch(() => known.delete(query));
  }
  return layout;
}

/** The layout of `query` and the answer to the query it says to run (the same query, or one that also tells figures apart). */
export async function laidOut(client: HubClient, query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<{ layout: ReportLayout; data: Record<string, unknown> }> {
  const layout = await layoutFor(client, query, signal);
  return { layout, data: await client.request<Record<string, unknown>>(layout.query, variables, signal) };
}
