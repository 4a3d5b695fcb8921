import { monthEndOnOrBefore } from '../calendar/months.js';
import { badInput } from '../errors/domain-error.js';
import { requireWholeNumber } from '../errors/validate.js';

/**
 * Disclosure control, defined once: what a caller sees of every count of people or offences, and of
 * every figure a count can be derived from (rates, averages, costs, FTE for a caseload). Each measure
 * says which of its figures are counts in a DisclosureRule and passes its counts, as counted, through
 * protectSmallCounts, which derives the figures shown from the counts as the caller may see them.
 *
 * - Board tokens (ONS-style rounding to base 5): every count is rounded to the nearest multiple of 5
 *   (0–2 → 0, 3–7 → 5, 8–12 → 10), each total and each group on its own; every rate, average, cost and
 *   FTE is worked out from the rounded counts (a cost from each unit cost × its rounded count), so
 *   no sum, difference or quotient of what a board sees gives a count from 1 to 4; a group that is
 *   in the answer only because it has someone in it is left out when it rounds to 0; figures that
 *   grow with a count day by day (member-days) are not shown; a published row implying 1 to 4
 *   people is left out; and dates are taken to the last month end on or before them.
 * - Everyone else: counts as counted.
 * - Anyone may ask for suppression (`suppressUnder`): counts shown from 1 to n − 1 become null, with
 *   every figure built on them.
 */

/** How a caller sees counts. */
export interface CountDisclosure {
  /** Counts are shown as multiples of this: 1, as counted; 5, rounded to base 5. */
  roundTo: number;
  /** Dates and the ends of windows are taken to the last month end on or before them. */
  monthEnds: boolean;
}

export const AS_COUNTED: CountDisclosure = { roundTo: 1, monthEnds: false };
export const ROUNDED_TO_5: CountDisclosure = { roundTo: 5, monthEnds: true };

/** The roles (named as server/access/role.ts names them, a layer above) that see less than counts as counted. */
const BY_ROLE: Readonly<Record<string, CountDisclosure>> = { BOARD: ROUNDED_TO_5 };

/** The caller's part in it: its role (server/access/caller.ts). */
export interface DisclosureCaller {
  role: string;
}

export function disclosureFor(caller: DisclosureCaller): CountDisclosure {
  return BY_ROLE[caller.role] ?? AS_COUNTED;
}

/** `count` to the nearest multiple of `base` (3 → 5, 2 → 0, 7 → 5, 8 → 10). */
export function roundCount(count: number, base: number): number {
  return base > 1 ? Math.round(count / base) * base : count;
}

/** The date the caller's figures are at: `date`, or for a caller who sees month ends only, the last month end on or before it. */
export function disclosedDate(caller: DisclosureCaller, date: string): string {
  return disclosureFor(caller).monthEnds ? monthEndOnOrBefore(date) : date;
}

/** A period (from, to] as the caller may ask for it, each end through disclosedDate; refused when that leaves nothing between them. */
export function disclosedPeriod(caller: DisclosureCaller, from: { field: string; date: string }, to: { field: string; date: string }): { from: string; to: string } {
  const period = { from: disclosedDate(caller, from.date), to: disclosedDate(caller, to.date) };
  if (to.date > from.date && period.to <= period.from)
    throw badInput(to.field, `figures for this token run from month end to month end: ${from.date} is taken to ${period.from} and ${to.date} to ${period.to}; widen the period to take in a month end.`);
  return period;
}

/** `suppressUnder` as asked for: a whole number from 1 to 100, or null when not asked. */
export function requestedThreshold(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : requireWholeNumber('suppressUnder', value, { min: 1, max: 100 });
}

/** A count, or null when it is between 1 and `under` − 1 and suppression is asked for (0 is shown). */
export function suppress(count: number, under: number | null | undefined): number | null {
  return under && count > 0 && count < under ? null : count;
}

/** Offences of one unit cost (pence): a count like any other, from which their cost is worked out. */
export interface CostedCount {
  unitCostPence: number;
  count: number;
}

/** The cost of offences: Σ count × unit cost, in pence. */
export function costOf(costed: readonly CostedCount[]): number {
  return costed.reduce((sum, c) => sum + c.count * c.unitCostPence, 0);
}

type FieldsOf<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T];
/** A row's fields that are counts. */
export type CountField<C> = FieldsOf<C, number>;
/** A row's fields that are offences by unit cost. */
export type CostedField<C> = FieldsOf<C, readonly CostedCount[]>;

/**
 * What a measure's row holds, and how its figures are derived. C: the row as counted; F: the row as
 * shown; H: the figures of F that suppression may hide (its counts shown under their own names, and
 * the figures built on them).
 */
export interface DisclosureRule<C, F, H extends keyof F = never> {
  /** The counts of people or offences in a row. */
  counts: readonly CountField<C>[];
  /** Offences by unit cost: each count among them is a count like the others. */
  costed?: readonly CostedField<C>[];
  /** Figures that give a count away by how they change from one date to the next (member-days): null before deriving, for a rounding caller. */
  withheld?: readonly FieldsOf<C, number | null>[];
  /** The counts that put the row in the answer at all (a group is there because someone is in it): a rounding caller does not see the row when all of them round to 0. */
  presence?: readonly CountField<C>[];
  /** Counts a published row implies that cannot be rounded (a printed rate of a printed cohort): a rounding caller does not see a row implying 1 to roundTo − 1. */
  implied?: (row: C) => readonly number[];
  /** The row as shown, from its counts as the caller may see them. */
  derive: (row: C) => F;
  /** Figures hidden under a requested threshold when any of the counts (or offences by unit cost) they are built on is hidden. */
  builtOn?: { readonly [P in H]?: readonly (CountField<C> | CostedField<C>)[] };
}

/** A row as shown: the figures suppression may hide may be null. */
export type Disclosed<F, H extends keyof F> = { [P in keyof F]: P extends H ? F[P] | null : F[P] };

/** The row's counts as a caller who sees multiples of `base` sees them: counts rounded, offences by unit cost rounded one unit cost at a time, withheld figures null. */
export function coarsen<C, F, H extends keyof F>(row: C, rule: DisclosureRule<C, F, H>, base: number): C {
  if (base <= 1) return row;
  const counts = { ...row } as Record<keyof C, unknown>;
  for (const field of rule.counts) counts[field] = roundCount(row[field] as number, base);
  for (const field of rule.costed ?? []) counts[field] = (row[field] as readonly CostedCount[]).map((c) => ({ ...c, count: roundCount(c.count, base) }));
  for (const field of rule.withheld ?? []) counts[field] = null;
  return counts as C;
}

const isHidden = (value: unknown, under: number) =>
  Array.isArray(value) ? (value as CostedCount[]).some((c) => suppress(c.count, under) === null) : suppress(value as number, under) === null;

/** The row as shown from its counts (as the caller may see them), with the counts from 1 to `under` − 1 and the figures built on them hidden. */
export function hideSmallCounts<C, F, H extends keyof F>(counts: C, rule: DisclosureRule<C, F, H>, under: number | null): Disclosed<F, H> {
  const shown = { ...rule.derive(counts) } as Record<keyof F, unknown>;
  if (!under) return shown as Disclosed<F, H>;
  const hidden = new Set<unknown>([...rule.counts, ...(rule.costed ?? [])].filter((field) => isHidden(counts[field], under)));
  for (const field of hidden) if ((field as PropertyKey) in shown) shown[field as unknown as keyof F] = null;
  for (const [figure, builtOn] of Object.entries(rule.builtOn ?? {}) as [keyof F, readonly unknown[]][]) if (builtOn.some((count) => hidden.has(count))) shown[figure] = null;
  return shown as Disclosed<F, H>;
}

/**
 * The one entry point: a measure's rows, as counted, as `caller` may see them, at the threshold
 * asked for (`requestedThreshold`, null for none). A rounding caller sees the rows' counts rounded,
 * the figures derived from the rounded counts, and not the rows that are there only for a count
 * that rounds to 0 or that imply a count under 5.
 */
export function protectSmallCounts<C, F, H extends keyof F = never>(
  caller: DisclosureCaller,
  requested: number | null,
  rule: DisclosureRule<C, F, H>,
  rows: readonly C[],
): Disclosed<F, H>[] {
  const { roundTo } = disclosureFor(caller);
  const shown: Disclosed<F, H>[] = [];
  for (const row of rows) {
    if (roundTo > 1 && rule.implied?.(row).some((count) => count > 0 && count < roundTo)) continue;
    const counts = coarsen(row, rule, roundTo);
    if (roundTo > 1 && rule.presence?.length && rule.presence.every((field) => counts[field] === 0)) continue;
    shown.push(hideSmallCounts(counts, rule, requested));
  }
  return shown;
}
