/**
 * Templates build a whole sheet: a heading, the variables as named input cells, and one bound
 * table per section, so changing an input cell and pressing Refresh all re-queries every section.
 * Sections are stacked with GAP_ROWS blank rows between them; a section that grows on a refresh
 * has rows inserted below it, so the sections under it move down instead of being written over.
 */
import { afterRowsInserted, emptyStore, tableNameFor, upsertBinding, type Binding, type BindingStore } from './binding.js';
import { parseRange } from './cell-address.js';
import type { WorkbookPort, WriteOptions } from './excel-workbook.js';
import { errorText, runBinding, type RefreshDeps } from './refresh.js';
import { ESTABLISHMENT_LINES, FUNDING_RISKS } from './sheet-submit/sheet-kinds.js';

export interface TemplateSection {
  key: string;
  title: string;
  query: string;
  /** A table a finance officer edits and submits (see Binding.role). */
  role?: Binding['role'];
}

/** A chart over sections' tables: one named series per entry, x and y by field path. */
export interface TemplateChart {
  title: string;
  /** The section the chart sits beside. */
  beside: string;
  yTitle?: string;
  series: { name: string; section: string; x: string; y: string }[];
}

export interface TemplateInput {
  name: string;
  label: string;
  /** Filled from the hub's partnerships or financial years, or typed. */
  choice?: 'partnership' | 'financialYear';
  /** An example shown in the empty box (`4` years). */
  placeholder?: string;
  /** A fixed list to pick from (an enum's values). */
  choices?: { value: string; label: string }[];
  /** A date or a month: picked with a date control, and read from its cell as one. */
  format?: 'date' | 'month';
}

export interface Template {
  id: string;
  title: string;
  description: string;
  sheet: string;
  inputs: TemplateInput[];
  sections: TemplateSection[];
  charts?: TemplateChart[];
}

const PY = '$partnership: String!, $financialYear: String!';
const ARGS = 'partnership: $partnership, financialYear: $financialYear';
const MTP = '$partnership: String!, $financialYear: String!, $years: Int!, $payAwardPercent: Float, $incrementsPercent: Float, $nonPayInflationPercent: Float';
const MTP_ARGS =
  'partnership: $partnership, from: $financialYear, years: $years, assumptions: { payAwardPercent: $payAwardPercent, incrementsPercent: $incrementsPercent, nonPayInflationPercent: $nonPayInflationPercent }';
const RATE_VARS = '$partnership: String!, $from: String!, $to: String!, $area: String, $method: PriorityRateMethod';
const RATE_ARGS = 'partnership: $partnership, from: $from, to: $to, area: $area, method: $method';
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
      { key: 'shares', title: 'Shares and contributions (draft: edit the Share (%) column, or the Weight column on a pro-rata basis, then Review and Submit)', role: 'cost-share-draft', query: `query PlanShares(${PY}) { costShare(${ARGS}) { version status basis total shares { agencyCode agency weight percent contribution } } }` },
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
    id: 'medium-term-plan-sheet',
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
    description: 'Cohort snapshot, the rolling priority-crime rate as published and as computed for the same area and offences counted the same way, with a chart of both, and the reoffending comparison.',
    sheet: 'Performance pack',
    inputs: [
      PARTNERSHIP,
      { name: 'date', label: 'Snapshot date', format: 'date' },
      { name: 'from', label: 'From month', format: 'month' },
      { name: 'to', label: 'To month', format: 'month' },
      { name: 'area', label: 'Local authority the rate is published for', placeholder: 'Suffolk' },
      {
        name: 'method',
        label: 'Offences counted',
        choices: [
          { value: 'MOST_RELEVANT_OFFENCE', label: 'The most relevant priority offence per member' },
          { value: 'ALL_PRIORITY_OFFENCES', label: 'Every priority offence' },
        ],
      },
    ],
    sections: [
      { key: 'snapshot', title: 'Cohort snapshot', query: 'query PackSnapshot($partnership: String!, $date: String!) { cohortSnapshot(partnership: $partnership, date: $date) { total red amber green inPrison added removed reoffended } }' },
      { key: 'rate-published', title: 'Priority crime rate, as published', query: `query PackRatePublished(${RATE_VARS}) { priorityCrimeRate(${RATE_ARGS}, source: "published") { month source preRate liveRate percentChange } }` },
      { key: 'rate-computed', title: 'Priority crime rate, computed by the hub', query: `query PackRateComputed(${RATE_VARS}) { priorityCrimeRate(${RATE_ARGS}, source: "computed") { month source preRate liveRate percentChange preMembers liveMembers } }` },
      { key: 'reoffending', title: 'Proven reoffending', query: 'query PackReoffending($partnership: String!) { reoffendingComparison(partnership: $partnership) { localAuthority force cohortSize actualRate predictedRate differencePercent rankByDifference rankByActual source } }' },
    ],
    charts: [
      {
        title: 'Priority crime rate: live IOM against pre-IOM, change (%)',
        beside: 'rate-published',
        yTitle: 'Change (%)',
        series: [
          { name: 'Published', section: 'rate-published', x: 'month', y: 'percentChange' },
          { name: 'Computed', section: 'rate-computed', x: 'month', y: 'percentChange' },
        ],
      },
    ],
  },
];

/** The workbook name of a template's input cell, e.g. `Plan_cost_share_plan_partnership`. */
export const inputCellName = (template: Template, input: TemplateInput) => `IOM_${template.id.replace(/-/g, '_')}_${input.name}`;

/** Blank rows between one section and the next. */
export const GAP_ROWS = 2;

export interface BuildProgress {
  section: string;
  state: 'running' | 'done' | 'error';
  error?: string;
}

/**
 * Builds the template's sheet: heading, input cells (named, so sections bind to them), then each
 * section as a bound table below the last. A section the hub cannot answer shows its error in the
 * sheet and stays bound, so it fills in on a later refresh. Building again refreshes the sections'
 * tables where they are.
 */
/** What building a template needs of a workbook: Excel (excel-workbook.ts) or an .xlsx file (server/workbook/). */
export type TemplatePort = Pick<WorkbookPort, 'ensureSheet' | 'writeCells' | 'nameCell' | 'readNamedCells' | 'writeTable' | 'addChart' | 'saveBindings'>;

/** The header a bound table gave a field path when it was last written. */
const headerFor = (binding: Binding, path: string) => binding.columns?.find((c) => c.path === path)?.header ?? path;

export async function buildTemplate(
  template: Template,
  values: Record<string, string>,
  store: BindingStore | null,
  deps: RefreshDeps<TemplatePort>,
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
  /** The sheet row (1-based) of the next section's title line. */
  let row = 4 + template.inputs.length + 2;
  const built = new Map<string, { row: number; binding: Binding }>();
  for (const section of template.sections) {
    if (deps.signal?.aborted) break;
    onProgress({ section: section.title, state: 'running' });
    const id = `${template.id}:${section.key}`;
    const existing = next.bindings.find((b) => b.id === id);
    const binding: Binding = {
      id,
      title: section.title,
      source: { kind: 'query', query: section.query },
      variables: Object.fromEntries(
        template.inputs.filter((input) => section.query.includes(`$${input.name}:`)).map((input) => [input.name, { cell: inputCellName(template, input), ...(input.format ? { format: input.format } : {}) }]),
      ),
      layout: 'rows',
      headers: 'labels',
      target: { sheet, anchor: `A${row}`, table: existing?.target.table ?? tableNameFor(`${template.title} ${section.key}`, next), address: existing?.target.address },
      ...(section.role ? { role: section.role } : {}),
    };
    const onRowsInserted: WriteOptions['onRowsInserted'] = (inserted) => {
      next = { ...next, bindings: next.bindings.map((b) => (b.id === id ? b : afterRowsInserted(b, inserted))) };
    };
    let bottom: number;
    try {
      const done = await runBinding(binding, { ...deps, onRowsInserted });
      next = upsertBinding(next, done);
      const block = parseRange(done.target.address!);
      bottom = block.bottom;
      built.set(section.key, { row: block.top + 1, binding: done });
      onProgress({ section: section.title, state: 'done' });
    } catch (error) {
      // Cancelled: the sections built so far stay (and are saved below); this one and the rest are not started.
      if (deps.signal?.aborted) break;
      const message = errorText(error);
      await workbook.writeCells(sheet, `A${row}`, [[`${section.title} — the hub could not answer: ${message}`]], { muted: true });
      next = upsertBinding(next, { ...binding, lastRefresh: { at: '', rows: 0, ms: 0, error: message } });
      onProgress({ section: section.title, state: 'error', error: message });
      bottom = row - 1;
    }
    row = bottom + 2 + GAP_ROWS;
  }
  // A chart needs every section it draws on; one the hub could not answer leaves the chart out.
  for (const chart of template.charts ?? []) {
    const series = chart.series.map((s) => ({ ...s, binding: built.get(s.section)?.binding }));
    const beside = built.get(chart.beside);
    if (!beside || series.some((s) => !s.binding)) continue;
    await workbook.addChart(sheet, {
      name: `${beside.binding.target.table}_chart`,
      title: chart.title,
      yTitle: chart.yTitle,
      at: `K${beside.row}`,
      series: series.map(({ name, x, y, binding }) => ({ name, table: binding!.target.table, x: headerFor(binding!, x), y: headerFor(binding!, y) })),
    });
  }
  await workbook.saveBindings(next);
  return next;
}
