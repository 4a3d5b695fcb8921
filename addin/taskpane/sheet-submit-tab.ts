/**
 * The Templates tab's write-back beyond the shares: Review and Submit for the establishment and
 * funding-risk register sheets (the hub's dry run first), and Agree and Reopen for the cost-share
 * plan. Each is offered only to roles the hub says may use it; otherwise disabled with the reason.
 */
import { setPlanStatus } from '../cost-share-submit.js';
import { describeHubError } from '../hub-client.js';
import { renderBindings } from './refresh-tab.js';
import { sheetKindOf, type SheetRole } from '../sheet-submit/sheet-kinds.js';
import { reviewSheet, submitSheet, summary, type SheetReview } from '../sheet-submit/submit.js';
import type { Template } from '../templates.js';
import { $, busy, el, focusOn, hubDeps, loadStore, plural, say, state } from './pane.js';

let review: SheetReview | undefined;
let role: SheetRole | undefined;

const ROLE_NAMES: Record<string, string> = { ADMIN: 'an admin', FINANCE: 'a finance', ANALYST: 'an analyst', BOARD: 'a board', CASE_MANAGER: 'a case manager' };

/** Null when the connected token may call the mutation; otherwise why not, for the pane to show. */
export function refusal(mutation: string, what: string): string | null {
  const viewer = state.viewer;
  if (!viewer) return 'Connect to a hub first.';
  return viewer.mutations.includes(mutation) ? null : `${ROLE_NAMES[viewer.role] ?? viewer.role} token may not ${what}: ask a finance officer.`.replace(/^./, (c) => c.toUpperCase());
}

function permit(buttons: string[], mutation: string, what: string, hintId: string): void {
  const reason = refusal(mutation, what);
  for (const id of buttons) {
    const button = $<HTMLButtonElement>(id);
    button.dataset.refused = reason ? 'true' : '';
    button.disabled = Boolean(reason);
    button.title = reason ?? '';
  }
  $(hintId).textContent = reason ?? '';
}

/** Shows the submit controls that fit the chosen template, enabled for the roles allowed to use them. */
export function showSheetSubmit(template: Template): void {
  const section = template.sections.find((s) => sheetKindOf(s.role));
  role = section ? sheetKindOf(section.role)!.role : undefined;
  review = undefined;
  $('sheet-submit-area').hidden = !role;
  $('sheet-diff').replaceChildren();
  say('sheet-message', '');
  if (role) {
    $('sheet-submit-heading').textContent = `Submit the edited ${sheetKindOf(role)!.noun}s`;
    $<HTMLButtonElement>('submit-sheet').disabled = true;
    permit(['review-sheet'], sheetKindOf(role)!.mutation, `change the ${sheetKindOf(role)!.noun}s`, 'sheet-permission');
  }
  if (template.id === 'cost-share-plan') {
    permit(['review-draft'], 'saveCostShareDraft', 'submit a draft cost share', 'draft-permission');
    permit(['agree-plan'], 'agreeCostShare', 'agree a cost share', 'agree-plan-permission');
    permit(['reopen-plan'], 'reopenCostShare', 'reopen a cost share', 'reopen-plan-permission');
  }
}

function changeTable(result: NonNullable<SheetReview['result']>, headers: SheetReview['headers']): HTMLTableElement {
  const table = el('table', { className: 'grid' });
  table.append(el('thead', {}, el('tr', {}, ...['Row', 'What', 'Change'].map((h) => el('th', { scope: 'col' }, h)))));
  const shown = result.rows.filter((r) => r.action !== 'UNCHANGED');
  const verb = { CREATE: 'Add', UPDATE: 'Change', DELETE: 'Remove', UNCHANGED: '' };
  table.append(el('tbody', {}, ...shown.map((r) => el('tr', { 'data-action': r.action },
    el('td', { className: 'num' }, r.row === null ? '—' : String(r.row)),
    el('td', {}, `${verb[r.action]} ${r.label ?? ''}`.trim()),
    el('td', {}, r.changes.map((c) => {
      const column = headers[c.field] ?? c.field;
      return r.action === 'UPDATE' ? `${column}: ${c.from ?? '—'} → ${c.to ?? '—'}` : `${column}: ${(r.action === 'DELETE' ? c.from : c.to) ?? '—'}`;
    }).join('; '))))));
  return table;
}

async function reviewEdited(): Promise<void> {
  if (!role) return;
  $<HTMLButtonElement>('submit-sheet').disabled = true;
  review = undefined;
  $('sheet-diff').replaceChildren();
  const result = await reviewSheet(role, await loadStore(), { ...hubDeps() });
  if (result.problems.length) {
    $('sheet-diff').replaceChildren(el('ul', { className: 'problems' }, ...result.problems.map((p) => el('li', {}, p))));
    return say('sheet-message', `Nothing can be submitted yet: ${plural(result.problems.length, 'problem')} to fix in the sheet.`, 'error');
  }
  $('sheet-diff').replaceChildren(changeTable(result.result!, result.headers));
  const changes = result.result!.added + result.result!.updated + result.result!.removed;
  if (!changes) return say('sheet-message', `The sheet matches the hub: nothing to submit (${summary(result.result!)}).`, 'info');
  review = result;
  $<HTMLButtonElement>('submit-sheet').disabled = false;
  const partnership = state.partnerships.find((p) => p.code === result.partnership)?.name ?? result.partnership;
  say('sheet-message', `Ready to submit ${partnership} ${result.financialYear}: ${summary(result.result!)}. Press Submit to hub.`, 'info');
}

async function submitEdited(): Promise<void> {
  const reviewed = review;
  if (!reviewed) throw new Error('Review the changes first.');
  $<HTMLButtonElement>('submit-sheet').disabled = true;
  review = undefined;
  try {
    const saved = await submitSheet(reviewed, await loadStore(), { ...hubDeps() });
    state.store = saved.store;
    say('sheet-message', `Submitted: ${summary(saved.result)}. The sheet shows the hub's records now.`, 'success');
    renderBindings();
  } catch (error) {
    say('sheet-message', describeHubError(error), 'error');
  }
}

async function planStatus(action: 'agree' | 'reopen'): Promise<void> {
  const done = await setPlanStatus(action, await loadStore(), { ...hubDeps() }, $<HTMLInputElement>('agree-note').value);
  state.store = done.store;
  renderBindings();
  say('plan-message', action === 'agree'
    ? `Agreed: version ${done.planVersion} of the plan is frozen as agreed.`
    : `Reopened: version ${done.planVersion} is a new draft; the agreed version stays as it was.`, 'success');
}

export function wireSheetSubmit(): void {
  $('review-sheet').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'sheet-message', reviewEdited, { stale: ['sheet-diff'] }));
  $('submit-sheet').addEventListener('click', () => void submitEdited().finally(() => focusOn('sheet-message')));
  $('agree-plan').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'plan-message', () => planStatus('agree')));
  $('reopen-plan').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'plan-message', () => planStatus('reopen')));
}
