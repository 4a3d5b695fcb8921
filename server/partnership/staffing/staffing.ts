/** One police officer per 40 nominals: `{ grade: 'Police officer', fteHundredths: 100, perNominals: 40 }`. */
export interface StaffingRatio {
  grade: string;
  fteHundredths: number;
  perNominals: number;
}

/** FTE a cohort needs at a ratio, rounded up to the hundredth: staffing is not rounded down. */
export function requiredFte(cohort: number, ratio: StaffingRatio): number {
  return Math.ceil((cohort * ratio.fteHundredths) / ratio.perNominals);
}

/** A cohort target's plan: the baseline, the sizes planned on the way, and the target, each by its date. */
export interface TargetPlan {
  baseline: number;
  baselineDate: string;
  target: number;
  targetDate: string;
  phases?: readonly { date: string; size: number }[] | null;
}

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * The cohort size a target plans for on `date`: between two points of the plan (the baseline, each
 * phase, the target), the straight line between them, rounded to a whole nominal (halves up); the
 * target itself from its date on; null before the baseline.
 */
export function phasedTarget(plan: TargetPlan, date: string): number | null {
  if (date < plan.baselineDate) return null;
  const points = [{ date: plan.baselineDate, size: plan.baseline }, ...(plan.phases ?? []), { date: plan.targetDate, size: plan.target }];
  for (let i = 1; i < points.length; i++) {
    const [from, to] = [points[i - 1], points[i]];
    if (date > to.date) continue;
    const share = (dayOf(date) - dayOf(from.date)) / (dayOf(to.date) - dayOf(from.date));
    return Math.floor(from.size + (to.size - from.size) * share + 0.5);
  }
  return plan.target;
}

/** The next point of the plan after `date` (a phase or the target), or null when the target date has passed. */
export function nextStep(plan: TargetPlan, date: string): { date: string; size: number } | null {
  return [...(plan.phases ?? []), { date: plan.targetDate, size: plan.target }].find((p) => p.date > date) ?? null;
}
