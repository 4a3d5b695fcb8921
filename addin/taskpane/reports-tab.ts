/** The Reports tab: a saved report, a parameter set or its variables (from a named cell if ticked), Insert at selection. */
import { declaredVariables } from '../variables.js';
import { insertBinding } from './insert-binding.js';
import { $, busy, el, layoutOf, maxRowsOf, plainParameter, say, state, variableRow, variableValues, type SavedReport } from './pane.js';

/** A parameter set as the picker lists it: whose it is, in words. */
function setLabel(set: NonNullable<SavedReport['parameterSets']>[number]): string {
  if (!set.partnership) return `${set.name} (yours)`;
  const partnership = state.partnerships.find((p) => p.code === set.partnership)?.name ?? set.partnership;
  return `${set.name} (shared with ${partnership})`;
}

export function renderReports(): void {
  const select = $<HTMLSelectElement>('report');
  const sets = $<HTMLSelectElement>('report-parameters');
  select.replaceChildren(...state.reports.map((r) => el('option', { value: r.name }, r.title)));
  const current = () => state.reports.find((r) => r.name === select.value);
  /** The variables, filled from the example (or, when one is picked, the parameter set). */
  const fill = () => {
    const report = current();
    const fieldset = $('report-variables');
    fieldset.replaceChildren(el('legend', {}, 'Variables'));
    // By position: a personal set and a shared one may have the same name.
    const set = sets.value === '' ? undefined : report?.parameterSets?.[Number(sets.value)];
    const examples = report ? (JSON.parse(report.variables) as Record<string, unknown>) : {};
    const values = set ? { ...examples, ...(JSON.parse(set.variables) as Record<string, unknown>) } : examples;
    const parameters = report ? (report.parameters ?? declaredVariables(report.query).map((v) => plainParameter(v.name, v.type))) : [];
    for (const parameter of parameters) fieldset.append(variableRow('rv', parameter, values[parameter.name], true));
    if (fieldset.children.length === 1) fieldset.append(el('p', { className: 'hint' }, 'This report has no variables.'));
  };
  const show = () => {
    const report = current();
    $('report-description').textContent = report?.description ?? '';
    say('report-message', '');
    const saved = report?.parameterSets ?? [];
    sets.replaceChildren(el('option', { value: '' }, saved.length ? 'None: fill in the variables below' : 'None saved for this report'), ...saved.map((s, i) => el('option', { value: String(i) }, setLabel(s))));
    sets.disabled = !saved.length;
    fill();
  };
  select.onchange = show;
  sets.onchange = () => {
    say('report-message', '');
    fill();
  };
  show();
}

export function wireReportsTab(): void {
  $('insert-report').addEventListener('click', (event) =>
    busy(event.currentTarget as HTMLButtonElement, 'report-message', async (signal) => {
      const report = state.reports.find((r) => r.name === $<HTMLSelectElement>('report').value);
      if (!report) throw new Error('Connect to a hub and pick a report first.');
      const { values, cells } = variableValues($('report-variables'));
      await insertBinding({ title: report.title, source: { kind: 'report', report: report.name, query: report.query }, values, cells, layout: layoutOf('report-layout'), maxRows: maxRowsOf('report-max-rows') }, 'report-message', signal);
    }, { cancel: $<HTMLButtonElement>('cancel-report') }),
  );
}
