import { badInput } from '../errors/domain-error.js';

/**
 * Money is held as integer pence and shown as pounds. These conversions are the only place a
 * float touches money: a pounds value with more than two decimals is refused, never rounded.
 */
export function poundsToPence(field: string, pounds: number): number {
  if (!Number.isFinite(pounds)) throw badInput(field, 'must be a number of pounds.');
  if (pounds < 0) throw badInput(field, `must not be negative (got ${pounds}).`);
  const pence = Math.round(pounds * 100);
  if (Math.abs(pence - pounds * 100) > 1e-6 * Math.max(1, Math.abs(pounds)))
    throw badInput(field, `must be whole pence (got ${pounds}).`);
  if (!Number.isSafeInteger(pence)) throw badInput(field, `is too large (got ${pounds}).`);
  return pence;
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
