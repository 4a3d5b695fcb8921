import { describe, expect, it } from 'vitest';
import { hideSmallCounts, protectSmallCounts } from '../../disclosure/small-counts.js';
import { overallCounts, SNAPSHOT_DISCLOSURE, SNAPSHOT_GROUP_DISCLOSURE, snapshotCounts } from './cohort-snapshot.js';

const ROW = { group: 'FEMALE', total: '12', red: 3, amber: 4, green: 5, inPrison: 0, unreviewed: 0, added: 2, removed: '1', reoffended: 6 };

describe('cohort snapshot counts', () => {
  it('reads each group\'s counts as numbers, whichever engine returned them', () => {
    expect(snapshotCounts([ROW])).toEqual([{ group: 'FEMALE', total: 12, red: 3, amber: 4, green: 5, inPrison: 0, unreviewed: 0, added: 2, removed: 1, reoffended: 6 }]);
  });

  it('counts nobody when nobody is on the scheme', () => {
    expect(overallCounts([])).toEqual({ group: 'all', total: 0, red: 0, amber: 0, green: 0, inPrison: 0, unreviewed: 0, added: 0, removed: 0, reoffended: 0 });
    expect(overallCounts([{ ...ROW, group: 'all' }]).total).toBe(12);
  });

  it('hides every count from 1 to 4 at a threshold of 5, and never the group', () => {
    const [counts] = snapshotCounts([ROW]);
    expect(hideSmallCounts(counts, SNAPSHOT_DISCLOSURE, 5)).toEqual({ group: 'FEMALE', total: 12, red: null, amber: null, green: 5, inPrison: 0, unreviewed: 0, added: null, removed: null, reoffended: 6 });
  });

  it('shows a board every count rounded to base 5, the whole cohort and each group on its own, and no group of 1 or 2', () => {
    const thurrock = { group: 'all', total: 51, red: 14, amber: 16, green: 6, inPrison: 15, unreviewed: 0, added: 7, removed: 2, reoffended: 8 };
    expect(protectSmallCounts({ role: 'BOARD' }, null, SNAPSHOT_DISCLOSURE, [thurrock])).toEqual([
      { group: 'all', total: 50, red: 15, amber: 15, green: 5, inPrison: 15, unreviewed: 0, added: 5, removed: 0, reoffended: 10 },
    ]);
    const [female] = snapshotCounts([ROW]);
    const left = { ...female, group: 'LEFT', total: 0, red: 0, amber: 0, green: 0, added: 0, removed: 3, reoffended: 0 };
    const few = { ...female, group: 'FEW', total: 2, red: 2, amber: 0, green: 0, added: 1, removed: 1, reoffended: 1 };
    expect(protectSmallCounts({ role: 'BOARD' }, null, SNAPSHOT_GROUP_DISCLOSURE, [female, left, few]).map((g) => [g.group, g.total, g.removed])).toEqual([['FEMALE', 10, 0], ['LEFT', 0, 5]]);
    expect(protectSmallCounts({ role: 'ANALYST' }, null, SNAPSHOT_GROUP_DISCLOSURE, [female, left, few])).toHaveLength(3);
  });
});
