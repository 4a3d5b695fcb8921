import { describe, expect, it } from 'vitest';
import { hideSmallCounts } from '../../disclosure/small-counts.js';
import { NEEDS_DISCLOSURE, needCounts, rankShown } from './needs.js';

const needsBreakdown = (rows: Parameters<typeof needCounts>[0], total: number, under: number | null = null) =>
  rankShown(needCounts(rows, total).map((n) => hideSmallCounts(n, NEEDS_DISCLOSURE, under)));

describe('needs breakdown v1', () => {
  const rows = [
    { pathway: 'THINKING_AND_BEHAVIOUR', members: '40' }, { pathway: 'LIFESTYLE_AND_ASSOCIATES', members: 33 }, { pathway: 'ALCOHOL', members: 33 },
    { pathway: 'DRUGS', members: 3 }, { pathway: 'none recorded', members: 2 },
  ];

  it('lists every pathway, most needed first, equal counts sharing a rank (in the Pathway order), none recorded last', () => {
    const needs = needsBreakdown(rows, 51);
    expect(needs.slice(0, 4).map((n) => [n.pathway, n.members, n.percentOfMembers, n.rank])).toEqual([
      ['THINKING_AND_BEHAVIOUR', 40, 78.43, 1], ['ALCOHOL', 33, 64.71, 2], ['LIFESTYLE_AND_ASSOCIATES', 33, 64.71, 2], ['DRUGS', 3, 5.88, 4],
    ]);
    expect(needs).toHaveLength(10);
    expect(needs.find((n) => n.pathway === 'HEALTH')).toEqual({ pathway: 'HEALTH', members: 0, percentOfMembers: 0, rank: 5 });
    expect(needs.at(-1)).toEqual({ pathway: 'none recorded', members: 2, percentOfMembers: 3.92, rank: 0 });
  });

  it('hides a small count with its share and rank, and puts it after the shown rows', () => {
    const shown = needsBreakdown(rows, 51, 5);
    expect(shown.at(-1)).toEqual({ pathway: 'none recorded', members: null, percentOfMembers: null, rank: null });
    expect(shown.find((n) => n.pathway === 'DRUGS')).toEqual({ pathway: 'DRUGS', members: null, percentOfMembers: null, rank: null });
    expect(shown[0]).toMatchObject({ pathway: 'THINKING_AND_BEHAVIOUR', members: 40 });
  });
});
