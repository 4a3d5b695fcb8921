import { describe, expect, it } from 'vitest';
import { financialYearOf, financialYearsBetween, parseFinancialYear } from './financial-year.js';

describe('financial years', () => {
  it('reads a label as 1 April to 31 March', () => {
    expect(parseFinancialYear('year', '2014/15')).toEqual({ label: '2014/15', startYear: 2014, startDate: '2014-04-01', endDate: '2015-03-31' });
    expect(parseFinancialYear('year', '1999/00').endDate).toBe('2000-03-31');
  });

  it('refuses malformed labels, naming the field', () => {
    expect(() => parseFinancialYear('financialYear', '2014-15')).toThrow(/financialYear: "2014-15" is not a financial year; write it like 2014\/15/);
    expect(() => parseFinancialYear('financialYear', '2014/16')).toThrow(/2014\/15 follows 2014/);
    expect(() => parseFinancialYear('financialYear', '14/15')).toThrow(/financialYear/);
  });

  it('puts March in the year before and April in the year after', () => {
    expect(financialYearOf('2016-03-31').label).toBe('2015/16');
    expect(financialYearOf('2016-04-01').label).toBe('2016/17');
  });

  it('lists the years between two years', () => {
    expect(financialYearsBetween(parseFinancialYear('a', '2014/15'), parseFinancialYear('b', '2016/17'))).toEqual(['2014/15', '2015/16', '2016/17']);
  });
});
