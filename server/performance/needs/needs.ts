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

/** A pathway's count is a count of people; its share and its rank are built on it. */
export const NEEDS_DISCLOSURE: DisclosureRule<NeedFigures, 'members', 'percentOfMembers' | 'rank'> = {
  counts: ['members'],
  builtOn: { percentOfMembers: ['members'], rank: ['members'] },
};

/** The whole cohort's count, protected by the same rules. */
export const MEMBERS_DISCLOSURE: DisclosureRule<{ members: number }, 'members'> = { counts: ['members'] };

export type ShownNeed = Disclosed<NeedFigures, 'members' | 'percentOfMembers' | 'rank'>;

/** Every pathway (those nobody needs at 0), then `none recorded`, most needed first with shared ranks. */
export function needsBreakdown(rows: readonly { pathway: string; members: unknown }[], total: number): NeedFigures[] {
  const counts = new Map(rows.map((r) => [r.pathway, Number(r.members)]));
  const pathways = [...Object.values(Pathway), NONE_RECORDED];
  const figures = pathways.map((pathway) => {
    const members = counts.get(pathway) ?? 0;
    return { pathway, members, percentOfMembers: total ? roundHalfAway((members / total) * 100, 2) : null, rank: 0 };
  });
  const ranked = figures.filter((f) => f.pathway !== NONE_RECORDED).sort((a, b) => b.members - a.members);
  for (const f of figures) f.rank = f.pathway === NONE_RECORDED ? 0 : 1 + ranked.filter((other) => other.members > f.members).length;
  return [...ranked, figures.at(-1)!];
}

/** Shown rows in order: those with a count first (as ranked), suppressed ones after. */
export function orderShown(rows: readonly ShownNeed[]): ShownNeed[] {
  return [...rows.filter((r) => r.members !== null), ...rows.filter((r) => r.members === null)];
}
