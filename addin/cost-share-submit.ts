/**
 * Submitting an edited draft cost share from the sheet: read the shares table back on its own
 * basis (percentages, or pro-rata weights), ask the hub what the draft would give in percent and
 * money (previewCostShareDraft), then save with the version the sheet was read at so a stale sheet
 * cannot overwrite a newer plan. Agreeing and reopening the plan go through here too.
 */
import { upsertBinding, type Binding, type BindingStore } from './binding.js';
import { runBinding, type RefreshDeps } from './refresh.js';
import { costShareInput, sharesFromSheet, validateShares, type SheetShares } from './sheet-submit/cost-share-basis.js';
import { resolveVariables } from './variables.js';

export { sharesFromSheet, validateShares, type SheetShares };

export const HUB_COST_SHARE = `query HubCostShare($partnership: String!, $financialYear: String!) {
  costShare(partnership: $partnership, financialYear: $financialYear) { version status basis }
}`;

export const PREVIEW_DRAFT = `query PreviewCostShareDraft($partnership: String!, $financialYear: String!, $input: CostShareInput!) {
  previewCostShareDraft(partnership: $partnership, financialYear: $financialYear, input: $input) {
    changed basisFrom basisTo totalFrom totalTo
    shares { agencyCode agency percentFrom percentTo percentChange contributionFrom contributionTo contributionChange weightFrom weightTo }
  }
}`;

export const SAVE_DRAFT = `mutation SaveCostShareDraft($partnership: String!, $financialYear: String!, $expectedVersion: Int, $input: CostShareInput!) {
  saveCostShareDraft(partnership: $partnership, financialYear: $financialYear, expectedVersion: $expectedVersion, input: $input) { version status shares { agencyCode percent contribution } }
}`;

export const AGREE_PLAN = `mutation AgreeCostShare($partnership: String!, $financialYear: String!, $expectedVersion: Int!, $note: String) {
  agreeCostShare(partnership: $partnership, financialYear: $financialYear, expectedVersion: $expectedVersion, note: $note) { version planVersion status }
}`;

export const REOPEN_PLAN = `mutation ReopenCostShare($partnership: String!, $financialYear: String!, $expectedVersion: Int!) {
  reopenCostShare(partnership: $partnership, financialYear: $financialYear, expectedVersion: $expectedVersion) { version planVersion status }
}`;

/** One agency's part before (the hub's current version) and after (the sheet's draft), in percent and pounds. */
export interface ShareChange {
  agency: string;
  /** The agency's name as the hub knows it (its code when the hub does not name it). */
  name: string;
  hub: number | null;
  sheet: number | null;
  /** Percentage points. */
  change: number;
  contributionHub: number | null;
  contributionSheet: number | null;
  /** Pounds. */
  contributionChange: number;
  weightHub: number | null;
  weightSheet: number | null;
}

interface Preview {
  changed: number;
  basisFrom: string | null;
  basisTo: string;
  totalFrom: number | null;
  totalTo: number;
  shares: Array<{ agencyCode: string; agency: string; percentFrom: number | null; percentTo: number | null; percentChange: number; contributionFrom: number | null; contributionTo: number | null; contributionChange: number; weightFrom: number | null; weightTo: number | null }>;
}

export function changesOf(preview: Preview): ShareChange[] {
  return preview.shares.map((s) => ({
    agency: s.agencyCode,
    name: s.agency || s.agencyCode,
    hub: s.percentFrom,
    sheet: s.percentTo,
    change: s.percentChange,
    contributionHub: s.contributionFrom,
    contributionSheet: s.contributionTo,
    contributionChange: s.contributionChange,
    weightHub: s.weightFrom,
    weightSheet: s.weightTo,
  }));
}

export function draftVariables(partnership: string, financialYear: string, sheet: SheetShares): Record<string, unknown> {
  return { partnership, financialYear, expectedVersion: sheet.version, input: costShareInput(sheet) };
}

export interface DraftReview {
  partnership: string;
  financialYear: string;
  sheet: SheetShares;
  changes: ShareChange[];
  /** How many agencies' weight, percentage or contribution the draft changes (the hub's count). */
  changed: number;
  /** Why it cannot be submitted; empty when it can. */
  problems: string[];
}

/** The draft shares table of a workbook (made by the cost-share plan template). */
export function draftBinding(store: BindingStore): Binding {
  const binding = store.bindings.find((b) => b.role === 'cost-share-draft');
  if (!binding) throw new Error('This workbook has no cost-share plan: build one from the template first.');
  return binding;
}

async function planOf(store: BindingStore, { workbook }: Pick<RefreshDeps, 'workbook'>): Promise<{ binding: Binding; partnership: string; financialYear: string }> {
  const binding = draftBinding(store);
  const variables = await resolveVariables(binding.source.query, binding.variables, (names) => workbook.readNamedCells(names));
  return { binding, partnership: String(variables.partnership), financialYear: String(variables.financialYear) };
}

/** Reads the edited shares from the sheet and asks the hub what they would change, in percent and money. */
export async function reviewDraft(store: BindingStore, { client, workbook }: RefreshDeps): Promise<DraftReview> {
  const { binding, partnership, financialYear } = await planOf(store, { workbook });
  const sheet = sharesFromSheet({ ...(await workbook.readTable(binding.target.table)), bound: binding.columns });
  const hub = await client.request<{ costShare: { version: number; status: string } | null }>(HUB_COST_SHARE, { partnership, financialYear });
  const problems = validateShares(sheet);
  const current = hub.costShare;
  if (current && sheet.version === undefined) problems.push(`The hub already has a ${financialYear} cost share (version ${current.version}); refresh the sheet to edit it.`);
  if (current && sheet.version !== undefined && current.version !== sheet.version) {
    problems.push(`The hub's plan is at version ${current.version}; this sheet was read at version ${sheet.version}. Refresh the sheet and apply your change again.`);
  }
  if (current?.status === 'AGREED') problems.push(`The hub's ${financialYear} cost share is agreed; reopen it before a new draft can be submitted.`);
  let preview: Preview | undefined;
  if (problems.length === 0) preview = (await client.request<{ previewCostShareDraft: Preview }>(PREVIEW_DRAFT, { partnership, financialYear, input: costShareInput(sheet) })).previewCostShareDraft;
  return { partnership, financialYear, sheet, changes: preview ? changesOf(preview) : [], changed: preview?.changed ?? 0, problems };
}

/** Saves the reviewed draft (the hub refuses it with CONFLICT if the plan changed since), then refreshes the shares table. */
export async function submitDraft(review: DraftReview, store: BindingStore, deps: RefreshDeps): Promise<{ version: number; store: BindingStore }> {
  const saved = await deps.client.request<{ saveCostShareDraft: { version: number } }>(SAVE_DRAFT, draftVariables(review.partnership, review.financialYear, review.sheet));
  return { version: saved.saveCostShareDraft.version, store: await refreshShares(store, deps) };
}

async function refreshShares(store: BindingStore, deps: RefreshDeps): Promise<BindingStore> {
  const next = upsertBinding(store, await runBinding(draftBinding(store), deps));
  await deps.workbook.saveBindings(next);
  return next;
}

/**
 * Agrees the plan (a minute reference in `note`) or reopens it as the next draft, at the version
 * the sheet was read at; then refreshes the shares table so it shows the new status.
 */
export async function setPlanStatus(action: 'agree' | 'reopen', store: BindingStore, deps: RefreshDeps, note?: string): Promise<{ planVersion: number; status: string; store: BindingStore }> {
  const { binding, partnership, financialYear } = await planOf(store, deps);
  const sheet = sharesFromSheet({ ...(await deps.workbook.readTable(binding.target.table)), bound: binding.columns });
  if (sheet.version === undefined) throw new Error(`The ${financialYear} plan has not been submitted yet: submit the draft first.`);
  const variables = { partnership, financialYear, expectedVersion: sheet.version };
  const answer =
    action === 'agree'
      ? (await deps.client.request<{ agreeCostShare: { planVersion: number; status: string } }>(AGREE_PLAN, { ...variables, note: note?.trim() || null })).agreeCostShare
      : (await deps.client.request<{ reopenCostShare: { planVersion: number; status: string } }>(REOPEN_PLAN, variables)).reopenCostShare;
  return { ...answer, store: await refreshShares(store, deps) };
}
