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

/** The comparison's rows from its SQL: rates and differences from hundredths to percent, as printed. */
export function comparisonRows(rows: readonly Record<string, unknown>[]): ComparisonRow[] {
  return rows.map((r) => ({
    localAuthority: (r.local_authority as string | null) ?? null,
    force: String(r.force),
    cohortSize: Number(r.cohort_size),
    actualRate: Number(r.actual) / 100,
    predictedRate: Number(r.predicted) / 100,
    differencePercent: Number(r.difference) / 100,
    rankByDifference: Number(r.rank_by_difference),
    rankByActual: Number(r.rank_by_actual),
    publishedRankByDifference: r.published_rank_by_difference === null ? null : Number(r.published_rank_by_difference),
    publishedRankByActual: r.published_rank_by_actual === null ? null : Number(r.published_rank_by_actual),
    note: (r.note as string | null) ?? null,
    source: 'published',
    reference: String(r.source),
  }));
}
