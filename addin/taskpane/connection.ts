/** The Connection card: the hub's address and token, kept on this computer; connecting loads the catalogue. */
import { saveConnection } from '../connection-store.js';
import { createHubClient, describeHubError, HubError, type HubClient } from '../hub-client.js';
import { lineageHeaders, type ClientForBinding } from '../lineage.js';
import { $, busy, plural, say, state, type SavedReport } from './pane.js';
import { renderReports } from './reports-tab.js';
import { renderTemplates } from './templates-tab.js';

const CATALOGUE = `{ reports { name title description query variables parameters { name label description type choices { value label } date } parameterSets { name variables owner partnership } } partnerships { code name } financialYears { label } viewer { role mutations } }`;

/** The badge tells what the last request found, not what Connect found once. */
function showReach(reached: boolean | 'refused'): void {
  const badge = $('connection-badge');
  badge.textContent = reached === 'refused' ? 'Token refused' : reached ? 'Connected' : 'Hub unreachable';
  badge.dataset.state = reached === true ? 'on' : 'error';
}

/** A client whose every request updates the badge: reached (any answer) or not (no answer at all). */
function watched(client: HubClient): HubClient {
  const watch = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      showReach(true);
      return result;
    } catch (error) {
      if (error instanceof HubError) showReach(error.kind === 'unreachable' ? false : error.kind === 'refused' ? 'refused' : true);
      throw error;
    }
  };
  return { send: (q, v, s) => watch(() => client.send(q, v, s)), request: (q, v, s) => watch(() => client.request(q, v, s)) };
}

export async function connect(url: string, token: string): Promise<void> {
  const badge = $('connection-badge');
  say('connect-message', 'Connecting…');
  const client = createHubClient({ url, token });
  try {
    const data = await client.request<{ reports: SavedReport[]; partnerships: { code: string; name: string }[]; financialYears: { label: string }[]; viewer: { role: string; mutations: string[] } }>(CATALOGUE);
    await saveConnection({ url, token });
    const forBinding: ClientForBinding = (lineage) => watched(createHubClient({ url, token }, undefined, lineageHeaders(lineage)));
    Object.assign(state, { client: watched(client), forBinding, url, reports: data.reports, partnerships: data.partnerships, years: data.financialYears.map((y) => y.label), viewer: data.viewer });
    showReach(true);
    say('connect-message', `Connected to ${url}: ${plural(data.reports.length, 'saved report')}, ${plural(data.partnerships.length, 'partnership')}.`, 'success');
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
    void busy($<HTMLButtonElement>('connect-button'), 'connect-message', () => connect(url.value, token.value)).then(() => {
      // Connected: on to the first thing to do; otherwise the message says why not.
      if ($('connection-badge').dataset.state === 'on') $('tab-reports').focus();
    });
  });
}
