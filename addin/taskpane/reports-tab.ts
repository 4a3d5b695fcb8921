/** The Reports tab: a saved report, its variables (from a named cell if ticked), Insert at selection. */
import { declaredVariables } from '../variables.js';
import { insertBinding } from './insert-binding.js';
import { $, busy, el, layoutOf, maxRowsOf, plainParameter, say, state, variableRow, variableValues } from './pane.js';

export function renderReports(): void {
  const select = $<HTMLSelectElement>('report');
  select.replaceChildren(...state.reports.map((r) => el('option', { value: r.name }, r.title)));
  const show = () => {
    const report = state.reports.find((r) => r.name === select.value);
    $('report-description').textContent = report?.description ?? '';
    say('report-message', '');
    const fieldset = $('report-variables');
    fieldset.replaceChildren(el('legend', {}, 'Variables'));
    const examples = report ? (JSON.parse(report.variables) as Record<string, unknown>) : {};
    const parameters = report ? (report.parameters ?? declaredVariables(report.query).map((v) => plainParameter(v.name, v.type))) : [];
    for (const parameter of parameters) fieldset.append(variableRow('rv', parameter, examples[parameter.name], true));
    if (fieldset.children.length === 1) fieldset.append(el('p', { className: 'hint' }, 'This report has no variables.'));
  };
  select.onchange = show;
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
