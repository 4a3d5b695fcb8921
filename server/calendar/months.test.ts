import { describe, expect, it } from 'vitest';
import { monthEnd, monthEndOnOrBefore, monthsBefore, monthsBetween } from './months.js';

describe('periods', () => {
  it('takes a quarter back from a quarter end to the previous quarter end', () => {
    expect(monthsBefore('2012-09-30', 3)).toBe('2012-06-30');
    expect(monthsBefore('2013-03-31', 3)).toBe('2012-12-31');
    expect(monthsBefore('2012-05-31', 3)).toBe('2012-02-29');
    expect(monthsBefore('2012-05-15', 12)).toBe('2011-05-15');
    expect(monthsBefore('2014-01-31', 24)).toBe('2012-01-31');
  });
  it('knows month ends and ranges of months', () => {
    expect(monthEnd('2014-02')).toBe('2014-02-28');
    expect(monthEnd('2012-02')).toBe('2012-02-29');
    expect(monthsBetween('2013-11', '2014-02')).toEqual(['2013-11', '2013-12', '2014-01', '2014-02']);
  });
  it('takes a date to the last month end on or before it', () => {
    expect(monthEndOnOrBefore('2014-09-30')).toBe('2014-09-30');
    expect(monthEndOnOrBefore('2014-09-29')).toBe('2014-08-31');
    expect(monthEndOnOrBefore('2012-03-01')).toBe('2012-02-29');
    expect(monthEndOnOrBefore('2014-01-15')).toBe('2013-12-31');
  });
});
