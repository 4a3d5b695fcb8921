import { badInput } from '../../errors/domain-error.js';
import { allocateByLargestRemainder } from './allocate.js';

/**
 * How a partnership splits a cost between its agencies:
 * fixed percentages agreed between partners, or pro rata to each agency's cohort, the FTE it
 * hosts, or the population it serves.
 */
export type CostShareBasis = 'FIXED_PERCENTAGES' | 'PRO_RATA_COHORT' | 'PRO_RATA_FTE_HOSTED' | 'PRO_RATA_POPULATION';

export interface ShareWeight {
  agency: string;
  /** FIXED_PERCENTAGES: the percentage in hundredths (56.5% = 5650); otherwise the agency's cohort, FTE hosted (hundredths) or population. */
  weight: number;
}

export interface ShareOfCost {
  agency: string;
  weight: number;
  /** The agency's share in hundredths of a percent, rounded by largest remainder so the shares add up to 100.00%. */
  percentHundredths: number;
  contributionPence: number;
}

/** Checks a set of shares can be agreed; `field` names the list (`input.shares`). */
export function validateShares(field: string, basis: CostShareBasis, shares: readonly ShareWeight[]): void {
  if (shares.length === 0) throw badInput(field, 'a cost share needs at least one agency.');
  const seen = new Set<string>();
  shares.forEach((share, i) => {
    if (seen.has(share.agency)) throw badInput(`${field}[${i}].agency`, `${share.agency} appears more than once.`);
    seen.add(share.agency);
  });
  const total = shares.reduce((sum, share) => sum + share.weight, 0);
  if (basis === 'FIXED_PERCENTAGES' && total !== 10_000)
    throw badInput(field, `the shares must sum to 100% (they sum to ${(total / 100).toFixed(2)}%).`);
  if (basis !== 'FIXED_PERCENTAGES' && total === 0)
    throw badInput(field, 'at least one agency needs a weight above zero to share a cost pro rata.');
}

/** Each agency's percentage and contribution; the contributions add up to `totalPence` exactly. */
export function shareCost(totalPence: number, shares: readonly ShareWeight[]): ShareOfCost[] {
  const weights = shares.map((share) => share.weight);
  const percents = allocateByLargestRemainder(10_000, weights);
  const contributions = allocateByLargestRemainder(totalPence, weights);
  return shares.map((share, i) => ({
    agency: share.agency,
    weight: share.weight,
    percentHundredths: percents[i],
    contributionPence: contributions[i],
  }));
}
