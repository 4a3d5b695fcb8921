/**
 * The task pane: wires the DOM to the add-in's modules and nothing else. Each tab wires its own
 * controls (connection.ts, reports-tab.ts, templates-tab.ts, query-tab.ts, refresh-tab.ts, over
 * pane.ts); this entry starts them. Logic lives in the pure modules (refresh, templates,
 * cost-share-submit…) and Excel calls in excel-workbook.ts.
 */
/// <reference types="office-js" />
import './taskpane.css';
import { loadConnection } from '../connection-store.js';
import { errorText } from '../refresh.js';
import { missingRequirement } from '../requirements.js';
import { connect, wireConnection } from './connection.js';
import { $, el, loadStore, say } from './pane.js';
import { renderSnapshot, wireBoardPack } from './board-pack-tab.js';
import { wireQueryTab } from './query-tab.js';
import { renderBindings, wireRefreshTab } from './refresh-tab.js';
import { wireReportsTab } from './reports-tab.js';
import { setupTabs } from './tabs.js';
import { renderTemplates, wireTemplatesTab } from './templates-tab.js';

function wire(): void {
  setupTabs();
  wireConnection();
  wireReportsTab();
  wireQueryTab();
  wireTemplatesTab();
  wireRefreshTab();
  wireBoardPack();
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
  renderSnapshot();
}

/** An Excel that cannot run the add-in: say why, and leave nothing to press. */
function refuse(message: string): void {
  const notice = el('p', { className: 'message', id: 'requirement-message', role: 'alert', tabIndex: -1, 'data-kind': 'error' }, message);
  document.body.prepend(notice);
  for (const control of document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input, select, textarea')) control.disabled = true;
  notice.focus();
}

if (typeof Office !== 'undefined') {
  Office.onReady((info) => {
    const missing = info.host === Office.HostType.Excel ? missingRequirement(Office.context?.requirements) : undefined;
    if (missing) refuse(missing);
    else if (info.host === Office.HostType.Excel) void start();
    else document.body.prepend(el('p', { className: 'message', 'data-kind': 'error' }, 'Open this pane from Excel: Home › IOM Hub.'));
  });
}
