/**
 * What an edited sheet's refresh writes besides the hub's answer: a year with no cost share gets a
 * shares table with the partnership's agencies (so a new plan can be started from the sheet), a
 * year with no establishment lines or risks gets the columns to fill in, and the rows the sheet
 * was read with are recorded for the next submit.
 */
import type { Binding } from '../binding.js';
import type { HubClient } from '../hub-client.js';
import { columnKind, toTable, type ResultTable } from '../result-table.js';
import { blankColumns, sheetKindOf } from './sheet-kinds.js';
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

export async function sheetTable(
  binding: Pick<Binding, 'role' | 'layout'>,
  data: Record<string, unknown>,
  client: HubClient,
  variables: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<{ table: ResultTable; read?: ReadRow[] }> {
  if (binding.role === 'cost-share-draft' && data.costShare === null && typeof variables.partnership === 'string')
    return { table: toTable(await newPlanData(client, variables.partnership, signal), binding.layout) };
  const table = toTable(data, binding.layout);
  const kind = sheetKindOf(binding.role);
  if (!kind) return { table };
  // Always the same columns, whatever the records hold: a field that is null in every record (an employing agency) still gets its column to fill in.
  const columns = blankColumns(kind);
  const rows = table.rows.map((row) => columns.map((column) => (table.columns.includes(column) ? row[table.columns.indexOf(column)] : null)));
  const kinds = columns.map((column, i) => columnKind(column, rows.map((row) => row[i])));
  return { table: { columns, kinds, rows }, read: kind.records(data).map((r) => ({ id: String(r.id), version: r.version })) };
}
