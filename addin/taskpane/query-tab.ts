/** The Query tab: any GraphQL query with JSON variables, Preview and Insert at selection. */
import { laidOut } from '../report-layout.js';
import { toTable, type HeaderStyle } from '../result-table.js';
import { insertBinding } from './insert-binding.js';
import { $, busy, el, layoutOf, maxRowsOf, plural, requireClient, say } from './pane.js';

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

const headersOf = () => (document.querySelector<HTMLInputElement>('input[name="query-headers"]:checked')?.value ?? 'labels') as HeaderStyle;

export function wireQueryTab(): void {
  $('preview-query').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'query-message', async (signal) => {
      const { query, variables } = queryInput();
      const client = requireClient();
      const { layout, data } = await laidOut(client, query, variables, signal);
      const table = toTable(data, layout, { layout: layoutOf('query-layout'), headers: headersOf() });
      const box = $('query-preview');
      box.replaceChildren(previewTable(table.columns.map((c) => c.header), table.rows));
      // A table wider than the pane scrolls inside its box: say so, and let the keyboard scroll it.
      if (box.scrollWidth > box.clientWidth) box.prepend(el('p', { className: 'hint' }, `Scroll sideways to see all ${plural(table.columns.length, 'column')}.`));
      say('query-message', `${plural(table.rows.length, 'row')}${table.rows.length > 20 ? ' (first 20 shown)' : ''}.`, 'info');
    }, { cancel: $<HTMLButtonElement>('cancel-query'), stale: ['query-preview'] }),
  );
  $('insert-query').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'query-message', async (signal) => {
      const { query, variables } = queryInput();
      const title = /^\s*query\s+(\w+)/m.exec(query)?.[1] ?? 'Query';
      await insertBinding({ title, source: { kind: 'query', query }, values: variables, cells: {}, layout: layoutOf('query-layout'), headers: headersOf(), maxRows: maxRowsOf('query-max-rows') }, 'query-message', signal);
    }, { cancel: $<HTMLButtonElement>('cancel-query'), stale: ['query-preview'] }),
  );
}
