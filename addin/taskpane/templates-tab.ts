/** The Templates tab: build a template sheet; on the cost-share plan, review the sheet's shares and submit them. */
import { reviewDraft, submitDraft, type DraftReview } from '../cost-share-submit.js';
import { describeHubError } from '../hub-client.js';
import { buildTemplate, TEMPLATES, type Template } from '../templates.js';
import { $, busy, el, focusOn, hubDeps, loadStore, plainParameter, plural, say, state, variableRow, variableValues } from './pane.js';
import { renderBindings } from './refresh-tab.js';
import { showSheetSubmit, wireSheetSubmit } from './sheet-submit-tab.js';

export function renderTemplates(): void {
  const select = $<HTMLSelectElement>('template');
  select.replaceChildren(...TEMPLATES.map((t) => el('option', { value: t.id }, t.title)));
  const show = () => {
    const template = currentTemplate();
    $('template-description').textContent = template.description;
    const fieldset = $('template-inputs');
    fieldset.replaceChildren(el('legend', {}, 'For'));
    for (const input of template.inputs) fieldset.append(variableRow('tv', { ...plainParameter(input.name, 'String!', input.label), choices: input.choices ?? [] }, input.choice || input.choices ? undefined : '', false, input.format));
    fieldset.querySelectorAll<HTMLInputElement>('input[type="text"]').forEach((i) => (i.placeholder = template.inputs.find((x) => x.name === i.dataset.variable)?.placeholder ?? ''));
    $('submit-area').hidden = template.id !== 'cost-share-plan';
    // What was said about the last template is not about this one.
    for (const id of ['template-message', 'submit-message', 'plan-message']) say(id, '');
    $('draft-diff').replaceChildren();
    showSheetSubmit(template);
  };
  select.onchange = show;
  show();
}

const currentTemplate = (): Template => TEMPLATES.find((t) => t.id === $<HTMLSelectElement>('template').value) ?? TEMPLATES[0];

function diffTable(changes: DraftReview['changes']): HTMLTableElement {
  const table = el('table', { className: 'grid' });
  const signed = (n: number, text: string) => (n ? `${n > 0 ? '+' : '−'}${text}` : '');
  const pounds = (n: number | null) => (n === null ? '—' : `£${Math.abs(n).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  const trend = (n: number) => `num ${n > 0 ? 'up' : n < 0 ? 'down' : ''}`;
  table.append(el('thead', {}, el('tr', {}, ...['Agency', 'Hub %', 'Sheet %', 'Change', 'Hub £', 'Sheet £', 'Change £'].map((h) => el('th', { scope: 'col' }, h)))));
  table.append(el('tbody', {}, ...changes.map((c) => el('tr', {},
    el('td', {}, c.name),
    el('td', { className: 'num' }, c.hub?.toFixed(2) ?? '—'),
    el('td', { className: 'num' }, c.sheet?.toFixed(2) ?? '—'),
    el('td', { className: trend(c.change) }, signed(c.change, Math.abs(c.change).toFixed(2))),
    el('td', { className: 'num' }, pounds(c.contributionHub)),
    el('td', { className: 'num' }, pounds(c.contributionSheet)),
    el('td', { className: trend(c.contributionChange) }, signed(c.contributionChange, pounds(c.contributionChange)))))));
  return table;
}

async function review(): Promise<void> {
  $<HTMLButtonElement>('submit-draft').disabled = true;
  state.draft = undefined;
  const result = await reviewDraft(await loadStore(), { ...hubDeps() });
  $('draft-diff').replaceChildren(diffTable(result.changes));
  if (result.problems.length) return say('submit-message', result.problems.join(' '), 'error');
  if (!result.changed) return say('submit-message', `The sheet matches the hub's ${result.financialYear} plan: 0 changes, nothing to submit.`, 'info');
  state.draft = result;
  $<HTMLButtonElement>('submit-draft').disabled = false;
  const partnership = state.partnerships.find((p) => p.code === result.partnership)?.name ?? result.partnership;
  say('submit-message', `Ready to submit ${partnership} ${result.financialYear}: ${plural(result.changed, 'share changes', 'shares change')}. Press Submit to hub.`, 'info');
}

async function submit(): Promise<void> {
  const draft = state.draft;
  if (!draft) throw new Error('Review the changes first.');
  $<HTMLButtonElement>('submit-draft').disabled = true;
  state.draft = undefined;
  try {
    const saved = await submitDraft(draft, await loadStore(), { ...hubDeps() });
    state.store = saved.store;
    say('submit-message', `Submitted: the hub's draft is now version ${saved.version}, and the sheet shows it.`, 'success');
    renderBindings();
  } catch (error) {
    say('submit-message', describeHubError(error), 'error');
  }
}

export function wireTemplatesTab(): void {
  $('build-template').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'template-message', async (signal) => {
      const template = currentTemplate();
      const { values } = variableValues($('template-inputs'));
      say('template-message', `Building ${template.title}…`);
      const failures: string[] = [];
      state.store = await buildTemplate(template, values as Record<string, string>, await loadStore(), { ...hubDeps(), signal }, (p) => {
        if (p.state === 'running') say('template-message', `Building ${template.title}: ${p.section}…`);
        if (p.state === 'error') failures.push(`${p.section}: ${p.error}`);
      });
      renderBindings();
      if (signal.aborted) return say('template-message', `Cancelled: ${template.title} stopped before its remaining sections; the sections already built stay, and Refresh all fills them later.`, 'error');
      if (failures.length) say('template-message', `Built ${template.title}; the hub could not answer ${failures.join('; ')}`, 'error');
      else say('template-message', `Built the ${template.title} sheet. Change its input cells and press Refresh all to re-query.`, 'success');
    }, { cancel: $<HTMLButtonElement>('cancel-template'), stale: ['submit-message', 'draft-diff', 'plan-message', 'sheet-message', 'sheet-diff'] }),
  );
  $('review-draft').addEventListener('click', (event) => busy(event.currentTarget as HTMLButtonElement, 'submit-message', review, { stale: ['draft-diff'] }));
  $('submit-draft').addEventListener('click', () => void submit().finally(() => focusOn('submit-message')));
  wireSheetSubmit();
}
