import { describe, expect, it } from 'vitest';
import { hideSmallCounts } from '../../disclosure/small-counts.js';
import { overallCounts, SNAPSHOT_DISCLOSURE, snapshotCounts } from './cohort-snapshot.js';

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
});
