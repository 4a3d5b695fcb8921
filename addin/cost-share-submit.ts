/**
 * Submitting an edited draft cost share from the sheet: read the shares table back, check the
 * shares sum to 100%, show the change against the hub, then save with the version the sheet was
 * read at so a stale sheet cannot overwrite a newer plan.
 */

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

export function sharesFromSheet({ columns, rows }: { columns: string[]; rows: unknown[][] }): SheetShares {
  const at = (name: string) => columns.indexOf(name);
  const agency = at('shares.agencyCode');
  const percent = at('shares.percent');
  if (agency < 0 || percent < 0) throw new Error('The shares table needs its shares.agencyCode and shares.percent columns; rebuild the sheet from the template.');
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
  hub: number | null;
  sheet: number | null;
  change: number;
}

/** Each agency's percent on the hub and in the sheet; unchanged rows included so the user sees the whole plan. */
export function diffShares(hub: Array<{ agencyCode: string; percent: number }>, sheet: SheetShares['shares']): ShareChange[] {
  const agencies = [...new Set([...hub.map((s) => s.agencyCode), ...sheet.map((s) => s.agency)])];
  return agencies.map((agency) => {
    const before = hub.find((s) => s.agencyCode === agency)?.percent ?? null;
    const after = sheet.find((s) => s.agency === agency)?.percent ?? null;
    return { agency, hub: before, sheet: after, change: Math.round(((after ?? 0) - (before ?? 0)) * 100) / 100 };
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

