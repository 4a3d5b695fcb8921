import { describe, expect, it } from 'vitest';
import { optionalText, requireDate, requireMonth, requireText, requireWholeNumber } from './validate.js';
import { poundsToPence } from '../money/pence.js';
import { toHundredths } from '../money/hundredths.js';

describe('input checks', () => {
  it('refuses empty and over-long text, naming the field', () => {
    expect(() => requireText('line.grade', '   ')).toThrow('line.grade: must not be empty.');
    expect(() => requireText('line.grade', 'x'.repeat(201))).toThrow(/line.grade: must be at most 200/);
    expect(optionalText('notes', '  ')).toBeNull();
  });

  it('accepts real dates only', () => {
    expect(requireDate('endDate', '2016-03-31')).toBe('2016-03-31');
    expect(() => requireDate('endDate', '2016-02-30')).toThrow('endDate: "2016-02-30" is not a date; write it as YYYY-MM-DD.');
    expect(() => requireDate('endDate', '31/03/2016')).toThrow(/endDate/);
    expect(requireDate('d', '2016-02-29')).toBe('2016-02-29');
    expect(requireDate('d', '2000-02-29')).toBe('2000-02-29');
    for (const bad of ['2015-02-29', '1900-02-29', '2014-13-01', '2014-00-10', '2014-04-31', '2014-01-00']) expect(() => requireDate('d', bad)).toThrow(/is not a date/);
  });

  it('accepts months written YYYY-MM only', () => {
    expect(requireMonth('from', '2014-01')).toBe('2014-01');
    expect(() => requireMonth('from', '2014-13')).toThrow('from: "2014-13" is not a month; write it as YYYY-MM.');
    expect(() => requireMonth('from', '2014-1')).toThrow(/from: "2014-1" is not a month/);
  });

  it('refuses negative, fractional-penny and non-finite money', () => {
    expect(poundsToPence('budget', 1_023_944)).toBe(102_394_400);
    expect(poundsToPence('budget', 0.1 + 0.2)).toBe(30);
    expect(() => poundsToPence('line.budget', -1)).toThrow('line.budget: must not be negative (got -1).');
    expect(() => poundsToPence('line.budget', 1.005)).toThrow('line.budget: must be whole pence (got 1.005).');
    expect(() => poundsToPence('line.budget', Number.NaN)).toThrow(/line.budget/);
  });

  it('refuses a third decimal however large the amount, and never rounds it away', () => {
    expect(() => poundsToPence('stream.amountAgreed', 700_000.123)).toThrow('stream.amountAgreed: must be whole pence (got 700000.123).');
    expect(() => poundsToPence('b', 123_456_789.011)).toThrow(/whole pence/);
    expect(poundsToPence('b', 578_528.36)).toBe(57_852_836);
    expect(poundsToPence('b', 1_023_944 * 0.565)).toBe(57_852_836);
    expect(poundsToPence('b', 123_456_789.01)).toBe(12_345_678_901);
  });

  it('refuses negative FTE and more than two decimals', () => {
    expect(toHundredths('line.fte', 0.3)).toBe(30);
    expect(() => toHundredths('line.fte', -0.5)).toThrow('line.fte: must not be negative (got -0.5).');
    expect(() => toHundredths('line.fte', 0.125)).toThrow('line.fte: may have at most two decimal places (got 0.125).');
  });

  it('refuses fractions and negatives where a count is needed', () => {
    expect(() => requireWholeNumber('cohortTarget', 1.5)).toThrow('cohortTarget: must be a whole number (got 1.5).');
    expect(() => requireWholeNumber('cohortTarget', -1)).toThrow(/must not be negative/);
  });
});
