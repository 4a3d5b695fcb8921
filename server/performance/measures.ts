/**
 * Measure arithmetic that needs no database: rounding as published, rates, capacity
 * and value for money. The SQL in measures.service.ts does the counting; these turn counts into the
 * published figures.
 */

/** Rounds half away from zero to `places` decimals (how the papers round: -3.5 → -4). */
export function roundHalfAway(value: number, places = 0): number {
  const factor = 10 ** places;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(Number(scaled.toPrecision(12))) / factor;
  return value < 0 ? -rounded : rounded;
}

/** live / pre − 1, in whole percent as the Suffolk table prints it; null when pre is 0. */
export function percentChange(pre: number, live: number): number | null {
  return pre === 0 ? null : roundHalfAway((live / pre - 1) * 100) || 0;
}

/** (actual − predicted) / predicted, in percent to two decimals. */
export function differencePercent(actual: number, predicted: number): number | null {
  return predicted === 0 ? null : roundHalfAway(((actual - predicted) / predicted) * 100, 2);
}

/** Share of members with at least one proven offence, in percent to two decimals. */
export function binaryRate(reoffenders: number, members: number): number | null {
  return members === 0 ? null : roundHalfAway((reoffenders / members) * 100, 2);
}

/** Offences per 100 members, to two decimals. */
export function frequencyPer100(offences: number, members: number): number | null {
  return members === 0 ? null : roundHalfAway((offences / members) * 100, 2);
}

/** Offences per reoffender, to two decimals. */
export function offencesPerReoffender(offences: number, reoffenders: number): number | null {
  return reoffenders === 0 ? null : roundHalfAway(offences / reoffenders, 2);
}

/** Nominals per FTE of a role, to two decimals; null with no FTE. */
export function nominalsPerFte(nominals: number, fte: number): number | null {
  return fte === 0 ? null : roundHalfAway(nominals / fte, 2);
}


/** Running cost per managed offender, in pence (rounded to the penny); null with no members. */
export function costPerMemberPence(runningCostPence: number, members: number): number | null {
  return members === 0 ? null : Math.round(runningCostPence / members);
}

/** Offences the scheme must prevent to pay for itself: running cost ÷ average cost of an offence, rounded up. */
export function breakEvenOffences(runningCostPence: number, averageOffenceCostPence: number): number | null {
  return averageOffenceCostPence <= 0 ? null : Math.ceil(runningCostPence / averageOffenceCostPence);
}
