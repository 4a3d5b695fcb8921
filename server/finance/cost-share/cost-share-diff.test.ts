import { describe, expect, it } from 'vitest';
import { diffVersions, varianceNote, type VersionFigures } from './cost-share-diff.js';

const agreed: VersionFigures = {
  basis: 'FIXED_PERCENTAGES',
  totalPence: 102_394_400,
  shares: [
    { agency: 'norfolk-constabulary', agencyName: 'Norfolk Constabulary', weight: 5650, percentHundredths: 5650, contributionPence: 57_852_836 },
    { agency: 'suffolk-constabulary', agencyName: 'Suffolk Constabulary', weight: 4350, percentHundredths: 4350, contributionPence: 44_541_564 },
  ],
};

describe('the changes between two versions of a cost share', () => {
  it('gives each agency\'s old and new percentage and contribution', () => {
    const next: VersionFigures = {
      basis: 'FIXED_PERCENTAGES',
      totalPence: 103_035_100,
      shares: [
        { agency: 'norfolk-constabulary', agencyName: 'Norfolk Constabulary', weight: 5500, percentHundredths: 5500, contributionPence: 56_669_305 },
        { agency: 'suffolk-constabulary', agencyName: 'Suffolk Constabulary', weight: 4500, percentHundredths: 4500, contributionPence: 46_365_795 },
      ],
    };
    const changes = diffVersions(agreed, next);
    expect(changes).toMatchObject({ totalFromPence: 102_394_400, totalToPence: 103_035_100, totalChangePence: 640_700, changed: 2 });
    expect(changes.shares[0]).toEqual({
      agency: 'norfolk-constabulary', agencyName: 'Norfolk Constabulary', weightFrom: 5650, weightTo: 5500,
      percentFromHundredths: 5650, percentToHundredths: 5500, percentChangeHundredths: -150,
      contributionFromPence: 57_852_836, contributionToPence: 56_669_305, contributionChangePence: -1_183_531,
    });
  });

  it('shows an agency that joins or leaves against nothing', () => {
    const joined: VersionFigures = { ...agreed, shares: [agreed.shares[0], { agency: 'nscrc', agencyName: 'CRC', weight: 4350, percentHundredths: 4350, contributionPence: 44_541_564 }] };
    const changes = diffVersions(agreed, joined);
    expect(changes.shares.map((s) => [s.agency, s.contributionFromPence, s.contributionToPence, s.contributionChangePence])).toEqual([
      ['norfolk-constabulary', 57_852_836, 57_852_836, 0],
      ['suffolk-constabulary', 44_541_564, null, -44_541_564],
      ['nscrc', null, 44_541_564, 44_541_564],
    ]);
    expect(changes.changed).toBe(2);
    expect(diffVersions(agreed, agreed).changed).toBe(0);
  });
});

describe('the variance of an agreed total', () => {
  it('says how much of the establishment the agreed shares do not allocate', () => {
    expect(varianceNote(102_394_400, 103_035_100)).toBe('agreed on £1,023,944.00; establishment now £1,030,351.00; £6,407.00 not allocated');
    expect(varianceNote(102_394_400, 102_000_000)).toBe('agreed on £1,023,944.00; establishment now £1,020,000.00; £3,944.00 agreed but no longer in the establishment');
    expect(varianceNote(5, 5)).toBeNull();
  });
});
