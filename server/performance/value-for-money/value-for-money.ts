import { costOf, type CostedCount, type DisclosureRule } from '../../disclosure/small-counts.js';
import { costedCounts } from '../costed-offences.js';

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

/** What the SQL counts: members managed in the year, and the year's offences by unit cost. */
export interface YearCounts {
  managed: number;
  costed: CostedCount[];
}

/** The year's counts from the SQL's rows (one per unit cost; numbers or numeric text). */
export function yearCounts(rows: readonly Record<string, unknown>[]): YearCounts {
  return { managed: Number(rows[0]?.managed ?? 0), costed: costedCounts(rows, 'offences') };
}

/** The figures from the establishment and the year's counts: the average offence cost is the cost of the offences over how many there are. */
export function valueForMoney(cost: RunningCost, counts: YearCounts): ValueForMoneyFigures {
  const runningCostPence = cost.knownBudgetPence + cost.nonPayPence;
  const offences = counts.costed.reduce((sum, c) => sum + c.count, 0);
  const averageOffenceCostPence = offences === 0 ? null : Math.round(costOf(counts.costed) / offences);
  return {
    runningCostPence,
    runningCostComplete: cost.complete,
    managed: counts.managed,
    costPerManagedOffenderPence: costPerMemberPence(runningCostPence, counts.managed),
    offences,
    averageOffenceCostPence,
    breakEvenOffences: averageOffenceCostPence === null ? null : breakEvenOffences(runningCostPence, averageOffenceCostPence),
  };
}

/** Members managed and the offences of each unit cost are counts; every figure but the running cost is worked out from them. */
export function valueForMoneyDisclosure(cost: RunningCost): DisclosureRule<YearCounts, ValueForMoneyFigures> {
  return { counts: ['managed'], costed: ['costed'], derive: (counts) => valueForMoney(cost, counts) };
}
