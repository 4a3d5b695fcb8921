import { requireWholeNumber } from '../errors/validate.js';

/**
 * Small-count protection: figures built on a handful of people or offences can identify them, so a
 * count from 1 to threshold − 1 is shown as null (0 is shown), and so is every figure built on a
 * hidden count. A board token always has a threshold (its floor); anyone may ask for one
 * (`suppressUnder`). Each measure says which of its figures are counts in a DisclosureRule and
 * calls protectSmallCounts once, on the figures it is about to return.
 */

/** Below this many, counts shown to a BOARD token are suppressed (the caller's `suppressCountsBelow`). */
export const BOARD_SMALL_COUNT = 5;

/** Which figures of a row are counts, and which figures are built on which counts. */
export interface DisclosureRule<T, C extends keyof T, D extends keyof T = never> {
  counts: readonly C[];
  /** Hidden when any of the counts it is built on is hidden. */
  builtOn?: { readonly [P in D]: readonly C[] };
}

/** A row as shown: its counts and the figures built on them may be null. */
export type Disclosed<T, K extends keyof T> = { [P in keyof T]: P extends K ? T[P] | null : T[P] };

/** The caller's part in it: its floor, 0 for none (server/access/caller.ts). */
export interface DisclosureCaller {
  suppressCountsBelow: number;
}

/** `suppressUnder` as asked for: a whole number from 1 to 100, or null when not asked. */
export function requestedThreshold(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : requireWholeNumber('suppressUnder', value, { min: 1, max: 100 });
}

/** The threshold in force: the one asked for, raised to the caller's floor whether asked for or not; null when neither asks. */
export function smallCountThreshold(caller: DisclosureCaller, requested: number | null): number | null {
  const floor = caller.suppressCountsBelow;
  return floor > 0 ? Math.max(requested ?? 0, floor) : requested;
}

/** A count, or null when it is between 1 and `under` − 1 and suppression is asked for (0 is shown). */
export function suppress(count: number, under: number | null | undefined): number | null {
  return under && count > 0 && count < under ? null : count;
}

/** One row with its small counts, and the figures built on them, hidden. */
export function hideSmallCounts<T, C extends keyof T, D extends keyof T = never>(row: T, rule: DisclosureRule<T, C, D>, under: number | null): Disclosed<T, C | D> {
  const shown = { ...row } as Record<keyof T, unknown>;
  const hidden = new Set<C>(rule.counts.filter((count) => suppress(row[count] as number, under) === null));
  for (const count of hidden) shown[count] = null;
  for (const [figure, counts] of Object.entries(rule.builtOn ?? {}) as [D, readonly C[]][]) if (counts.some((count) => hidden.has(count))) shown[figure] = null;
  return shown as Disclosed<T, C | D>;
}

/**
 * The one entry point: the rows of a measure as `caller` may see them, at the threshold asked for
 * (`requestedThreshold`) raised to the caller's floor.
 */
export function protectSmallCounts<T, C extends keyof T, D extends keyof T = never>(
  caller: DisclosureCaller,
  requested: number | null,
  rule: DisclosureRule<T, C, D>,
  rows: readonly T[],
): Disclosed<T, C | D>[] {
  const under = smallCountThreshold(caller, requested);
  return rows.map((row) => hideSmallCounts(row, rule, under));
}
