import { badInput } from '../errors/domain-error.js';
import { budgetForPosts, type PayAssumption } from '../finance/establishment/establishment.js';
import { shareCost, type ShareOfCost, type ShareWeight } from '../finance/cost-share/cost-share.js';
import { requiredFte, type StaffingRatio } from '../partnership/staffing/staffing.js';

export interface ScenarioPlan {
  cohortTarget: number;
  ratios: readonly StaffingRatio[];
  pay: ReadonlyMap<string, PayAssumption>;
  shares: readonly ShareWeight[];
  nonPayPence: number;
  /** Funding already confirmed for the year (agreed contributions and confirmed streams). */
  confirmedFundingPence: number;
}

export interface ScenarioGrade {
  grade: string;
  fteHundredths: number;
  budgetPence: number;
}

export interface ScenarioResult {
  grades: ScenarioGrade[];
  totalFteHundredths: number;
  staffingBudgetPence: number;
  plannedCostPence: number;
  shares: ShareOfCost[];
  /** Planned cost not covered by funding already confirmed for the year; negative is headroom. */
  fundingGapPence: number;
}

/**
 * Models a plan without saving it: the FTE each grade needs for the cohort target, what that
 * costs under the pay assumptions, how partners would share the staffing budget, and the gap
 * against funding already confirmed. Ratios that name the same grade add up.
 */
export function modelScenario(plan: ScenarioPlan): ScenarioResult {
  const fteByGrade = new Map<string, number>();
  plan.ratios.forEach((ratio, i) => {
    if (!plan.pay.has(ratio.grade)) throw badInput(`input.ratios[${i}].grade`, `there is no pay assumption for "${ratio.grade}"; add one to input.pay.`);
    fteByGrade.set(ratio.grade, (fteByGrade.get(ratio.grade) ?? 0) + requiredFte(plan.cohortTarget, ratio));
  });
  const grades = [...fteByGrade].map(([grade, fteHundredths]) => ({
    grade,
    fteHundredths,
    budgetPence: budgetForPosts(fteHundredths, plan.pay.get(grade) as PayAssumption),
  }));
  const staffingBudgetPence = grades.reduce((sum, g) => sum + g.budgetPence, 0);
  const plannedCostPence = staffingBudgetPence + plan.nonPayPence;
  return {
    grades,
    totalFteHundredths: grades.reduce((sum, g) => sum + g.fteHundredths, 0),
    staffingBudgetPence,
    plannedCostPence,
    shares: plan.shares.length > 0 ? shareCost(staffingBudgetPence, plan.shares) : [],
    fundingGapPence: plannedCostPence - plan.confirmedFundingPence,
  };
}
