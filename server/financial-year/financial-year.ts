import { badInput } from '../errors/domain-error.js';

/**
 * A UK public-sector financial year: 1 April to 31 March, labelled `2014/15`.
 */
export interface FinancialYearSpan {
  label: string;
  startYear: number;
  startDate: string; // YYYY-MM-DD, 1 April
  endDate: string; // YYYY-MM-DD, 31 March
}

const LABEL = /^(\d{4})\/(\d{2})$/;

export function parseFinancialYear(field: string, label: string): FinancialYearSpan {
  const match = LABEL.exec(label.trim());
  if (!match) throw badInput(field, `"${label}" is not a financial year; write it like 2014/15.`);
  const startYear = Number(match[1]);
  if (Number(match[2]) !== (startYear + 1) % 100)
    throw badInput(field, `"${label}" is not a financial year: ${startYear}/${String((startYear + 1) % 100).padStart(2, '0')} follows ${startYear}.`);
  return financialYearStarting(startYear);
}

export function financialYearStarting(startYear: number): FinancialYearSpan {
  return {
    label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
    startYear,
    startDate: `${startYear}-04-01`,
    endDate: `${startYear + 1}-03-31`,
  };
}

/** The financial year a calendar date (YYYY-MM-DD) falls in. */
export function financialYearOf(date: string): FinancialYearSpan {
  const [year, month] = date.split('-').map(Number);
  return financialYearStarting(month >= 4 ? year : year - 1);
}

/** Labels from `from` to `to` inclusive, in order. */
export function financialYearsBetween(from: FinancialYearSpan, to: FinancialYearSpan): string[] {
  const labels: string[] = [];
  for (let year = from.startYear; year <= to.startYear; year++) labels.push(financialYearStarting(year).label);
  return labels;
}
