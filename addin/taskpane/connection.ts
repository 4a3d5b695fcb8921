/** The Connection card: the hub's address and token, kept on this computer; connecting loads the catalogue. */
import { saveConnection } from '../connection-store.js';
import { createHubClient, describeHubError } from '../hub-client.js';
import { $, busy, say, state, type SavedReport } from './pane.js';
import { renderReports } from './reports-tab.js';
import { renderTemplates } from './templates-tab.js';

const CATALOGUE = `{ reports { name title description query variables } partnerships { code name } financialYears { label } viewer { role mutations } }`;

export async function connect(url: string, token: string): Promise<void> {
  const badge = $('connection-badge');
  say('connect-message', 'Connecting…');
  const client = createHubClient({ url, token });
  try {
    const data = await client.request<{ reports: SavedReport[]; partnerships: { code: string; name: string }[]; financialYears: { label: string }[]; viewer: { role: string; mutations: string[] } }>(CATALOGUE);
    await saveConnection({ url, token });
    Object.assign(state, { client, url, reports: data.reports, partnerships: data.partnerships, years: data.financialYears.map((y) => y.label), viewer: data.viewer });
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

export function wireConnection(): void {
  const url = $<HTMLInputElement>('server-url');
  const token = $<HTMLInputElement>('token');
  url.value = location.origin.startsWith('http') ? location.origin : '';
  $('connect-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void busy($<HTMLButtonElement>('connect-button'), 'connect-message', () => connect(url.value, token.value));
  });
}
