import type { Disclosed, DisclosureRule } from '../../disclosure/small-counts.js';
import { nextStep, phasedTarget, type TargetPlan } from '../../partnership/staffing/staffing.js';

export const TARGET_PROGRESS_DEFINITION =
  'Cohort target progress v1. target: the final size of the cohort target in force on the date (of those set by then, the latest); ' +
  'phasedTarget: the size its plan expects on the date, on the straight line between its baseline, phases and target (a whole nominal, halves up); ' +
  'members: on the scheme at the date (as the cohort snapshot counts them); capacity: the places the partnership is staffed for on the date; ' +
  'shortfall = phasedTarget − members (negative: ahead of plan). Null where there is no target or no capacity recorded.';

/** A partnership's progress towards its cohort target on a date. */
export interface TargetProgressFigures {
  target: number | null;
  targetDate: string | null;
  baseline: number | null;
  baselineDate: string | null;
  phasedTarget: number | null;
  nextStepDate: string | null;
  nextStepSize: number | null;
  members: number;
  capacity: number | null;
  shortfall: number | null;
}

/** What target progress is worked out from: the plan in force, the date, members counted and the capacity. */
export interface TargetProgressCounts {
  plan: TargetPlan | null;
  date: string;
  members: number;
  capacity: number | null;
}

/** Members is a count of people; the shortfall is built on it. The plan's figures are not counts of anyone. */
export const TARGET_PROGRESS_DISCLOSURE: DisclosureRule<TargetProgressCounts, TargetProgressFigures, 'members' | 'shortfall'> = {
  counts: ['members'],
  derive: (c) => targetProgress(c.plan, c.date, c.members, c.capacity),
  builtOn: { shortfall: ['members'] },
};

export type ShownTargetProgress = Disclosed<TargetProgressFigures, 'members' | 'shortfall'>;

export function targetProgress(plan: TargetPlan | null, date: string, members: number, capacity: number | null): TargetProgressFigures {
  const phased = plan ? phasedTarget(plan, date) : null;
  const next = plan ? nextStep(plan, date) : null;
  return {
    target: plan?.target ?? null, targetDate: plan?.targetDate ?? null, baseline: plan?.baseline ?? null, baselineDate: plan?.baselineDate ?? null,
    phasedTarget: phased, nextStepDate: next?.date ?? null, nextStepSize: next?.size ?? null,
    members, capacity, shortfall: phased === null ? null : phased - members,
  };
}
