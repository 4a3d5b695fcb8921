/**
 * Review and submit of an edited establishment or funding-risk sheet: read the table back, compare
 * it with the hub's records now and the rows it was read with, ask the hub for the change
 * (`dryRun: true`: it checks everything and saves nothing), then submit the same rows. The hub
 * refuses the whole sheet with CONFLICT if anything changed since it was read; nothing is written.
 */
import { upsertBinding, type Binding, type BindingStore } from '../binding.js';
import { HubError } from '../hub-client.js';
import { runBinding, type RefreshDeps } from '../refresh.js';
import { laidOut } from '../report-layout.js';
import { toTable } from '../result-table.js';
import { resolveVariables } from '../variables.js';
import { columnName, type SheetTable } from './columns.js';
import { sheetKindOf, type SheetKind, type SheetRole } from './sheet-kinds.js';
import { rowProblem, sheetSubmission, type SheetSubmissionInput } from './sheet-rows.js';

export interface RowChange {
  action: 'CREATE' | 'UPDATE' | 'DELETE' | 'UNCHANGED';
  label: string | null;
  row: number | null;
  changes: Array<{ field: string; from: string | null; to: string | null }>;
}

export interface SheetResult {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  rows: RowChange[];
}

export interface SheetReview {
  role: SheetRole;
  partnership: string;
  financialYear: string;
  input: SheetSubmissionInput;
  /** Each input field the hub names in its changes (`fte`), as the sheet heads its column (`FTE`). */
  headers: Record<string, string>;
  /** The hub's dry run: what submitting would do (absent when there are problems). */
  result?: SheetResult;
  problems: string[];
}

const submitMutation = (kind: SheetKind) => `mutation Submit${kind.mutation.slice(6)}($partnership: String!, $financialYear: String!, $rows: [${kind.mutation === 'submitEstablishment' ? 'EstablishmentSheetLineInput' : 'FundingRiskSheetRowInput'}!]!, $removed: [RemovedRowInput!], $dryRun: Boolean) {
  ${kind.mutation}(partnership: $partnership, financialYear: $financialYear, ${kind.rowsArgument}: $rows, removed: $removed, dryRun: $dryRun) {
    added updated removed unchanged rows { action label row changes { field from to } }
  }
}`;

export function sheetBinding(store: BindingStore, role: SheetRole): Binding {
  const binding = store.bindings.find((b) => b.role === role);
  if (!binding) throw new Error(`This workbook has no ${sheetKindOf(role)!.noun}s to submit: build the sheet from its template first.`);
  return binding;
}

async function send(kind: SheetKind, review: Pick<SheetReview, 'partnership' | 'financialYear' | 'input'>, deps: Pick<RefreshDeps, 'client'>, dryRun: boolean): Promise<SheetResult> {
  const { partnership, financialYear, input } = review;
  const answer = await deps.client.request<Record<string, SheetResult>>(submitMutation(kind), { partnership, financialYear, rows: input.rows, removed: input.removed, dryRun });
  return answer[kind.mutation];
}

/** Reads the edited sheet and asks the hub what submitting it would change; problems name the row and column. */
export async function reviewSheet(role: SheetRole, store: BindingStore, deps: RefreshDeps): Promise<SheetReview> {
  const kind = sheetKindOf(role)!;
  const binding = sheetBinding(store, role);
  const variables = await resolveVariables(binding.source.query, binding.variables, (names) => deps.workbook.readNamedCells(names));
  const partnership = String(variables.partnership);
  const financialYear = String(variables.financialYear);
  const sheet: SheetTable = { ...(await deps.workbook.readTable(binding.target.table)), bound: binding.columns };
  const { layout, data } = await laidOut(deps.client, binding.source.query, variables);
  // The hub's records now, under their field paths.
  const now = toTable(data, layout, { layout: binding.layout, headers: 'paths' });
  const hub: SheetTable = { columns: now.columns.map((c) => c.path), rows: now.rows };
  const input = sheetSubmission(kind, sheet, hub, binding.read);
  const headers = Object.fromEntries(kind.fields.map((field) => [field.input, columnName(sheet, field.path)]));
  const review: SheetReview = { role, partnership, financialYear, input, headers, problems: [...input.problems] };
  if (review.problems.length === 0) {
    try {
      review.result = await send(kind, review, deps, true);
    } catch (error) {
      // The hub checks what the sheet cannot (an agency code, a budget with its parts): say which row.
      const refusal = error instanceof HubError && error.errors[0]?.extensions?.code === 'BAD_USER_INPUT' ? rowProblem(kind, input, error.errors[0].extensions.field, error.errors[0].message, sheet) : null;
      if (!refusal) throw error;
      review.problems.push(refusal);
    }
  }
  return review;
}

/** Submits the reviewed sheet as one change, then refreshes the table (new ids and versions) and records what it was read with. */
export async function submitSheet(review: SheetReview, store: BindingStore, deps: RefreshDeps): Promise<{ result: SheetResult; store: BindingStore }> {
  if (review.problems.length) throw new Error(review.problems.join(' '));
  const kind = sheetKindOf(review.role)!;
  const result = await send(kind, review, deps, false);
  const next = upsertBinding(store, await runBinding(sheetBinding(store, review.role), deps));
  await deps.workbook.saveBindings(next);
  return { result, store: next };
}

/** `2 added, 1 changed, 1 removed, 9 unchanged`. */
export function summary(result: Pick<SheetResult, 'added' | 'updated' | 'removed' | 'unchanged'>): string {
  return `${result.added} added, ${result.updated} changed, ${result.removed} removed, ${result.unchanged} unchanged`;
}
