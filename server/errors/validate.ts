import { badInput } from './domain-error.js';

/** Trimmed, non-empty text of at most `max` characters. */
export function requireText(field: string, value: string, max = 200): string {
  const text = value.trim();
  if (!text) throw badInput(field, 'must not be empty.');
  if (text.length > max) throw badInput(field, `must be at most ${max} characters (got ${text.length}).`);
  return text;
}

/** Optional text: blank becomes null. */
export function optionalText(field: string, value: string | null | undefined, max = 2000): string | null {
  if (value === null || value === undefined || !value.trim()) return null;
  return requireText(field, value, max);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year-month-day is on the calendar (arithmetic, no Date objects: imports check millions of dates). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** A real calendar date written YYYY-MM-DD. */
export function requireDate(field: string, value: string): string {
  const text = value.trim();
  const match = DATE.exec(text);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])))
    throw badInput(field, `"${value}" is not a date; write it as YYYY-MM-DD.`);
  return text;
}

/** A calendar month written YYYY-MM. */
export function requireMonth(field: string, value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw badInput(field, `"${value}" is not a month; write it as YYYY-MM.`);
  return value;
}

export function optionalDate(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : requireDate(field, value);
}

export function requireWholeNumber(field: string, value: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  if (!Number.isSafeInteger(value)) throw badInput(field, `must be a whole number (got ${value}).`);
  if (value < min) throw badInput(field, min === 0 ? `must not be negative (got ${value}).` : `must be at least ${min} (got ${value}).`);
  if (value > max) throw badInput(field, `must be at most ${max} (got ${value}).`);
  return value;
}
