/**
 * What an edited sheet's refresh writes besides the hub's answer: a year with no cost share gets a
 * shares table with the partnership's agencies (so a new plan can be started from the sheet), and
 * the rows the sheet was read with are recorded for the next submit. A year with no establishment
 * lines or risks keeps the columns to fill in, as every table does: its header comes from the query.
 */
import type { Binding } from '../binding.js';
import type { HubClient } from '../hub-client.js';
import { toTable, type ReportLayout, type ResultTable } from '../result-table.js';
import { sheetKindOf } from './sheet-kinds.js';
import type { ReadRow } from './sheet-rows.js';

export const PARTNERSHIP_AGENCIES = `query PartnershipAgencies($code: String!) { partnership(code: $code) { agencies { code name } } }`;

/** The shares of a plan not yet drafted: every agency of the partnership, nothing filled in, fixed percentages to start with. */
export async function newPlanData(client: HubClient, partnership: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const answer = await client.request<{ partnership: { agencies: { code: string; name: string }[] } | null }>(PARTNERSHIP_AGENCIES, { code: partnership }, signal);
  const agencies = answer.partnership?.agencies ?? [];
  return {
    costShare: {
      version: null,
      status: 'DRAFT',
      basis: 'FIXED_PERCENTAGES',
      total: null,
      shares: agencies.map((a) => ({ agencyCode: a.code, agency: a.name, weight: null, percent: null, contribution: null })),
    },
  };
}

/**
 * The table a binding writes, laid out by the hub's layout of its query (so an edited sheet has
 * every column the query selects even when no record fills it in), with the records it was read
 * with for an edited sheet, and a shares table to fill in for a year with no cost share.
 */
export async function sheetTable(
  binding: Pick<Binding, 'role' | 'layout' | 'headers'>,
  data: Record<string, unknown>,
  layout: ReportLayout,
  client: HubClient,
  variables: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<{ table: ResultTable; read?: ReadRow[] }> {
  const options = { layout: binding.layout, headers: binding.headers ?? 'paths' };
  if (binding.role === 'cost-share-draft' && data.costShare === null && typeof variables.partnership === 'string')
    return { table: toTable(await newPlanData(client, variables.partnership, signal), layout, options) };
  const table = toTable(data, layout, options);
  const kind = sheetKindOf(binding.role);
  if (!kind) return { table };
  return { table, read: kind.records(data).map((r) => ({ id: String(r.id), version: r.version })) };
}
