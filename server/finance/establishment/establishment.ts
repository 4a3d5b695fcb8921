import { formatPounds, sumPence } from '../../money/pence.js';

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
/** A year's non-pay costs together, in pence. */
export function nonPayPenceOf(lines: readonly { amountPence: number }[]): number {
  return sumPence(lines.map((line) => line.amountPence));
}

export interface PayAssumption {
  costPerFtePence: number;
  onCostBasisPoints: number;
  abatementBasisPoints: number;
}

/**
 * What a line's budget is built from: its FTE at a cost per FTE (a pay point), of which some FTE may
 * be vacant and budgeted at another cost (the bottom of the scale), plus on-costs, less abatement.
 */
export interface BudgetParts {
  fteHundredths: number;
  costPerFtePence: number;
  vacantFteHundredths?: number | null;
  /** What a vacant FTE is budgeted at; null: the same as a filled one. */
  vacantCostPerFtePence?: number | null;
  onCostBasisPoints?: number | null;
  abatementBasisPoints?: number | null;
}

/**
 * The budget from its parts: (filled FTE × cost per FTE + vacant FTE × vacant cost per FTE) ×
 * (1 + on-cost) × (1 − abatement), rounded half up to the penny once, at the end (BigInt, so no
 * intermediate rounding). Abatement is the reduction applied to pay budgets for expected vacancies
 * and turnover (Norfolk & Suffolk abate staff pay at 3%).
 */
export function derivedBudget(parts: BudgetParts): number {
  const vacant = BigInt(parts.vacantFteHundredths ?? 0);
  const pay = (BigInt(parts.fteHundredths) - vacant) * BigInt(parts.costPerFtePence) + vacant * BigInt(parts.vacantCostPerFtePence ?? parts.costPerFtePence);
  const numerator = pay * BigInt(10_000 + (parts.onCostBasisPoints ?? 0)) * BigInt(10_000 - (parts.abatementBasisPoints ?? 0));
  const denominator = 100n * 10_000n * 10_000n;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** The budget for `fteHundredths` of a grade under pay assumptions (a scenario's posts, all filled). */
export function budgetForPosts(fteHundredths: number, pay: PayAssumption): number {
  return derivedBudget({ fteHundredths, ...pay });
}

/** Whether a line's budget is worked out from its parts, typed in, or not given. */
export type BudgetSource = 'DERIVED' | 'ENTERED' | 'NOT_COSTED';

/** A line's budget is DERIVED when it has a cost per FTE and its parts give exactly its budget. */
export function budgetSourceOf(line: Omit<BudgetParts, 'costPerFtePence'> & { costPerFtePence?: number | null; budgetPence?: number | null }): BudgetSource {
  if (line.budgetPence == null) return 'NOT_COSTED';
  return line.costPerFtePence != null && derivedBudget(line as BudgetParts) === line.budgetPence ? 'DERIVED' : 'ENTERED';
}

const fte = (hundredths: number) => (hundredths / 100).toFixed(2);
const percent = (basisPoints: number) => `${(basisPoints / 100).toString()}%`;

/** How a derived budget is worked out, for people: `(1.00 FTE × £45,000.00 + 3.00 FTE × £38,000.00) × 125% on-costs × 97% (3% abatement) = £186,240.00`. */
export function budgetWorking(parts: BudgetParts): string {
  const vacant = parts.vacantFteHundredths ?? 0;
  const vacantCost = parts.vacantCostPerFtePence ?? parts.costPerFtePence;
  const pay =
    vacant > 0 && vacantCost !== parts.costPerFtePence
      ? `(${fte(parts.fteHundredths - vacant)} FTE × ${formatPounds(parts.costPerFtePence)} + ${fte(vacant)} FTE × ${formatPounds(vacantCost)})`
      : `${fte(parts.fteHundredths)} FTE × ${formatPounds(parts.costPerFtePence)}`;
  const onCost = parts.onCostBasisPoints ? ` × ${percent(10_000 + parts.onCostBasisPoints)} on-costs` : '';
  const abatement = parts.abatementBasisPoints ? ` × ${percent(10_000 - parts.abatementBasisPoints)} (${percent(parts.abatementBasisPoints)} abatement)` : '';
  return `${pay}${onCost}${abatement} = ${formatPounds(derivedBudget(parts))}`;
}
