import { sumPence } from '../../money/pence.js';

/** What the establishment totals need from a line: FTE in hundredths, budget in pence (null: not costed). */
export interface CostedLine {
  fteHundredths: number;
  budgetPence?: number | null;
}

export interface EstablishmentTotals {
  totalFteHundredths: number;
  /** The whole budget, or null when any line has no budget: a partial sum is not a total. */
  totalBudgetPence: number | null;
  knownBudgetPence: number;
  linesWithoutBudget: number;
}

export function establishmentTotals(lines: readonly CostedLine[]): EstablishmentTotals {
  const costed = lines.filter((line) => line.budgetPence != null).map((line) => line.budgetPence as number);
  const knownBudgetPence = sumPence(costed);
  const linesWithoutBudget = lines.length - costed.length;
  return {
    totalFteHundredths: lines.reduce((total, line) => total + line.fteHundredths, 0),
    totalBudgetPence: linesWithoutBudget > 0 ? null : knownBudgetPence,
    knownBudgetPence,
    linesWithoutBudget,
  };
}

/** Pay assumptions for a grade: cost of one FTE before on-costs, on-cost and abatement in hundredths of a percent. */
export interface PayAssumption {
  costPerFtePence: number;
  onCostBasisPoints: number;
  abatementBasisPoints: number;
}

/**
 * The budget for `fteHundredths` of a grade: FTE × cost per FTE × (1 + on-cost) × (1 − abatement),
 * rounded half up to the penny once, at the end (BigInt, so no intermediate rounding).
 * Abatement is the reduction applied to pay budgets for expected vacancies and turnover
 * (Norfolk & Suffolk abate staff pay at 3%).
 */
export function budgetForPosts(fteHundredths: number, pay: PayAssumption): number {
  const numerator =
    BigInt(fteHundredths) * BigInt(pay.costPerFtePence) * BigInt(10_000 + pay.onCostBasisPoints) * BigInt(10_000 - pay.abatementBasisPoints);
  const denominator = 100n * 10_000n * 10_000n;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
