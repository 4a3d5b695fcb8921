import { badInput } from '../errors/domain-error.js';
import { isWhole } from './pence.js';

/**
 * FTE and percentages are held as integer hundredths (23.00 FTE = 2300, 56.5% = 5650), so totals
 * add up exactly. A value with more than two decimals is refused rather than silently rounded.
 */
export function toHundredths(field: string, value: number, { min = 0, max = Number.MAX_SAFE_INTEGER / 100 } = {}): number {
  if (!Number.isFinite(value)) throw badInput(field, 'must be a number.');
  if (value < min) throw badInput(field, min === 0 ? `must not be negative (got ${value}).` : `must be at least ${min} (got ${value}).`);
  if (value > max) throw badInput(field, `must be at most ${max} (got ${value}).`);
  const hundredths = Math.round(value * 100);
  if (!isWhole(value * 100))
    throw badInput(field, `may have at most two decimal places (got ${value}).`);
  return hundredths;
}

export function optionalToHundredths(field: string, value: number | null | undefined, range?: { min?: number; max?: number }): number | null {
  return value === null || value === undefined ? null : toHundredths(field, value, range);
}

export function percentToHundredths(field: string, percent: number): number {
  return toHundredths(field, percent, { min: 0, max: 100 });
}

export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

export function optionalFromHundredths(hundredths: number | null | undefined): number | null {
  return hundredths === null || hundredths === undefined ? null : hundredths / 100;
}
