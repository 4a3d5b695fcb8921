/** The Refresh tab: the workbook's bound ranges with their status, Refresh all, one binding's Refresh, Cancel. */
import { WriteCancelled } from '../chunking.js';
import { refreshAll, errorText, formatAsAt, type RefreshStatus } from '../refresh.js';
import { $, busy, el, hubDeps, loadStore, plural, say, state } from './pane.js';

export function renderBindings(statuses: RefreshStatus[] = []): void {
  const list = $('binding-list');
  const bindings = state.store?.bindings ?? [];
  if (!bindings.length) {
    list.replaceChildren(el('li', {}, el('span', { className: 'meta' }, 'No bound ranges yet: insert a report, a query or a template.')));
    return;
  }
  list.replaceChildren(...bindings.map((binding) => {
    const status = statuses.find((s) => s.id === binding.id);
    const last = binding.lastRefresh;
    const stateText = status ? { waiting: 'Waiting', running: 'Refreshing…', done: 'Refreshed', error: 'Failed' }[status.state] : last?.error ? 'Failed' : 'Ready';
    const meta = status?.state === 'done' || (!status && last?.at)
      ? `${stateText} · ${plural(status?.rows ?? last?.rows ?? 0, 'row')}${(status?.total ?? last?.total) ? ` of a list of ${(status?.total ?? last?.total)!.toLocaleString('en-GB')}` : ''} · ${status?.ms ?? last?.ms} ms · data as at ${last?.at ? formatAsAt(new Date(last.at)) : '—'}`
      : stateText;
    const error = status?.error ?? (!status ? last?.error : undefined);
    const again = el('button', { type: 'button', className: 'subtle', 'aria-label': `Refresh ${binding.title}` }, 'Refresh');
    again.addEventListener('click', () => busy(again, 'refresh-message', () => refreshEverything([binding.id])));
    return el('li', { 'data-state': status?.state ?? (last?.error ? 'error' : 'idle'), 'data-binding': binding.id },
      el('div', { className: 'item-head' }, el('span', { className: 'title' }, binding.title), again),
      el('span', { className: 'meta' }, `${binding.target.sheet}!${binding.target.anchor} · ${meta}`),
      ...(error ? [el('span', { className: 'error' }, error)] : []));
  }));
}

export async function refreshEverything(only?: string[]): Promise<void> {
  const deps = hubDeps();
  const store = await loadStore();
  if (!store.bindings.length) return say('refresh-message', 'There is nothing to refresh yet.', 'info');
  const count = only?.length ?? store.bindings.length;
  const controller = new AbortController();
  state.refreshing = controller;
  const cancel = $<HTMLButtonElement>('cancel-refresh');
  const progress = $<HTMLProgressElement>('refresh-progress');
  cancel.disabled = false;
  progress.hidden = false;
  progress.max = count;
  say('refresh-message', `Refreshing ${plural(count, 'binding')}…`);
  try {
    const result = await refreshAll(store, { ...deps, signal: controller.signal, onProgress: (p) => say('refresh-message', `Writing rows ${p.rowsWritten} of ${p.totalRows}…`) }, (statuses) => {
      progress.value = statuses.filter((s) => s.state === 'done' || s.state === 'error').length;
      renderBindings(statuses);
    }, only);
    state.store = result.store;
    renderBindings(result.statuses);
    const failed = result.statuses.filter((s) => s.state === 'error');
    if (failed.length) say('refresh-message', `Done: ${result.statuses.length - failed.length} of ${result.statuses.length} refreshed; ${failed.length} failed (see below).`, 'error');
    else say('refresh-message', only ? `Done: ${result.statuses.map((s) => s.title).join(', ')} refreshed.` : `Done: ${result.statuses.length === 1 ? '1 binding' : `all ${result.statuses.length} bindings`} refreshed.`, 'success');
  } catch (error) {
    say('refresh-message', error instanceof WriteCancelled ? error.message : errorText(error), 'error');
  } finally {
    cancel.disabled = true;
    progress.hidden = true;
    state.refreshing = undefined;
  }
}

export function wireRefreshTab(): void {
  $('refresh-all').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'refresh-message', () => refreshEverything()));
  $('cancel-refresh').addEventListener('click', () => state.refreshing?.abort());
}
