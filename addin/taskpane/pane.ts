/** What the tabs of the pane share: the connection and workbook state, DOM helpers, variable inputs. */
import { emptyStore, type BindingStore } from '../binding.js';
import type { DraftReview } from '../cost-share-submit.js';
import { excelWorkbook } from '../excel-workbook.js';
import { describeHubError, type HubClient } from '../hub-client.js';
import type { NestedLayout } from '../result-table.js';
import { coerceToType } from '../variables.js';

export interface SavedReport {
  name: string;
  title: string;
  description: string;
  query: string;
  variables: string;
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

/** Runs a button's work with the button disabled, showing any failure where the user is looking. */
export async function busy(button: HTMLButtonElement, messageId: string, work: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    say(messageId, describeHubError(error), 'error');
  } finally {
    button.disabled = false;
  }
}

export function requireClient(): HubClient {
  if (!state.client) throw new Error('Connect to a hub first.');
  return state.client;
}

// ---- variable inputs (dropdowns for partnership and year, optional binding to a named cell)
export function variableRow(prefix: string, name: string, type: string, initial: unknown, allowCell: boolean, label?: string): HTMLElement {
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

export function variableValues(container: HTMLElement): { values: Record<string, unknown>; cells: Record<string, string> } {
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

export const layoutOf = (name: string) => (document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 'rows') as NestedLayout;

export async function loadStore(): Promise<BindingStore> {
  state.store = (await excelWorkbook.readBindings()) ?? emptyStore(state.url);
  return state.store;
}
