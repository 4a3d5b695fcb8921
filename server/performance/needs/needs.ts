import { Pathway } from '../../cohort/cohort.entity.js';
import type { Disclosed, DisclosureRule } from '../../disclosure/small-counts.js';
import { roundHalfAway } from '../rounding.js';

export const NEEDS_DEFINITION =
  'Needs breakdown v1 (the lifestyle indicators of Thurrock\'s paper, 5.5). members: members on the scheme at the date (as the cohort snapshot ' +
  'counts them) with a need recorded against the pathway; a member with several needs counts under each, so the rows add up to more than ' +
  'the whole. percentOfMembers = members ÷ all members on the scheme, in percent to two decimals. rank: 1 for the pathway most members ' +
  'need, equal counts sharing a rank (listed in the Pathway order). `none recorded`: members with no need recorded. Counts from 1 to the threshold − 1 are null, with the ' +
  'percentage and rank built on them; those rows come last.';

export const NONE_RECORDED = 'none recorded';

export interface NeedFigures {
  pathway: string;
  members: number;
  percentOfMembers: number | null;
  rank: number;
}

/** What a pathway's row is worked out from: members with the need, and all members on the scheme. */
export interface NeedCounts {
  pathway: string;
  members: number;
  total: number;
}

/** A pathway's count and the whole cohort's are counts of people; the share and the rank are built on the pathway's. */
export const NEEDS_DISCLOSURE: DisclosureRule<NeedCounts, NeedFigures, 'members' | 'percentOfMembers' | 'rank'> = {
  counts: ['members', 'total'],
  derive: (c) => ({ pathway: c.pathway, members: c.members, percentOfMembers: c.total ? roundHalfAway((c.members / c.total) * 100, 2) : null, rank: 0 }),
  builtOn: { percentOfMembers: ['members'], rank: ['members'] },
};

/** The whole cohort's count, protected by the same rules. */
export const MEMBERS_DISCLOSURE: DisclosureRule<{ members: number }, { members: number }, 'members'> = { counts: ['members'], derive: (c) => c };

export type ShownNeed = Disclosed<NeedFigures, 'members' | 'percentOfMembers' | 'rank'>;

/** Every pathway (those nobody needs at 0), then `none recorded`, with the whole cohort beside each. */
export function needCounts(rows: readonly { pathway: string; members: unknown }[], total: number): NeedCounts[] {
  const counts = new Map(rows.map((r) => [r.pathway, Number(r.members)]));
  return [...Object.values(Pathway), NONE_RECORDED].map((pathway) => ({ pathway, members: counts.get(pathway) ?? 0, total }));
}

/**
 * The rows as shown, ranked on the counts as shown (1 for the pathway most members need, equal counts
 * sharing a rank, in the Pathway order): those with a count first, hidden ones after, `none recorded` last of the shown.
 */
export function rankShown(rows: readonly ShownNeed[]): ShownNeed[] {
  const counted = rows.filter((r) => r.pathway !== NONE_RECORDED && r.members !== null);
  const rankOf = (r: ShownNeed) => 1 + counted.filter((other) => (other.members ?? 0) > (r.members ?? 0)).length;
  const ranked = [...counted].sort((a, b) => (b.members ?? 0) - (a.members ?? 0)).map((r) => ({ ...r, rank: rankOf(r) }));
  const none = rows.filter((r) => r.pathway === NONE_RECORDED && r.members !== null).map((r) => ({ ...r, rank: 0 }));
  const hidden = rows.filter((r) => r.members === null).map((r) => ({ ...r, rank: null }));
  return [...ranked, ...none, ...hidden];
}
