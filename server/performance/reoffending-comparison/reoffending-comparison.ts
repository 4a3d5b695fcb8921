import type { DisclosureRule } from '../../disclosure/small-counts.js';
import { roundHalfAway } from '../rounding.js';

/** A local area's actual vs predicted proven reoffending, as published, with its ranks in the set. */
export interface ComparisonRow {
  localAuthority: string | null;
  force: string;
  cohortSize: number;
  actualRate: number;
  predictedRate: number;
  differencePercent: number;
  rankByDifference: number;
  rankByActual: number;
  publishedRankByDifference: number | null;
  publishedRankByActual: number | null;
  note: string | null;
  source: string;
  reference: string;
}

/** (actual − predicted) / predicted, in percent to two decimals. */
export function differencePercent(actual: number, predicted: number): number | null {
  return predicted === 0 ? null : roundHalfAway(((actual - predicted) / predicted) * 100, 2);
}

/** A published row before it is ranked within the set shown. */
export type PublishedComparison = Omit<ComparisonRow, 'rankByDifference' | 'rankByActual'>;

/** The comparison's rows from its SQL: rates and differences from hundredths to percent, as printed. */
export function comparisonRows(rows: readonly Record<string, unknown>[]): PublishedComparison[] {
  return rows.map((r) => ({
    localAuthority: (r.local_authority as string | null) ?? null,
    force: String(r.force),
    cohortSize: Number(r.cohort_size),
    actualRate: Number(r.actual) / 100,
    predictedRate: Number(r.predicted) / 100,
    differencePercent: Number(r.difference) / 100,
    publishedRankByDifference: r.published_rank_by_difference === null ? null : Number(r.published_rank_by_difference),
    publishedRankByActual: r.published_rank_by_actual === null ? null : Number(r.published_rank_by_actual),
    note: (r.note as string | null) ?? null,
    source: 'published',
    reference: String(r.source),
  }));
}

/** Each value's rank among `values`: 1 for the lowest, equal values sharing a rank (SQL's RANK()). */
export function ranks(values: readonly number[]): number[] {
  return values.map((value) => 1 + values.filter((other) => other < value).length);
}

/** The rows ranked by actual rate and by difference within the set given (the rows the caller sees). */
export function rankedInSet(rows: readonly PublishedComparison[]): ComparisonRow[] {
  const byDifference = ranks(rows.map((r) => r.differencePercent));
  const byActual = ranks(rows.map((r) => r.actualRate));
  return rows.map((row, i) => ({ ...row, rankByDifference: byDifference[i], rankByActual: byActual[i] }));
}

/**
 * The cohort is a count (rounded for a board, like any count). The printed rates cannot be rounded
 * with it, and rate × cohort gives the reoffenders back: a board does not see a row from which 1 to 4
 * reoffenders could be worked out.
 */
export const COMPARISON_DISCLOSURE: DisclosureRule<PublishedComparison, PublishedComparison> = {
  counts: ['cohortSize'],
  implied: (row) => [Math.round((row.cohortSize * row.actualRate) / 100)],
  derive: (row) => row,
};
