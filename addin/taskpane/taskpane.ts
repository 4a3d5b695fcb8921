/**
 * The task pane: wires the DOM to the add-in's modules and nothing else. Logic lives in the pure
 * modules (refresh, templates, cost-share-submit…) and Excel calls in excel-workbook.ts.
 */
/// <reference types="office-js" />
import './taskpane.css';
import { emptyStore, type BindingStore } from '../binding.js';
import { WriteCancelled, type ChunkProgress } from '../chunking.js';
import { loadConnection, saveConnection } from '../connection-store.js';
import { reviewDraft, submitDraft, type DraftReview } from '../cost-share-submit.js';
import { excelWorkbook } from '../excel-workbook.js';
import { createHubClient, describeHubError, type HubClient } from '../hub-client.js';
import { insertAtSelection, type InsertRequest } from '../insert.js';
import { refreshAll, errorText, formatAsAt, type RefreshStatus } from '../refresh.js';
import { toTable, type NestedLayout } from '../result-table.js';
import { buildTemplate, TEMPLATES, type Template } from '../templates.js';
import { coerceToType, declaredVariables } from '../variables.js';

interface SavedReport {
  name: string;
  title: string;
  description: string;
  query: string;
  variables: string;
}

const CATALOGUE = `{ reports { name title description query variables } partnerships { code name } financialYears { label } }`;

const state: {
  client?: HubClient;
  url: string;
  reports: SavedReport[];
  partnerships: { code: string; name: string }[];
  years: string[];
  store: BindingStore | null;
  draft?: DraftReview;
  refreshing?: AbortController;
} = { url: '', reports: [], partnerships: [], years: [], store: null };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'for') node.setAttribute(key, String(value));
    else (node as unknown as Record<string, unknown>)[key] = value;
  }
  node.append(...children);
  return node;
}

function say(id: string, text: string, kind: 'info' | 'error' | 'success' = 'info'): void {
  const node = $(id);
  node.textContent = text;
  if (text) node.dataset.kind = kind;
  else delete node.dataset.kind;
}

/** Runs a button's work with the button disabled, showing any failure where the user is looking. */
async function busy(button: HTMLButtonElement, messageId: string, work: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    say(messageId, describeHubError(error), 'error');
  } finally {
    button.disabled = false;
  }
}

function requireClient(): HubClient {
  if (!state.client) throw new Error('Connect to a hub first.');
  return state.client;
}

// ---- tabs (arrow keys move between tabs, as in Office panes)
function setupTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')!).hidden = !selected;
    }
    tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (event.key === 'Home') select(tabs[0]);
      else if (event.key === 'End') select(tabs[tabs.length - 1]);
      else if (step) select(tabs[(index + step + tabs.length) % tabs.length]);
    });
  });
}

// ---- connect
async function connect(url: string, token: string): Promise<void> {
  const badge = $('connection-badge');
  say('connect-message', 'Connecting…');
  const client = createHubClient({ url, token });
  try {
    const data = await client.request<{ reports: SavedReport[]; partnerships: { code: string; name: string }[]; financialYears: { label: string }[] }>(CATALOGUE);
    await saveConnection({ url, token });
    Object.assign(state, { client, url, reports: data.reports, partnerships: data.partnerships, years: data.financialYears.map((y) => y.label) });
    badge.textContent = 'Connected';
    badge.dataset.state = 'on';
    say('connect-message', `Connected to ${url}: ${data.reports.length} saved reports, ${data.partnerships.length} partnerships.`, 'success');
    $('connect-summary').textContent = url;
    $<HTMLDetailsElement>('connect-card').open = false;
    renderReports();
    renderTemplates();
  } catch (error) {
    $<HTMLDetailsElement>('connect-card').open = true;
    badge.textContent = 'Not connected';
    badge.dataset.state = 'error';
    say('connect-message', describeHubError(error), 'error');
  }
}

// ---- variable inputs (dropdowns for partnership and year, optional binding to a named cell)
function variableRow(prefix: string, name: string, type: string, initial: unknown, allowCell: boolean, label?: string): HTMLElement {
  const id = `${prefix}-${name}`;
  let input: HTMLInputElement | HTMLSelectElement;
  const options = name === 'partnership' ? state.partnerships.map((p) => [p.code, `${p.name} (${p.code})`]) : name === 'financialYear' ? state.years.map((y) => [y, y]) : null;
  if (options) {
    input = el('select', { id, name });
    for (const [value, label] of options) input.append(el('option', { value, selected: value === initial }, label));
  } else {
    input = el('input', { id, name, type: 'text', value: initial === undefined ? '' : typeof initial === 'string' ? initial : JSON.stringify(initial) });
  }
  input.dataset.variable = name;
  input.dataset.type = type;
  const row = el('div', { className: 'var-row' }, el('label', { for: id }, ...(label ? [label] : [`${name} `, el('span', { className: 'hint' }, type)])), input);
  if (allowCell) {
    const check = el('input', { type: 'checkbox', id: `${id}-bind` });
    const cellName = el('input', { type: 'text', id: `${id}-cell`, className: 'cell-name', value: name.charAt(0).toUpperCase() + name.slice(1), 'aria-label': `Name of the cell that holds ${name}` });
    check.addEventListener('change', () => row.classList.toggle('bound', check.checked));
    row.append(el('label', { className: 'inline', for: check.id }, check, ' From a named cell (change the cell, then Refresh all)'), cellName);
  }
  return row;
}

function variableValues(container: HTMLElement): { values: Record<string, unknown>; cells: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const cells: Record<string, string> = {};
  for (const input of container.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-variable]')) {
    const name = input.dataset.variable!;
    try {
      values[name] = coerceToType(input.value.trim(), input.dataset.type!);
    } catch (error) {
      throw new Error(`Variable ${name}: ${(error as Error).message}`);
    }
    const bind = container.querySelector<HTMLInputElement>(`#${input.id}-bind`);
    if (bind?.checked) cells[name] = container.querySelector<HTMLInputElement>(`#${input.id}-cell`)!.value.trim();
  }
  return { values, cells };
}

// ---- reports
function renderReports(): void {
  const select = $<HTMLSelectElement>('report');
  select.replaceChildren(...state.reports.map((r) => el('option', { value: r.name }, r.title)));
  const show = () => {
    const report = state.reports.find((r) => r.name === select.value);
    $('report-description').textContent = report?.description ?? '';
    const fieldset = $('report-variables');
    fieldset.replaceChildren(el('legend', {}, 'Variables'));
    const examples = report ? (JSON.parse(report.variables) as Record<string, unknown>) : {};
    for (const v of report ? declaredVariables(report.query) : []) fieldset.append(variableRow('rv', v.name, v.type, examples[v.name], true));
    if (fieldset.children.length === 1) fieldset.append(el('p', { className: 'hint' }, 'This report has no variables.'));
  };
  select.onchange = show;
  show();
}

const layoutOf = (name: string) => (document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 'rows') as NestedLayout;

async function loadStore(): Promise<BindingStore> {
  state.store = (await excelWorkbook.readBindings()) ?? emptyStore(state.url);
  return state.store;
}

async function insertBinding(request: InsertRequest, messageId: string): Promise<void> {
  say(messageId, `Inserting ${request.title}…`);
  const onProgress = (p: ChunkProgress) => say(messageId, `Writing ${request.title}: ${p.rowsWritten} of ${p.totalRows} rows…`);
  const { store, binding } = await insertAtSelection(request, await loadStore(), { client: requireClient(), workbook: excelWorkbook, onProgress });
  state.store = store;
  const rows = binding.lastRefresh!.rows;
  say(messageId, `Inserted ${request.title} at ${binding.target.sheet}!${binding.target.anchor}: ${rows ? `${rows} rows` : 'no data for these variables yet'}.`, 'success');
  renderBindings();
}

// ---- query editor
function queryInput(): { query: string; variables: Record<string, unknown> } {
  const query = $<HTMLTextAreaElement>('query-text').value;
  const text = $<HTMLTextAreaElement>('query-variables').value.trim() || '{}';
  try {
    return { query, variables: JSON.parse(text) };
  } catch {
    throw new Error('The variables are not valid JSON, e.g. {"partnership": "barnet"}.');
  }
}

function previewTable(columns: string[], rows: unknown[][], limit = 20): HTMLTableElement {
  const table = el('table', { className: 'grid' });
  table.append(el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))));
  const body = el('tbody');
  for (const row of rows.slice(0, limit)) body.append(el('tr', {}, ...row.map((v) => el('td', { className: typeof v === 'number' ? 'num' : '' }, v === null ? '' : String(v)))));
  table.append(body);
  return table;
}

// ---- templates and submit
function renderTemplates(): void {
  const select = $<HTMLSelectElement>('template');
  select.replaceChildren(...TEMPLATES.map((t) => el('option', { value: t.id }, t.title)));
  const show = () => {
    const template = currentTemplate();
    $('template-description').textContent = template.description;
    const fieldset = $('template-inputs');
    fieldset.replaceChildren(el('legend', {}, 'For'));
    for (const input of template.inputs) fieldset.append(variableRow('tv', input.name, 'String!', input.choice ? undefined : '', false, input.label));
    fieldset.querySelectorAll<HTMLInputElement>('input[type="text"]').forEach((i) => (i.placeholder = template.inputs.find((x) => x.name === i.dataset.variable)?.placeholder ?? ''));
    $('submit-area').hidden = template.id !== 'cost-share-plan';
  };
  select.onchange = show;
  show();
}

const currentTemplate = (): Template => TEMPLATES.find((t) => t.id === $<HTMLSelectElement>('template').value) ?? TEMPLATES[0];

function diffTable(changes: DraftReview['changes']): HTMLTableElement {
  const table = el('table', { className: 'grid' });
  const signed = (n: number) => (n ? `${n > 0 ? '+' : ''}${n.toFixed(2)}` : '');
  table.append(el('thead', {}, el('tr', {}, ...['Agency', 'Hub %', 'Sheet %', 'Change'].map((h) => el('th', { scope: 'col' }, h)))));
  table.append(el('tbody', {}, ...changes.map((c) => el('tr', {},
    el('td', {}, c.agency),
    el('td', { className: 'num' }, c.hub?.toFixed(2) ?? '—'),
    el('td', { className: 'num' }, c.sheet?.toFixed(2) ?? '—'),
    el('td', { className: `num ${c.change > 0 ? 'up' : c.change < 0 ? 'down' : ''}` }, signed(c.change))))));
  return table;
}

async function review(): Promise<void> {
  $<HTMLButtonElement>('submit-draft').disabled = true;
  state.draft = undefined;
  const result = await reviewDraft(await loadStore(), { client: requireClient(), workbook: excelWorkbook });
  $('draft-diff').replaceChildren(diffTable(result.changes));
  if (result.problems.length) return say('submit-message', result.problems.join(' '), 'error');
  state.draft = result;
  $<HTMLButtonElement>('submit-draft').disabled = false;
  say('submit-message', `Ready to submit ${result.partnership} ${result.financialYear}: ${result.changes.filter((c) => c.change).length} share(s) change. Press Submit to hub.`, 'info');
}

async function submit(): Promise<void> {
  const draft = state.draft;
  if (!draft) throw new Error('Review the changes first.');
  $<HTMLButtonElement>('submit-draft').disabled = true;
  state.draft = undefined;
  try {
    const saved = await submitDraft(draft, await loadStore(), { client: requireClient(), workbook: excelWorkbook });
    state.store = saved.store;
    say('submit-message', `Submitted: the hub's draft is now version ${saved.version}, and the sheet shows it.`, 'success');
    renderBindings();
  } catch (error) {
    say('submit-message', describeHubError(error), 'error');
  }
}

// ---- refresh all
function renderBindings(statuses: RefreshStatus[] = []): void {
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
      ? `${stateText} · ${status?.rows ?? last?.rows} rows · ${status?.ms ?? last?.ms} ms · data as at ${last?.at ? formatAsAt(new Date(last.at)) : '—'}`
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

async function refreshEverything(only?: string[]): Promise<void> {
  const client = requireClient();
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
  say('refresh-message', `Refreshing ${count} binding${count === 1 ? '' : 's'}…`);
  try {
    const result = await refreshAll(store, { client, workbook: excelWorkbook, signal: controller.signal, onProgress: (p) => say('refresh-message', `Writing rows ${p.rowsWritten} of ${p.totalRows}…`) }, (statuses) => {
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

// ---- wiring
function wire(): void {
  setupTabs();
  const url = $<HTMLInputElement>('server-url');
  const token = $<HTMLInputElement>('token');
  url.value = location.origin.startsWith('http') ? location.origin : '';
  $('connect-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void busy($<HTMLButtonElement>('connect-button'), 'connect-message', () => connect(url.value, token.value));
  });
  $('insert-report').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'report-message', async () => {
      const report = state.reports.find((r) => r.name === $<HTMLSelectElement>('report').value);
      if (!report) throw new Error('Connect to a hub and pick a report first.');
      const { values, cells } = variableValues($('report-variables'));
      await insertBinding({ title: report.title, source: { kind: 'report', report: report.name, query: report.query }, values, cells, layout: layoutOf('report-layout') }, 'report-message');
    }),
  );
  $('preview-query').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'query-message', async () => {
      const { query, variables } = queryInput();
      const table = toTable(await requireClient().request(query, variables), layoutOf('query-layout'));
      $('query-preview').replaceChildren(previewTable(table.columns, table.rows));
      say('query-message', `${table.rows.length} rows${table.rows.length > 20 ? ' (first 20 shown)' : ''}.`, 'info');
    }),
  );
  $('insert-query').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'query-message', async () => {
      const { query, variables } = queryInput();
      const title = /^\s*query\s+(\w+)/m.exec(query)?.[1] ?? 'Query';
      await insertBinding({ title, source: { kind: 'query', query }, values: variables, cells: {}, layout: layoutOf('query-layout') }, 'query-message');
    }),
  );
  $('build-template').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'template-message', async () => {
      const template = currentTemplate();
      const { values } = variableValues($('template-inputs'));
      say('template-message', `Building ${template.title}…`);
      const failures: string[] = [];
      state.store = await buildTemplate(template, values as Record<string, string>, await loadStore(), { client: requireClient(), workbook: excelWorkbook }, (p) => {
        if (p.state === 'running') say('template-message', `Building ${template.title}: ${p.section}…`);
        if (p.state === 'error') failures.push(`${p.section}: ${p.error}`);
      });
      renderBindings();
      if (failures.length) say('template-message', `Built ${template.title}; the hub could not answer ${failures.join('; ')}`, 'error');
      else say('template-message', `Built the ${template.title} sheet. Change its input cells and press Refresh all to re-query.`, 'success');
    }),
  );
  $('review-draft').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'submit-message', review));
  $('submit-draft').addEventListener('click', () => void submit());
  $('refresh-all').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'refresh-message', () => refreshEverything()));
  $('cancel-refresh').addEventListener('click', () => state.refreshing?.abort());
}

async function start(): Promise<void> {
  wire();
  renderTemplates();
  const saved = await loadConnection();
  if (saved) {
    $<HTMLInputElement>('server-url').value = saved.url;
    $<HTMLInputElement>('token').value = saved.token;
    await connect(saved.url, saved.token);
  }
  try {
    await loadStore();
  } catch (error) {
    say('refresh-message', errorText(error), 'error');
  }
  renderBindings();
}

if (typeof Office !== 'undefined') {
  Office.onReady((info) => {
    if (info.host === Office.HostType.Excel) void start();
    else document.body.prepend(el('p', { className: 'message', 'data-kind': 'error' }, 'Open this pane from Excel: Home › IOM Hub.'));
  });
}
