/** Value for money v1 of a financial year; money in pence. */
export interface ValueForMoneyFigures {
  runningCostPence: number;
  runningCostComplete: boolean;
  managed: number;
  costPerManagedOffenderPence: number | null;
  offences: number;
  averageOffenceCostPence: number | null;
  breakEvenOffences: number | null;
}

/** What the year's establishment contributes: its known budget, non-pay costs, and whether every line has a budget. */
export interface RunningCost {
  knownBudgetPence: number;
  nonPayPence: number;
  complete: boolean;
}

/** Running cost per managed offender, in pence (rounded to the penny); null with no members. */
export function costPerMemberPence(runningCostPence: number, members: number): number | null {
  return members === 0 ? null : Math.round(runningCostPence / members);
}

/** Offences the scheme must prevent to pay for itself: running cost ÷ average cost of an offence, rounded up. */
export function breakEvenOffences(runningCostPence: number, averageOffenceCostPence: number): number | null {
  return averageOffenceCostPence <= 0 ? null : Math.ceil(runningCostPence / averageOffenceCostPence);
}

/** The figures from the establishment and the SQL's counts (numbers or numeric text; no average without costed offences). */
export function valueForMoney(cost: RunningCost, counts: { managed: unknown; offences: unknown; average: unknown }): ValueForMoneyFigures {
  const runningCostPence = cost.knownBudgetPence + cost.nonPayPence;
  const managed = Number(counts.managed);
  const averageOffenceCostPence = counts.average === null ? null : Math.round(Number(counts.average));
  return {
    runningCostPence,
    runningCostComplete: cost.complete,
    managed,
    costPerManagedOffenderPence: costPerMemberPence(runningCostPence, managed),
    offences: Number(counts.offences),
    averageOffenceCostPence,
    breakEvenOffences: averageOffenceCostPence === null ? null : breakEvenOffences(runningCostPence, averageOffenceCostPence),
  };
}
