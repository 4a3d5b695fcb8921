/**
 * Running bindings: resolve variables (named cells included), query the hub, write the table with
 * its "data as at" line, record the refresh. Works on ports, so it is tested without Office.
 */
import { afterRowsInserted, type Binding, type BindingStore, type ExplainedMeasure } from './binding.js';
import { WriteCancelled } from './chunking.js';
import type { WriteOptions, WorkbookPort } from './excel-workbook.js';
import { captionFor, formatAsAt, partnershipNames } from './caption.js';
import { clientOf, HubError, type HubClient } from './hub-client.js';
import { layoutFor } from './report-layout.js';
import { fetchAllPages } from './paging.js';
import { sheetTable } from './sheet-submit/sheet-data.js';
import { NO_DATA_COLUMN } from './table-plan.js';
import { resolveVariables } from './variables.js';

export { formatAsAt };

/** What running a binding needs of a workbook: Excel (excel-workbook.ts) or an .xlsx file (server/workbook/). */
export type TablePort = Pick<WorkbookPort, 'readNamedCells' | 'writeTable' | 'saveBindings'>;

export interface RefreshDeps<W extends TablePort = WorkbookPort> {
  client: HubClient;
  /** The client for a binding's own query: its requests name the workbook and the binding (addin/lineage.ts); absent: `client`. */
  clientFor?: (binding: Binding) => HubClient;
  workbook: W;
  now?: () => Date;
  signal?: AbortSignal;
  onProgress?: WriteOptions['onProgress'];
  /** Rows inserted in a sheet to make room for a table that grew (what was below moved down). */
  onRowsInserted?: WriteOptions['onRowsInserted'];
  /** Items fetched so far of a list longer than one page, and the list's length. */
  onPage?: (rows: number, total?: number) => void;
}

export type RefreshState = 'waiting' | 'running' | 'done' | 'error';

export interface RefreshStatus {
  id: string;
  title: string;
  state: RefreshState;
  rows?: number;
  /** The list's length on the hub, when the row cap kept fewer. */
  total?: number;
  ms?: number;
  error?: string;
}

/** `12,345`. */
export const count = (n: number) => n.toLocaleString('en-GB');

/** "showing 10,000 of 12,345" when the row cap kept fewer items than the hub's list has. */
export function shownOf(shown: number | undefined, total: number | undefined): string {
  return shown !== undefined && total !== undefined && shown < total ? `showing ${count(shown)} of ${count(total)}` : '';
}

/** What the hub said of its first answer to a binding's query (`extensions.iomHub`): the query hash and the measures. */
interface Explained {
  queryHash?: string;
  measures?: ExplainedMeasure[];
}

/** The client with what the hub said of the first answer it gave through it kept aside. */
function explaining(client: HubClient): { client: HubClient; explained: () => Explained | undefined } {
  let first: Explained | undefined;
  return {
    client: clientOf(async <T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal) => {
      const body = await client.send<T>(query, variables, signal);
      first ??= body.extensions?.iomHub as Explained | undefined;
      return body;
    }),
    explained: () => first,
  };
}

/** Runs one binding (every page of a long list, up to its row cap) and writes its table; throws on failure (the sheet keeps its last data). */
export async function runBinding(binding: Binding, { client, clientFor, workbook, now = () => new Date(), signal, onProgress, onRowsInserted, onPage }: RefreshDeps<TablePort>): Promise<Binding> {
  const started = Date.now();
  const variables = await resolveVariables(binding.source.query, binding.variables, (names) => workbook.readNamedCells(names));
  // The layout says which query to run (asked once a session): the binding's own, or with `source` added so published and computed rows are told apart.
  const layout = await layoutFor(client, binding.source.query, signal);
  // Only the binding's own query names the workbook and binding; the layout and the partnerships' names are the pane's.
  const own = explaining(clientFor?.(binding) ?? client);
  const [fetched, names] = await Promise.all([fetchAllPages(own.client, layout.query, variables, { maxRows: binding.maxRows, signal, onPage }), partnershipNames(client)]);
  const at = now();
  const { table, read } = await sheetTable(binding, fetched.data, layout, client, variables, signal);
  if (table.columns.length === 0) table.columns.push({ path: '', header: NO_DATA_COLUMN, numberFormat: 'General', kind: 'TEXT', type: 'String' });
  const capped = shownOf(fetched.shown, fetched.total);
  const caption = captionFor({ title: binding.title, variables, at, table, partnershipNames: names, capped });
  const address = await workbook.writeTable(binding.target, caption, table, { signal, onProgress, onRowsInserted });
  const total = capped ? { total: fetched.total } : {};
  const explained = own.explained();
  const explain = explained?.queryHash ? { queryHash: explained.queryHash, measures: (explained.measures ?? []).map(({ name, version, definition }) => ({ name, version, definition })) } : {};
  // The table may not be where the binding last saw it (rows inserted above it, or moved by the user): its title line is the new anchor.
  const anchor = address.split(':')[0];
  return {
    ...binding,
    ...(read ? { read } : {}),
    target: { ...binding.target, anchor, address },
    columns: table.columns.map(({ path, header }) => ({ path, header })),
    lastRefresh: { at: at.toISOString(), rows: table.rows.length, ...total, ms: Date.now() - started, ...explain },
  };
}

export function errorText(error: unknown): string {
  if ((error as Error)?.name === 'AbortError') return new WriteCancelled().message;
  if (error instanceof HubError || error instanceof Error) return error.message;
  return String(error);
}

/**
 * Refreshes every binding (or those in `only`), one after another (writes to one workbook do not
 * interleave), reporting each one's status as it changes; resolves when all have landed, with the
 * updated store saved.
 */
export async function refreshAll(
  store: BindingStore,
  deps: RefreshDeps<TablePort>,
  onStatus: (statuses: RefreshStatus[]) => void = () => {},
  only?: string[],
): Promise<{ store: BindingStore; statuses: RefreshStatus[] }> {
  const chosen = store.bindings.filter((b) => !only || only.includes(b.id)).map((b) => b.id);
  let bindings = store.bindings;
  const statuses: RefreshStatus[] = chosen.map((id) => ({ id, title: bindings.find((b) => b.id === id)!.title, state: 'waiting' }));
  const report = () => onStatus(statuses.map((s) => ({ ...s })));
  const replace = (next: Binding) => (bindings = bindings.map((b) => (b.id === next.id ? next : b)));
  report();
  for (const [index, id] of chosen.entries()) {
    const status = statuses[index];
    // The binding as it is now: a table above it may have grown and moved it down.
    const binding = bindings.find((b) => b.id === id)!;
    if (deps.signal?.aborted) {
      Object.assign(status, { state: 'error', error: 'Cancelled before it started.' });
      report();
      continue;
    }
    status.state = 'running';
    report();
    const started = Date.now();
    const onRowsInserted: WriteOptions['onRowsInserted'] = (inserted) => {
      bindings = bindings.map((b) => (b.id === id ? b : afterRowsInserted(b, inserted)));
      deps.onRowsInserted?.(inserted);
    };
    try {
      const refreshed = await runBinding(binding, { ...deps, onRowsInserted });
      replace(refreshed);
      Object.assign(status, { state: 'done', rows: refreshed.lastRefresh!.rows, total: refreshed.lastRefresh!.total, ms: refreshed.lastRefresh!.ms });
    } catch (error) {
      const message = errorText(error);
      replace({ ...binding, lastRefresh: { at: binding.lastRefresh?.at ?? '', rows: binding.lastRefresh?.rows ?? 0, ms: Date.now() - started, error: message } });
      Object.assign(status, { state: 'error', ms: Date.now() - started, error: message });
    }
    report();
  }
  const next = { ...store, bindings };
  await deps.workbook.saveBindings(next);
  return { store: next, statuses };
}
