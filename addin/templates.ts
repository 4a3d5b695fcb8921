/**
 * Templates build a whole sheet: a heading, the variables as named input cells, and one bound
 * table per section, so changing an input cell and pressing Refresh all re-queries every section.
 */
import { emptyStore, tableNameFor, upsertBinding, type Binding, type BindingStore } from './binding.js';
import { errorText, runBinding, type RefreshDeps } from './refresh.js';
import { ESTABLISHMENT_LINES, FUNDING_RISKS } from './sheet-submit/sheet-kinds.js';

export interface TemplateSection {
  key: string;
  title: string;
  query: string;
  /** A table a finance officer edits and submits (see Binding.role). */
  role?: Binding['role'];
  chart?: { title: string };
}

export interface TemplateInput {
  name: string;
  label: string;
  /** Filled from the hub's partnerships or financial years, or typed. */
  choice?: 'partnership' | 'financialYear';
  placeholder?: string;
}

export interface Template {
  id: string;
  title: string;
  description: string;
  sheet: string;
  inputs: TemplateInput[];
  sections: TemplateSection[];
}

const PY = '$partnership: String!, $financialYear: String!';
const ARGS = 'partnership: $partnership, financialYear: $financialYear';
const MTP = '$partnership: String!, $financialYear: String!, $years: Int!, $payAwardPercent: Float, $incrementsPercent: Float, $nonPayInflationPercent: Float';
const MTP_ARGS =
  'partnership: $partnership, from: $financialYear, years: $years, assumptions: { payAwardPercent: $payAwardPercent, incrementsPercent: $incrementsPercent, nonPayInflationPercent: $nonPayInflationPercent }';
const PARTNERSHIP: TemplateInput = { name: 'partnership', label: 'Partnership', choice: 'partnership' };
const YEAR: TemplateInput = { name: 'financialYear', label: 'Financial year', choice: 'financialYear' };

export const TEMPLATES: Template[] = [
  {
    id: 'cost-share-plan',
    title: 'Cost-share plan',
    description: 'Establishment lines, non-pay costs, each partner’s share and contribution, and the funding position. Edit the draft shares, then Review and Submit.',
    sheet: 'Cost share plan',
    inputs: [PARTNERSHIP, YEAR],
    sections: [
      { key: 'lines', title: 'Establishment lines', query: `query PlanEstablishment(${PY}) { establishment(${ARGS}) { lines { grade kind fte budget employingAgency { name } budgetBasis } } }` },
      { key: 'nonpay', title: 'Non-pay costs', query: `query PlanNonPay(${PY}) { establishment(${ARGS}) { nonPayLines { category description quantity unitCost amount } } }` },
      { key: 'shares', title: 'Shares and contributions (draft: edit shares.percent, or shares.weight on a pro-rata basis, then Submit)', role: 'cost-share-draft', query: `query PlanShares(${PY}) { costShare(${ARGS}) { version status basis total shares { agencyCode agency weight percent contribution } } }` },
      { key: 'position', title: 'Funding position', query: `query PlanPosition(${PY}) { fundingPosition(${ARGS}) { plannedCost confirmed expected atRisk gap worstCaseGap riskExposure } }` },
    ],
  },
  {
    id: 'establishment-budget',
    title: 'Establishment budget',
    description: 'FTE and baseline budget by rank or scale, with totals and non-pay costs. Edit the posts, then Review and Submit.',
    sheet: 'Establishment budget',
    inputs: [PARTNERSHIP, YEAR],
    sections: [
      { key: 'totals', title: 'Totals', query: `query BudgetTotals(${PY}) { establishment(${ARGS}) { totalFte totalBudget nonPayTotal } }` },
      { key: 'lines', title: 'Posts (edit, add or delete rows, then Review and Submit)', role: 'establishment-lines', query: ESTABLISHMENT_LINES.query },
      { key: 'nonpay', title: 'Non-pay costs', query: `query BudgetNonPay(${PY}) { establishment(${ARGS}) { nonPayLines { category description quantity unitCost amount } } }` },
    ],
  },
  {
    id: 'funding-risk-register',
    title: 'Funding-risk register',
    description: 'The risks to the year’s funding with their exposure, and the funding position they bear on. Edit the risks, then Review and Submit.',
    sheet: 'Funding risks',
    inputs: [PARTNERSHIP, YEAR],
    sections: [
      { key: 'risks', title: 'Funding risks (edit, add or delete rows, then Review and Submit)', role: 'funding-risks', query: FUNDING_RISKS.query },
      { key: 'streams', title: 'Funding streams', query: `query RegisterStreams(${PY}) { fundingStreams(${ARGS}) { funder purpose amountAgreed amountExpected endDate certainty } }` },
      { key: 'position', title: 'Funding position', query: `query RegisterPosition(${PY}) { fundingPosition(${ARGS}) { plannedCost confirmed expected atRisk gap riskExposure } }` },
    ],
  },
  {
    id: 'medium-term-plan',
    title: 'Medium-term plan',
    description: 'Cost, funding and the gap year by year over 3 to 5 years, with the gap if the stated risks materialise, and each agency’s contribution, under the pay award, increments and non-pay inflation you set (percent a year).',
    sheet: 'Medium-term plan',
    inputs: [
      PARTNERSHIP,
      { ...YEAR, label: 'From financial year' },
      { name: 'years', label: 'Years (3 to 5)', placeholder: '4' },
      { name: 'payAwardPercent', label: 'Pay award % a year', placeholder: '1' },
      { name: 'incrementsPercent', label: 'Increments % a year', placeholder: '1.5' },
      { name: 'nonPayInflationPercent', label: 'Non-pay inflation % a year', placeholder: '2' },
    ],
    sections: [
      { key: 'years', title: 'Year by year', query: `query PlanYears(${MTP}) { mediumTermPlan(${MTP_ARGS}) { years { financialYear establishment nonPay cost contributionsTotal streamsTotal funding gap riskExposure gapIfRisksMaterialise contributionsFrom } } }` },
      { key: 'contributions', title: 'Contributions by agency', query: `query PlanContributions(${MTP}) { mediumTermPlan(${MTP_ARGS}) { years { financialYear contributions { agency contribution } } } }` },
    ],
  },
  {
    id: 'performance-pack',
    title: 'Performance pack',
    description: 'Cohort snapshot, the rolling priority-crime rate with a line chart, and the reoffending comparison.',
    sheet: 'Performance pack',
    inputs: [PARTNERSHIP, { name: 'date', label: 'Snapshot date', placeholder: 'YYYY-MM-DD' }, { name: 'from', label: 'From month', placeholder: 'YYYY-MM' }, { name: 'to', label: 'To month', placeholder: 'YYYY-MM' }],
    sections: [
      { key: 'snapshot', title: 'Cohort snapshot', query: 'query PackSnapshot($partnership: String!, $date: String!) { cohortSnapshot(partnership: $partnership, date: $date) { total red amber green inPrison added removed reoffended } }' },
      { key: 'rate', title: 'Priority crime rate', chart: { title: 'Priority crime rate: pre-IOM and live IOM' }, query: 'query PackRate($partnership: String!, $from: String!, $to: String!) { priorityCrimeRate(partnership: $partnership, from: $from, to: $to) { month preRate liveRate } }' },
      { key: 'reoffending', title: 'Proven reoffending', query: 'query PackReoffending($partnership: String!) { reoffendingComparison(partnership: $partnership) { localAuthority force cohortSize actualRate predictedRate differencePercent rankByDifference rankByActual } }' },
    ],
  },
];

/** The workbook name of a template's input cell, e.g. `Plan_cost_share_plan_partnership`. */
export const inputCellName = (template: Template, input: TemplateInput) => `IOM_${template.id.replace(/-/g, '_')}_${input.name}`;

/** Rows left free under each section so a refresh that adds rows does not run into the next section. */
export const SPARE_ROWS = 6;

export interface BuildProgress {
  section: string;
  state: 'running' | 'done' | 'error';
  error?: string;
}

/**
 * Builds the template's sheet: heading, input cells (named, so sections bind to them), then each
 * section as a bound table below the last. A section the hub cannot answer shows its error in the
 * sheet and stays bound, so it fills in on a later refresh.
 */
export async function buildTemplate(
  template: Template,
  values: Record<string, string>,
  store: BindingStore | null,
  deps: RefreshDeps,
  onProgress: (progress: BuildProgress) => void = () => {},
): Promise<BindingStore> {
  const { workbook } = deps;
  const sheet = template.sheet;
  await workbook.ensureSheet(sheet);
  await workbook.writeCells(sheet, 'A1', [[template.title]], { bold: true });
  await workbook.writeCells(sheet, 'A2', [[template.description]], { muted: true });
  for (const [i, input] of template.inputs.entries()) {
    await workbook.writeCells(sheet, `A${4 + i}`, [[input.label]], { bold: true });
    await workbook.nameCell(inputCellName(template, input), sheet, `B${4 + i}`, values[input.name] ?? '');
  }
  let next = store ?? emptyStore();
  let row = 4 + template.inputs.length + 2;
  for (const section of template.sections) {
    onProgress({ section: section.title, state: 'running' });
    const id = `${template.id}:${section.key}`;
    const existing = next.bindings.find((b) => b.id === id);
    const binding: Binding = {
      id,
      title: section.title,
      source: { kind: 'query', query: section.query },
      variables: Object.fromEntries(template.inputs.filter((input) => section.query.includes(`$${input.name}:`)).map((input) => [input.name, { cell: inputCellName(template, input) }])),
      layout: 'rows',
      target: { sheet, anchor: `A${row}`, table: existing?.target.table ?? tableNameFor(`${template.title} ${section.key}`, next), address: existing?.target.address },
      ...(section.role ? { role: section.role } : {}),
    };
    let rows = 1;
    try {
      const done = await runBinding(binding, deps);
      rows = done.lastRefresh!.rows;
      next = upsertBinding(next, done);
      if (section.chart) await workbook.addLineChart(sheet, done.target.table, section.chart.title, `${String.fromCharCode(65 + 10)}${row}`);
      onProgress({ section: section.title, state: 'done' });
    } catch (error) {
      const message = errorText(error);
      await workbook.writeCells(sheet, `A${row}`, [[`${section.title} — the hub could not answer: ${message}`]], { muted: true });
      next = upsertBinding(next, { ...binding, lastRefresh: { at: '', rows: 0, ms: 0, error: message } });
      onProgress({ section: section.title, state: 'error', error: message });
    }
    row += rows + 2 + SPARE_ROWS;
  }
  await workbook.saveBindings(next);
  return next;
}
