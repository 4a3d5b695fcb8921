import type { Disclosed, DisclosureRule } from '../../disclosure/small-counts.js';

/** The counts of a cohort snapshot, for the whole cohort or one group of it. */
export interface SnapshotCounts {
  group: string;
  total: number;
  red: number;
  amber: number;
  green: number;
  inPrison: number;
  unreviewed: number;
  added: number;
  removed: number;
  reoffended: number;
}

type SnapshotCount = Exclude<keyof SnapshotCounts, 'group'>;
const COUNTS: readonly SnapshotCount[] = ['total', 'red', 'amber', 'green', 'inPrison', 'unreviewed', 'added', 'removed', 'reoffended'];

/** Every figure of a snapshot is a count of people, shown as it is. */
export const SNAPSHOT_DISCLOSURE: DisclosureRule<SnapshotCounts, SnapshotCounts, SnapshotCount> = { counts: COUNTS, derive: (counts) => counts };

/** A group is in the breakdown because someone in it was on the scheme at the date or left in the period. */
export const SNAPSHOT_GROUP_DISCLOSURE: DisclosureRule<SnapshotCounts, SnapshotCounts, SnapshotCount> = { ...SNAPSHOT_DISCLOSURE, presence: ['total', 'removed'] };

/** A group's counts as the caller may see them. */
export type ShownSnapshotCounts = Disclosed<SnapshotCounts, SnapshotCount>;

/** The counts of each group as the snapshot's SQL returns them (numbers or numeric text; a missing count is 0). */
export function snapshotCounts(rows: readonly Record<string, unknown>[]): SnapshotCounts[] {
  return rows.map((row) => ({
    group: String(row.group),
    ...Object.fromEntries(COUNTS.map((k) => [k, Number(row[k] ?? 0)])),
  }) as SnapshotCounts);
}

/** The whole cohort's counts: the one row of the ungrouped statement, all zero when nobody is on the scheme. */
export function overallCounts(rows: readonly Record<string, unknown>[]): SnapshotCounts {
  const [overall] = snapshotCounts(rows);
  return overall ?? { group: 'all', ...Object.fromEntries(COUNTS.map((k) => [k, 0])) } as SnapshotCounts;
}

/**
 * The whole cohort's counts as the sum of its groups' counts: exact when each member is in one group
 * (every grouping but PATHWAY, where a member with several needs is in several groups).
 */
export function sumOfGroups(groups: readonly SnapshotCounts[]): SnapshotCounts {
  return { group: 'all', ...Object.fromEntries(COUNTS.map((k) => [k, groups.reduce((sum, g) => sum + g[k], 0)])) } as SnapshotCounts;
}
