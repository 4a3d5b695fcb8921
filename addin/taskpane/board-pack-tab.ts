/** Under Refresh: "Explain" a bound cell, "Freeze" the workbook's bindings at the hub, "Compare with live". */
import { compareWithLive, explainCell, freezeBindings, type ChangedCell } from '../board-pack.js';
import { excelWorkbook } from '../excel-workbook.js';
import { formatAsAt } from '../refresh.js';
import { $, busy, el, loadStore, plainParameter, plural, requireClient, say, state } from './pane.js';

const readCells = (names: string[]) => excelWorkbook.readNamedCells(names);

/** `{"partnership":"norfolk-suffolk","financialYear":"2014/15"}` in words, partnerships by name. */
function variablesText(variables: Record<string, unknown>): string {
  const named = (value: unknown) => (typeof value === 'string' ? (state.partnerships.find((p) => p.code === value)?.name ?? value) : JSON.stringify(value));
  const parts = Object.entries(variables).map(([name, value]) => `${plainParameter(name, '').label}: ${Array.isArray(value) ? value.map(named).join(', ') : named(value)}`);
  return parts.join('; ') || 'none';
}

async function explain(): Promise<void> {
  const store = await loadStore();
  const { sheet, cell } = await excelWorkbook.selection();
  const found = await explainCell(store, sheet, cell, readCells);
  const item = (term: string, ...detail: (Node | string)[]) => [el('dt', {}, term), el('dd', {}, ...detail)];
  const measures = found.measures.length
    ? found.measures.flatMap((m) => item(`${m.name}, version ${m.version}`, m.definition))
    : item('Measure', 'The hub keeps no measure definition for these fields: they are its records as stored.');
  $('explain-result').replaceChildren(
    el('dl', {},
      ...item('Table', `${found.title}${found.column ? ` · ${found.column}` : ''}`),
      ...measures,
      ...item('Data as at', found.dataAsAt ? formatAsAt(new Date(found.dataAsAt)) : '—'),
      ...item('Variables', variablesText(found.variables)),
      ...item('Query and variables hash (SHA-256)', el('span', { className: 'hash' }, found.queryHash ?? '—'))),
  );
  say('explain-message', `${sheet}!${cell} comes from ${found.title}${found.measures.length ? `: ${found.measures.map((m) => `${m.name} v${m.version}`).join(', ')}` : ''}.`, 'success');
}

/** "Snapshot as at …" for a frozen workbook; Compare with live only then. */
export function renderSnapshot(): void {
  const snapshot = state.store?.snapshot;
  $('snapshot-status').textContent = snapshot
    ? `Snapshot as at ${formatAsAt(new Date(snapshot.takenAt))} (snapshot ${snapshot.id}): the hub keeps the figures it gave then. Freeze again to replace it.`
    : 'Not frozen: Freeze keeps at the hub the exact figures it gives every bound table now.';
  $<HTMLButtonElement>('compare-live').disabled = !snapshot;
}

async function freeze(): Promise<void> {
  const store = await loadStore();
  say('snapshot-message', `Freezing ${plural(store.bindings.length, 'bound table')}…`);
  const frozen = await freezeBindings(requireClient(), store, readCells);
  state.store = { ...store, snapshot: { id: frozen.id, takenAt: frozen.takenAt } };
  await excelWorkbook.saveBindings(state.store);
  renderSnapshot();
  say('snapshot-message', `Frozen: snapshot as at ${formatAsAt(new Date(frozen.takenAt))}, ${plural(frozen.bindings.length, 'bound table')}.`, 'success');
}

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : typeof value === 'number' ? value.toLocaleString('en-GB', { maximumFractionDigits: 10 }) : String(value));

function changesTable(changes: ChangedCell[]): HTMLTableElement {
  return el('table', { className: 'grid' },
    el('thead', {}, el('tr', {}, ...['Cell', 'What', 'Frozen', 'Live'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...changes.map((c) => el('tr', {},
      el('td', {}, c.cell),
      el('td', {}, [c.row, c.column].filter(Boolean).join(' · ')),
      el('td', { className: typeof c.frozen === 'number' ? 'num' : '' }, shown(c.frozen)),
      el('td', { className: typeof c.live === 'number' ? 'num' : '' }, shown(c.live))))));
}

async function compare(): Promise<void> {
  const store = await loadStore();
  say('snapshot-message', 'Asking the hub for the live figures…');
  const { takenAt, changes } = await compareWithLive(requireClient(), store);
  const when = formatAsAt(new Date(takenAt));
  if (!changes.length) return say('snapshot-message', `No changes: the hub gives every bound figure as it did at ${when}.`, 'success');
  $('compare-result').replaceChildren(changesTable(changes));
  say('snapshot-message', `${plural(changes.length, 'cell')} changed since the snapshot as at ${when}:`, 'info');
}

export function wireBoardPack(): void {
  $('explain-cell').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'explain-message', explain, { stale: ['explain-result'] }));
  $('freeze-workbook').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'snapshot-message', freeze, { stale: ['compare-result'] }));
  $('compare-live').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'snapshot-message', compare, { stale: ['compare-result'] }));
}
