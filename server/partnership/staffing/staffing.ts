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
