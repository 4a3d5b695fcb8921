/**
 * The draft shares as the sheet holds them, on their own basis: fixed shares are edited as
 * percentages, pro-rata cohort or population shares as weights, and FTE-hosted shares follow the
 * establishment (nothing to edit). A draft is submitted on the basis it was read with, so an
 * untouched sheet sends back exactly what the hub has.
 */
import { parseCell } from './cells.js';
import { columnName, columnOf, type SheetTable } from './columns.js';

export const BASES = ['FIXED_PERCENTAGES', 'PRO_RATA_COHORT', 'PRO_RATA_POPULATION', 'PRO_RATA_FTE_HOSTED'] as const;
export type Basis = (typeof BASES)[number];

export interface SheetShare {
  agency: string;
  /** As typed; null when the cell is empty, NaN when it is not a number. */
  percent: number | null;
  weight: number | null;
}

export interface SheetShares {
  /** The version the sheet was read at (absent for a plan not yet drafted). */
  version?: number;
  basis: Basis;
  shares: SheetShare[];
  /** The headers of the percent and weight columns as the user sees them, for messages. */
  headers: { percent: string; weight: string };
}

/** Which column a basis is edited in. */
export const editedColumn = (basis: Basis): 'shares.percent' | 'shares.weight' | null =>
  basis === 'FIXED_PERCENTAGES' ? 'shares.percent' : basis === 'PRO_RATA_FTE_HOSTED' ? null : 'shares.weight';

const numberIn = (cell: unknown): number | null => {
  const parsed = parseCell(cell, 'decimal');
  if ('problem' in parsed) return typeof cell === 'number' ? cell : Number.NaN;
  return parsed.value as number | null;
};

export function sharesFromSheet(table: SheetTable): SheetShares {
  const agency = columnOf(table, 'shares.agencyCode');
  if (agency < 0) throw new Error(`The shares table needs its ${columnName(table, 'shares.agencyCode')} column; rebuild the sheet from the template.`);
  const [versionAt, basisAt, percentAt, weightAt] = ['version', 'basis', 'shares.percent', 'shares.weight'].map((path) => columnOf(table, path));
  const first = (at: number) => (at < 0 ? undefined : table.rows.map((row) => row[at]).find((v) => v !== '' && v !== null && v !== undefined));
  const basisCell = String(first(basisAt) ?? 'FIXED_PERCENTAGES').trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (!(BASES as readonly string[]).includes(basisCell)) throw new Error(`The basis "${first(basisAt)}" is not one of ${BASES.join(', ')}.`);
  const versionCell = first(versionAt);
  const shares = table.rows
    .filter((row) => String(row[agency] ?? '').trim() !== '')
    .map((row) => ({ agency: String(row[agency]).trim(), percent: percentAt < 0 ? null : numberIn(row[percentAt]), weight: weightAt < 0 ? null : numberIn(row[weightAt]) }));
  const headers = { percent: columnName(table, 'shares.percent'), weight: columnName(table, 'shares.weight') };
  return { version: versionCell === undefined ? undefined : Number(versionCell), basis: basisCell as Basis, shares, headers };
}

/** Problems that stop a submit, each naming the agency; an empty list means the shares can go. */
export function validateShares(sheet: SheetShares): string[] {
  const { basis, shares, headers } = sheet;
  const problems: string[] = [];
  if (shares.length === 0) problems.push('There are no shares to submit.');
  const seen = new Set<string>();
  for (const { agency } of shares) {
    if (seen.has(agency)) problems.push(`${agency} appears twice.`);
    seen.add(agency);
  }
  if (basis === 'FIXED_PERCENTAGES') {
    for (const { agency, percent } of shares) {
      if (percent === null) problems.push(`${agency}: enter a percentage in ${headers.percent}.`);
      else if (!Number.isFinite(percent) || percent < 0 || percent > 100) problems.push(`${agency}: the share must be a percentage from 0 to 100.`);
      else if (Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-6) problems.push(`${agency}: use at most two decimals (${percent}).`);
    }
    const totalHundredths = shares.reduce((sum, s) => sum + Math.round((s.percent !== null && Number.isFinite(s.percent) ? s.percent : 0) * 100), 0);
    if (shares.length && totalHundredths !== 10_000) problems.push(`The shares must sum to 100% (they sum to ${(totalHundredths / 100).toFixed(2)}%).`);
  } else if (basis !== 'PRO_RATA_FTE_HOSTED') {
    const what = basis === 'PRO_RATA_COHORT' ? 'cohort size' : 'population';
    for (const { agency, weight } of shares) {
      if (weight === null) problems.push(`${agency}: enter the ${what} in ${headers.weight}.`);
      else if (!Number.isInteger(weight) || weight < 0) problems.push(`${agency}: the ${what} in ${headers.weight} must be a whole number, 0 or more (${weight}).`);
    }
    if (shares.length && shares.every((s) => s.weight === 0)) problems.push(`At least one agency needs a ${what} above zero.`);
  }
  return problems;
}

/** The draft as `saveCostShareDraft` and `previewCostShareDraft` take it: on the sheet's basis. */
export function costShareInput(sheet: SheetShares): { basis: Basis; shares: Array<Record<string, unknown>> } {
  const column = editedColumn(sheet.basis);
  return {
    basis: sheet.basis,
    shares: sheet.shares.map(({ agency, percent, weight }) =>
      column === 'shares.percent' ? { agency, percent } : column === 'shares.weight' ? { agency, weight } : { agency }),
  };
}
