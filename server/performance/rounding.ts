/** Rounding as the partnerships' papers print their figures, shared by the measures. */

/** Rounds half away from zero to `places` decimals (how the papers round: -3.5 → -4). */
export function roundHalfAway(value: number, places = 0): number {
  const factor = 10 ** places;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(Number(scaled.toPrecision(12))) / factor;
  return value < 0 ? -rounded : rounded;
}
