/** What the tabs of the pane share: the connection and workbook state, DOM helpers, variable inputs. */
import { emptyStore, reportOf, withWorkbookId, type Binding, type BindingStore } from '../binding.js';
import { bindingClient, type ClientForBinding } from '../lineage.js';
import type { DraftReview } from '../cost-share-submit.js';
import { excelWorkbook } from '../excel-workbook.js';
import { WriteCancelled } from '../chunking.js';
import { describeHubError, type HubClient } from '../hub-client.js';
import type { NestedLayout } from '../result-table.js';
import { coerceToType } from '../variables.js';

export interface SavedReport {
  name: string;
  title: string;
  description: string;
  query: string;
  variables: string;
  parameters?: Parameter[];
  /** Its parameter sets the token may use: its own (partnership null) and those shared with its partnerships. */
  parameterSets?: { name: string; variables: string; owner: string; partnership: string | null }[];
}

export const state: {
  client?: HubClient;
  url: string;
  reports: SavedReport[];
  partnerships: { code: string; name: string }[];
  years: string[];
  store: BindingStore | null;
  draft?: DraftReview;
  /** The connected token: its role and the mutations the hub says it may call. */
  viewer?: { role: string; mutations: string[] };
  refreshing?: AbortController;
  /** The client for one binding's requests: they name the workbook and the binding (set on connecting). */
  forBinding?: ClientForBinding;
} = { url: '', reports: [], partnerships: [], years: [], store: null };

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'for') node.setAttribute(key, String(value));
    else (node as unknown as Record<string, unknown>)[key] = value;
  }
  node.append(...children);
  return node;
}

export function say(id: string, text: string, kind: 'info' | 'error' | 'success' = 'info'): void {
  const node = $(id);
  node.textContent = text;
  if (text) node.dataset.kind = kind;
  else delete node.dataset.kind;
}

/** `1 row`, `2 rows`, `1,234 partnerships`. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Moves focus to a message (or a result) so the person hears and sees what happened. */
export function focusOn(id: string): void {
  const node = $(id);
  if (!node) return;
  if (!node.hasAttribute('tabindex')) node.tabIndex = -1;
  node.focus();
}

/**
 * Runs a button's work: the old message and `stale` content cleared first, the button disabled
 * and the Cancel button (if any) live while it runs, any failure shown where the user is looking,
 * and focus moved to the message when it ends.
 */
export async function busy(button: HTMLButtonElement, messageId: string, work: (signal: AbortSignal) => Promise<void>, { cancel, stale = [] }: { cancel?: HTMLButtonElement; stale?: string[] } = {}): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  say(messageId, '');
  for (const id of stale) $(id).replaceChildren();
  button.disabled = true;
  if (cancel) {
    cancel.disabled = false;
    cancel.addEventListener('click', stop);
  }
  try {
    await work(controller.signal);
  } catch (error) {
    const cancelled = error instanceof WriteCancelled || (error as Error)?.name === 'AbortError';
    say(messageId, cancelled ? new WriteCancelled().message : describeHubError(error), 'error');
  } finally {
    button.disabled = false;
    if (cancel) {
      cancel.disabled = true;
      cancel.removeEventListener('click', stop);
    }
    focusOn(messageId);
  }
}

export function requireClient(): HubClient {
  if (!state.client) throw new Error('Connect to a hub first.');
  return state.client;
}

// ---- variable inputs (lists for partnerships, years and fixed choices, calendars for dates, optional binding to a named cell)

/** A report variable as the hub describes it (`SavedReport.parameters`). */
export interface Parameter {
  name: string;
  label: string;
  description: string | null;
  type: string;
  choices: { value: string; label: string }[];
  date: boolean;
}

export function variableRow(prefix: string, parameter: Parameter, initial: unknown, allowCell: boolean, format?: 'date' | 'month'): HTMLElement {
  const { name, type } = parameter;
  const id = `${prefix}-${name}`;
  let input: HTMLInputElement | HTMLSelectElement;
  const fixed = parameter.choices.length ? parameter.choices.map((c): [string, string] => [c.value, c.label]) : null;
  const options = name === 'partnership' ? state.partnerships.map((p): [string, string] => [p.code, p.name]) : name === 'financialYear' ? state.years.map((y): [string, string] => [y, y]) : fixed;
  if (options) {
    input = el('select', { id, name });
    if (!type.endsWith('!')) input.append(el('option', { value: '', selected: initial === undefined }, '(any)'));
    for (const [value, label] of options) input.append(el('option', { value, selected: value === initial }, label));
  } else {
    const kind = format ?? (parameter.date ? 'date' : /^(Int|Float)!?$/.test(type) ? 'number' : 'text');
    input = el('input', { id, name, type: kind, value: initial === undefined || initial === null ? '' : typeof initial === 'string' ? initial : JSON.stringify(initial) });
  }
  input.dataset.variable = name;
  input.dataset.type = type;
  const hintId = `${id}-hint`;
  const described = parameter.description && !/^YYYY-MM(-DD)?\.?$/.test(parameter.description);
  if (described) input.setAttribute('aria-describedby', hintId);
  const row = el('div', { className: 'var-row' }, el('label', { for: id }, parameter.label), ...(described ? [el('p', { className: 'hint', id: hintId }, parameter.description!)] : []), input);
  if (allowCell) {
    const check = el('input', { type: 'checkbox', id: `${id}-bind` });
    const cellId = `${id}-cell`;
    const cellName = el('input', { type: 'text', id: cellId, className: 'cell-name', value: name.charAt(0).toUpperCase() + name.slice(1) });
    check.addEventListener('change', () => row.classList.toggle('bound', check.checked));
    row.append(
      el('label', { className: 'inline', for: check.id }, check, ' From a named cell (change the cell, then Refresh all)'),
      el('label', { className: 'cell-name', for: cellId }, `Name of the cell that holds ${parameter.label.toLowerCase()}`),
      cellName,
    );
  }
  return row;
}

/** A parameter the hub did not describe (an older hub, or a template input): its name in words. */
export const plainParameter = (name: string, type: string, label?: string): Parameter => ({ name, type, label: label ?? (name.charAt(0).toUpperCase() + name.slice(1).replace(/([a-z\d])([A-Z])/g, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`)), description: null, choices: [], date: false });

export function variableValues(container: HTMLElement): { values: Record<string, unknown>; cells: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const cells: Record<string, string> = {};
  for (const input of container.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-variable]')) {
    const name = input.dataset.variable!;
    try {
      const text = input.value.trim();
      // An optional variable left empty is left out, so the query's own default applies.
      if (text === '' && !input.dataset.type!.endsWith('!')) continue;
      values[name] = coerceToType(text, input.dataset.type!);
    } catch (error) {
      const label = container.querySelector(`label[for="${input.id}"]`)?.textContent ?? name;
      input.focus();
      throw new Error(`${label}: ${(error as Error).message}`);
    }
    const bind = container.querySelector<HTMLInputElement>(`#${input.id}-bind`);
    if (bind?.checked) cells[name] = container.querySelector<HTMLInputElement>(`#${input.id}-cell`)!.value.trim();
  }
  return { values, cells };
}

/** The row cap typed in a tab (`report-max-rows`…), checked. */
export function maxRowsOf(id: string): number {
  const input = $<HTMLInputElement>(id);
  const value = Number(input.value);
  if (!Number.isInteger(value) || value < 1) {
    input.focus();
    throw new Error(`Most rows to fetch: "${input.value}" is not a whole number above 0.`);
  }
  return value;
}

export const layoutOf = (name: string) => (document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 'rows') as NestedLayout;

/** The workbook's bindings, with the workbook's id (a new one, saved with the bindings next time, for a workbook that has none). */
export async function loadStore(): Promise<BindingStore> {
  state.store = withWorkbookId((await excelWorkbook.readBindings()) ?? emptyStore(state.url));
  return state.store;
}

/** The workbook's file name, as Excel knows it (none for a workbook never saved). */
function workbookTitle(): string | undefined {
  const url = (globalThis as { Office?: { context?: { document?: { url?: string } } } }).Office?.context?.document?.url;
  const name = url?.split(/[\\/]/).pop();
  if (!name) return undefined;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The hub and the workbook, as refreshing and inserting use them: each binding's query names the workbook, its title and the binding. */
export function hubDeps() {
  const client = requireClient();
  return { client, clientFor: (binding: Binding) => bindingClient(state.store ?? {}, binding.id, workbookTitle(), client, state.forBinding, reportOf(binding)), workbook: excelWorkbook };
}
