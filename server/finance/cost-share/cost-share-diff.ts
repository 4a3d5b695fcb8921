import { formatPounds } from '../../money/pence.js';
import type { CostShareBasis } from './cost-share.js';

/** The figures of one version of a cost share (agreed and frozen, a draft worked out now, or a proposal). */
export interface VersionFigures {
  basis: CostShareBasis;
  totalPence: number;
  shares: readonly { agency: string; agencyName: string; weight: number; percentHundredths: number; contributionPence: number }[];
}

/** One agency's part before and after; null where the agency has no part in that version. */
export interface ShareChange {
  agency: string;
  agencyName: string;
  weightFrom: number | null;
  weightTo: number | null;
  percentFromHundredths: number | null;
  percentToHundredths: number | null;
  percentChangeHundredths: number;
  contributionFromPence: number | null;
  contributionToPence: number | null;
  contributionChangePence: number;
}

export interface CostShareChanges {
  basisFrom: CostShareBasis;
  basisTo: CostShareBasis;
  totalFromPence: number;
  totalToPence: number;
  totalChangePence: number;
  /** Agencies of the first version in its order, then agencies new in the second. */
  shares: ShareChange[];
  /** How many agencies' percentage or contribution differ. */
  changed: number;
}

/** Each agency's old and new weight, percentage and contribution between two versions of a cost share. */
export function diffVersions(from: VersionFigures, to: VersionFigures): CostShareChanges {
  const agencies = [...new Map([...from.shares, ...to.shares].map((share) => [share.agency, share.agencyName]))];
  const shares = agencies.map(([agency, agencyName]): ShareChange => {
    const before = from.shares.find((share) => share.agency === agency);
    const after = to.shares.find((share) => share.agency === agency);
    return {
      agency,
      agencyName: after?.agencyName ?? agencyName,
      weightFrom: before?.weight ?? null,
      weightTo: after?.weight ?? null,
      percentFromHundredths: before?.percentHundredths ?? null,
      percentToHundredths: after?.percentHundredths ?? null,
      percentChangeHundredths: (after?.percentHundredths ?? 0) - (before?.percentHundredths ?? 0),
      contributionFromPence: before?.contributionPence ?? null,
      contributionToPence: after?.contributionPence ?? null,
      contributionChangePence: (after?.contributionPence ?? 0) - (before?.contributionPence ?? 0),
    };
  });
  return {
    basisFrom: from.basis,
    basisTo: to.basis,
    totalFromPence: from.totalPence,
    totalToPence: to.totalPence,
    totalChangePence: to.totalPence - from.totalPence,
    shares,
    changed: shares.filter((s) => s.percentChangeHundredths !== 0 || s.contributionChangePence !== 0 || s.weightFrom !== s.weightTo).length,
  };
}

/**
 * An agreed total against the establishment as it is now: `agreed on £1,023,944.00; establishment
 * now £1,030,351.00; £6,407.00 not allocated`; null when they are the same.
 */
export function varianceNote(agreedPence: number, establishmentPence: number): string | null {
  const difference = establishmentPence - agreedPence;
  if (difference === 0) return null;
  const head = `agreed on ${formatPounds(agreedPence)}; establishment now ${formatPounds(establishmentPence)}`;
  return difference > 0 ? `${head}; ${formatPounds(difference)} not allocated` : `${head}; ${formatPounds(-difference)} agreed but no longer in the establishment`;
}
