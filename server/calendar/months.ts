/**
 * Calendar months on 'YYYY-MM-DD' dates and 'YYYY-MM' months, as text (how the hub stores dates):
 * period bounds of the measures and the cohort list.
 */

/** The date `months` calendar months before `date` (YYYY-MM-DD); a month end maps to a month end. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  const isMonthEnd = d === lastDay(y, m);
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = isMonthEnd ? lastDay(year, month) : Math.min(d, lastDay(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last day of a month given as YYYY-MM. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** `date` when it is the last day of its month, else the last day of the month before (YYYY-MM-DD). */
export function monthEndOnOrBefore(date: string): string {
  if (date === monthEnd(date.slice(0, 7))) return date;
  const [y, m] = date.split('-').map(Number);
  return monthEnd(m === 1 ? `${String(y - 1).padStart(4, '0')}-12` : `${date.slice(0, 4)}-${String(m - 1).padStart(2, '0')}`);
}

/** Months from `from` to `to` inclusive, both YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = index(from); i <= index(to); i++) months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return months;
}
