/**
 * Submitting an edited draft cost share from the sheet: read the shares table back, check the
 * shares sum to 100%, show the change against the hub, then save with the version the sheet was
 * read at so a stale sheet cannot overwrite a newer plan.
 */
import { upsertBinding, type Binding, type BindingStore, type BoundColumn } from './binding.js';
import { runBinding, type RefreshDeps } from './refresh.js';
import { resolveVariables } from './variables.js';

export const HUB_COST_SHARE = `query HubCostShare($partnership: String!, $financialYear: String!) {
  costShare(partnership: $partnership, financialYear: $financialYear) { version status shares { agencyCode agency percent } }
}`;

export const SAVE_DRAFT = `mutation SaveCostShareDraft($partnership: String!, $financialYear: String!, $expectedVersion: Int, $input: CostShareInput!) {
  saveCostShareDraft(partnership: $partnership, financialYear: $financialYear, expectedVersion: $expectedVersion, input: $input) { version status shares { agencyCode percent contribution } }
}`;

export interface SheetShares {
  /** The version the sheet was read at (absent when the hub had no cost share). */
  version?: number;
  shares: Array<{ agency: string; percent: number }>;
}

/** The shares as the sheet holds them; headers are matched to field paths through the binding's columns (labels or paths). */
export function sharesFromSheet({ columns, rows }: { columns: string[]; rows: unknown[][] }, bound: BoundColumn[] = []): SheetShares {
  const paths = columns.map((header) => bound.find((b) => b.header === header)?.path ?? header);
  const at = (name: string) => paths.indexOf(name);
  const agency = at('shares.agencyCode');
  const percent = at('shares.percent');
  if (agency < 0 || percent < 0) throw new Error('The shares table needs its agency code (shares.agencyCode) and share (shares.percent) columns; rebuild the sheet from the template.');
  const versionCell = rows.map((row) => row[at('version')]).find((v) => v !== '' && v !== null && v !== undefined);
  const shares = rows
    .filter((row) => String(row[agency] ?? '').trim() !== '')
    .map((row) => ({ agency: String(row[agency]).trim(), percent: Number(row[percent]) }));
  return { version: versionCell === undefined || at('version') < 0 ? undefined : Number(versionCell), shares };
}

/** Problems that stop a submit, each naming the row; an empty list means the shares can go. */
export function validateShares(shares: SheetShares['shares']): string[] {
  const problems: string[] = [];
  if (shares.length === 0) problems.push('There are no shares to submit.');
  const seen = new Set<string>();
  shares.forEach(({ agency, percent }) => {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) problems.push(`${agency}: the share must be a percentage from 0 to 100.`);
    else if (Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-6) problems.push(`${agency}: use at most two decimals (${percent}).`);
    if (seen.has(agency)) problems.push(`${agency} appears twice.`);
    seen.add(agency);
  });
  const totalHundredths = shares.reduce((sum, s) => sum + Math.round((Number.isFinite(s.percent) ? s.percent : 0) * 100), 0);
  if (shares.length && totalHundredths !== 10_000) problems.push(`The shares must sum to 100% (they sum to ${(totalHundredths / 100).toFixed(2)}%).`);
  return problems;
}

export interface ShareChange {
  agency: string;
  /** The agency's name as the hub knows it (its code when the hub does not list it). */
  name: string;
  hub: number | null;
  sheet: number | null;
  change: number;
}

/** Each agency's percent on the hub and in the sheet; unchanged rows included so the user sees the whole plan. */
export function diffShares(hub: Array<{ agencyCode: string; agency?: string; percent: number }>, sheet: SheetShares['shares']): ShareChange[] {
  const agencies = [...new Set([...hub.map((s) => s.agencyCode), ...sheet.map((s) => s.agency)])];
  return agencies.map((agency) => {
    const before = hub.find((s) => s.agencyCode === agency)?.percent ?? null;
    const after = sheet.find((s) => s.agency === agency)?.percent ?? null;
    const name = hub.find((s) => s.agencyCode === agency)?.agency ?? agency;
    return { agency, name, hub: before, sheet: after, change: Math.round(((after ?? 0) - (before ?? 0)) * 100) / 100 };
  });
}

export function draftVariables(partnership: string, financialYear: string, sheet: SheetShares): Record<string, unknown> {
  return {
    partnership,
    financialYear,
    expectedVersion: sheet.version,
    input: { basis: 'FIXED_PERCENTAGES', shares: sheet.shares.map(({ agency, percent }) => ({ agency, percent })) },
  };
}


export interface DraftReview {
  partnership: string;
  financialYear: string;
  sheet: SheetShares;
  changes: ShareChange[];
  /** Why it cannot be submitted; empty when it can. */
  problems: string[];
}

/** The draft shares table of a workbook (made by the cost-share plan template). */
export function draftBinding(store: BindingStore): Binding {
  const binding = store.bindings.find((b) => b.role === 'cost-share-draft');
  if (!binding) throw new Error('This workbook has no cost-share plan: build one from the template first.');
  return binding;
}

/** Reads the edited shares from the sheet and compares them with the hub's plan. */
export async function reviewDraft(store: BindingStore, { client, workbook }: RefreshDeps): Promise<DraftReview> {
  const binding = draftBinding(store);
  const sheet = sharesFromSheet(await workbook.readTable(binding.target.table), binding.columns);
  const variables = await resolveVariables(binding.source.query, binding.variables, (names) => workbook.readNamedCells(names));
  const partnership = String(variables.partnership);
  const financialYear = String(variables.financialYear);
  const hub = await client.request<{ costShare: { version: number; status: string; shares: { agencyCode: string; agency: string; percent: number }[] } | null }>(HUB_COST_SHARE, { partnership, financialYear });
  const problems = validateShares(sheet.shares);
  const current = hub.costShare;
  if (current && sheet.version !== undefined && current.version !== sheet.version) {
    problems.push(`The hub's plan is at version ${current.version}; this sheet was read at version ${sheet.version}. Refresh the sheet and apply your change again.`);
  }
  if (current?.status === 'AGREED') problems.push(`The hub's ${financialYear} cost share is agreed; it must be reopened on the hub before a new draft can be submitted.`);
  return { partnership, financialYear, sheet, changes: diffShares(current?.shares ?? [], sheet.shares), problems };
}

/** Saves the reviewed draft (the hub refuses it with CONFLICT if the plan changed since), then refreshes the shares table. */
export async function submitDraft(review: DraftReview, store: BindingStore, deps: RefreshDeps): Promise<{ version: number; store: BindingStore }> {
  const saved = await deps.client.request<{ saveCostShareDraft: { version: number } }>(SAVE_DRAFT, draftVariables(review.partnership, review.financialYear, review.sheet));
  const next = upsertBinding(store, await runBinding(draftBinding(store), deps));
  await deps.workbook.saveBindings(next);
  return { version: saved.saveCostShareDraft.version, store: next };
}
