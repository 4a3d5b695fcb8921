import { monthEnd, monthsBefore } from '../../calendar/months.js';
import type { DisclosureRule } from '../../disclosure/small-counts.js';
import { roundHalfAway } from '../rounding.js';

export const PRIORITY_RATE_DEFINITION = 'priority crime rate v1';

/**
 * How offences are counted per member. ALL_PRIORITY_OFFENCES: every priority offence. MOST_RELEVANT_OFFENCE:
 * only offences of the one priority banding most relevant to the member (the membership's `relevantBanding`;
 * members without one are left out), the Suffolk method (AP14/73 5.2).
 */
export const PriorityRateMethod = { ALL_PRIORITY_OFFENCES: 'ALL_PRIORITY_OFFENCES', MOST_RELEVANT_OFFENCE: 'MOST_RELEVANT_OFFENCE' } as const;
export type PriorityRateMethod = (typeof PriorityRateMethod)[keyof typeof PriorityRateMethod];

/** What a series measures: the area (a local authority; null: the whole partnership) and the method. */
export interface RateSeries {
  area: string | null;
  method: PriorityRateMethod;
}

/** A month of the rate, computed from the hub's records or as a partner published it. */
export interface RateRow {
  month: string;
  preRate: number | null;
  liveRate: number | null;
  percentChange: number | null;
  preMembers: number | null;
  liveMembers: number | null;
  source: 'computed' | 'published';
  reference: string;
  area: string | null;
  method: PriorityRateMethod;
}

/** What the rate's SQL counts for a month: numbers, or numeric text (PostgreSQL's sums), or null for none. */
type Count = number | string | null;
export interface RateCounts {
  month: string;
  pre_members: Count;
  pre_offences: Count;
  live_members: Count;
  live_offences: Count;
}

/** A month's counts: joiners and their priority offences before joining, members and their offences in the year. */
export interface MonthCounts {
  month: string;
  preMembers: number;
  preOffences: number;
  liveMembers: number;
  liveOffences: number;
}

/** A published month as stored: rates in hundredths, the change in whole percent. */
export interface PublishedRate {
  month: string;
  pre: number;
  live: number;
  change: number;
  source: string;
}

/** Each month's bounds for the SQL: the month, its last day E, E − 24 months and E − 12 months. */
export function monthBounds(months: readonly string[]): [string, string, string, string][] {
  return months.map((m) => { const e = monthEnd(m); return [m, e, monthsBefore(e, 24), monthsBefore(e, 12)]; });
}

/** live / pre − 1, in whole percent as the Suffolk table prints it; null when pre is 0. */
export function percentChange(pre: number, live: number): number | null {
  return pre === 0 ? null : roundHalfAway((live / pre - 1) * 100) || 0;
}

/** The months with members either way, their counts as numbers (the SQL gives numbers, numeric text, or 0 or null for none). */
export function monthCounts(counts: readonly RateCounts[]): MonthCounts[] {
  return counts
    .filter((r) => Number(r.pre_members ?? 0) > 0 || Number(r.live_members ?? 0) > 0)
    .map((r) => ({
      month: r.month, preMembers: Number(r.pre_members ?? 0), preOffences: Number(r.pre_offences ?? 0), liveMembers: Number(r.live_members ?? 0), liveOffences: Number(r.live_offences ?? 0),
    }));
}

/** The computed months of a series as counted (no disclosure control): for tests and the floor. */
export function computedRates(counts: readonly RateCounts[], series: RateSeries): RateRow[] {
  return monthCounts(counts).map((c) => computedRate(c, series));
}

/**
 * A computed month: pre = offences before joining ÷ members who joined, live = offences in the
 * year ÷ members on the scheme, each to two decimals; the change from the unrounded rates.
 */
export function computedRate(c: MonthCounts, series: RateSeries): RateRow {
  const pre = c.preMembers ? c.preOffences / c.preMembers : null;
  const live = c.liveMembers ? c.liveOffences / c.liveMembers : null;
  return {
    month: c.month,
    preRate: pre === null ? null : roundHalfAway(pre, 2),
    liveRate: live === null ? null : roundHalfAway(live, 2),
    percentChange: pre === null || live === null ? null : percentChange(pre, live),
    preMembers: c.preMembers,
    liveMembers: c.liveMembers,
    source: 'computed',
    reference: PRIORITY_RATE_DEFINITION,
    ...series,
  };
}

/** Members and offences either way are counts; a month is there because it has members either way. */
export function priorityRateDisclosure(series: RateSeries): DisclosureRule<MonthCounts, RateRow> {
  return {
    counts: ['preMembers', 'preOffences', 'liveMembers', 'liveOffences'],
    presence: ['preMembers', 'liveMembers'],
    derive: (c) => computedRate(c, series),
  };
}

/** The published months as printed, `reference` naming the paper. */
export function publishedRates(published: readonly PublishedRate[], series: RateSeries): RateRow[] {
  return published.map((r) => ({
    month: r.month, preRate: r.pre / 100, liveRate: r.live / 100, percentChange: r.change, preMembers: null, liveMembers: null, source: 'published', reference: r.source, ...series,
  }));
}

/** Both kinds by month, a month's published row before its computed one. */
export function byMonth(rows: readonly RateRow[]): RateRow[] {
  return [...rows].sort((a, b) => a.month.localeCompare(b.month) || b.source.localeCompare(a.source));
}
