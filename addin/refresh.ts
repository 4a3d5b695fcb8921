/**
 * Running bindings: resolve variables (named cells included), query the hub, write the table with
 * its "data as at" line, record the refresh. Works on ports, so it is tested without Office.
 */
import type { Binding, BindingStore } from './binding.js';
import type { WriteOptions, WorkbookPort } from './excel-workbook.js';
import { captionFor, formatAsAt, partnershipNames } from './caption.js';
import { HubError, type HubClient } from './hub-client.js';
import { layoutFor } from './report-layout.js';
import { toTable } from './result-table.js';
import { resolveVariables } from './variables.js';

export { formatAsAt };

/** What running a binding needs of a workbook: Excel (excel-workbook.ts) or an .xlsx file (server/workbook/). */
export type TablePort = Pick<WorkbookPort, 'readNamedCells' | 'writeTable' | 'saveBindings'>;

export interface RefreshDeps<W extends TablePort = WorkbookPort> {
  client: HubClient;
  workbook: W;
  now?: () => Date;
  signal?: AbortSignal;
  onProgress?: WriteOptions['onProgress'];
}

export type RefreshState = 'waiting' | 'running' | 'done' | 'error';

export interface RefreshStatus {
  id: string;
  title: string;
  state: RefreshState;
  rows?: number;
  ms?: number;
  error?: string;
}

/** Runs one binding and writes its table; throws on failure (the sheet keeps its last data). */
export async function runBinding(binding: Binding, { client, workbook, now = () => new Date(), signal, onProgress }: RefreshDeps<TablePort>): Promise<Binding> {
  const started = Date.now();
  const variables = await resolveVariables(binding.source.query, binding.variables, (names) => workbook.readNamedCells(names));
  const [layout, data, names] = await Promise.all([layoutFor(client, binding.source.query, signal), client.request(binding.source.query, variables, signal), partnershipNames(client)]);
  const at = now();
  const table = toTable(data, layout, { layout: binding.layout, headers: binding.headers ?? 'paths' });
  const caption = captionFor({ title: binding.title, variables, at, table, partnershipNames: names });
  const address = await workbook.writeTable(binding.target, caption, table, { signal, onProgress });
  return {
    ...binding,
    target: { ...binding.target, address },
    columns: table.columns.map(({ path, header }) => ({ path, header })),
    lastRefresh: { at: at.toISOString(), rows: table.rows.length, ms: Date.now() - started },
  };
}

export function errorText(error: unknown): string {
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
  const chosen = store.bindings.filter((b) => !only || only.includes(b.id));
  const statuses: RefreshStatus[] = chosen.map((b) => ({ id: b.id, title: b.title, state: 'waiting' }));
  const report = () => onStatus(statuses.map((s) => ({ ...s })));
  report();
  const updated: Binding[] = [];
  for (const [index, binding] of chosen.entries()) {
    const status = statuses[index];
    if (deps.signal?.aborted) {
      Object.assign(status, { state: 'error', error: 'Cancelled before it started.' });
      updated.push(binding);
      report();
      continue;
    }
    status.state = 'running';
    report();
    const started = Date.now();
    try {
      const refreshed = await runBinding(binding, deps);
      updated.push(refreshed);
      Object.assign(status, { state: 'done', rows: refreshed.lastRefresh!.rows, ms: refreshed.lastRefresh!.ms });
    } catch (error) {
      const message = errorText(error);
      updated.push({ ...binding, lastRefresh: { at: binding.lastRefresh?.at ?? '', rows: binding.lastRefresh?.rows ?? 0, ms: Date.now() - started, error: message } });
      Object.assign(status, { state: 'error', ms: Date.now() - started, error: message });
    }
    report();
  }
  const next = { ...store, bindings: store.bindings.map((b) => updated.find((u) => u.id === b.id) ?? b) };
  await deps.workbook.saveBindings(next);
  return { store: next, statuses };
}
