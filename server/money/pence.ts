import { badInput } from '../errors/domain-error.js';

/**
 * Money is held as integer pence and shown as pounds. These conversions are the only place a
 * float touches money: a pounds value with more than two decimals is refused, never rounded.
 */
export function poundsToPence(field: string, pounds: number): number {
  if (!Number.isFinite(pounds)) throw badInput(field, 'must be a number of pounds.');
  if (pounds < 0) throw badInput(field, `must not be negative (got ${pounds}).`);
  const pence = Math.round(pounds * 100);
  if (!isWhole(pounds * 100)) throw badInput(field, `must be whole pence (got ${pounds}).`);
  if (!Number.isSafeInteger(pence)) throw badInput(field, `is too large (got ${pounds}).`);
  return pence;
}

/**
 * Whether `scaled` (pounds × 100, percent × 100) is a whole number up to the error of a double:
 * 578528.36 × 100 is 57852836.00000001, which is whole; 700000.123 × 100 is not, however large
 * the amount (the allowance grows with the value only as a double's precision does, never to a tenth).
 */
export function isWhole(scaled: number): boolean {
  return Math.abs(scaled - Math.round(scaled)) <= Math.max(1e-6, Math.abs(scaled) * 4 * Number.EPSILON);
}

export function optionalPoundsToPence(field: string, pounds: number | null | undefined): number | null {
  return pounds === null || pounds === undefined ? null : poundsToPence(field, pounds);
}

export function penceToPounds(pence: number): number {
  return pence / 100;
}

export function optionalPenceToPounds(pence: number | null | undefined): number | null {
  return pence === null || pence === undefined ? null : pence / 100;
}

export function sumPence(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** £1,023,944.00 — for messages and notes, not for the API (which returns numbers). */
export function formatPounds(pence: number): string {
  const pounds = pence / 100;
  return `£${pounds.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
