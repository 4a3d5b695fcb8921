import { describe, expect, it } from 'vitest';
import { CellError, enumKey, isoDate, parseNumber, readCell } from './cells.js';
import type { ColumnSpec } from './columns.js';

const spec = (type: ColumnSpec['type'], values?: string[]): ColumnSpec => ({ key: 'x', header: 'X', required: false, type, values, description: '' });

describe('cells', () => {
  it('reads UK dates as ISO and leaves the rest for the date rule', () => {
    expect(isoDate('5/2/2014')).toBe('2014-02-05');
    expect(isoDate('15.02.2014')).toBe('2014-02-15');
    expect(isoDate('2014-02-15')).toBe('2014-02-15');
    expect(isoDate('yesterday')).toBe('yesterday');
  });

  it('reads money and numbers as partners write them', () => {
    expect(parseNumber('£1,234.50')).toBe(1234.5);
    expect(parseNumber('-25.66')).toBe(-25.66);
    expect(parseNumber('12%')).toBe(12);
    expect(parseNumber('1 200')).toBe(1200);
    expect(() => parseNumber('twelve')).toThrow(CellError);
    expect(() => parseNumber('1,2')).toThrow('"1,2" is not a number.');
  });

  it('reads enums and lists loosely, and names the allowed values', () => {
    expect(enumKey(' in prison ')).toBe('IN_PRISON');
    expect(readCell(spec('enum', ['IN_PRISON', 'RED']), 'In Prison')).toBe('IN_PRISON');
    expect(() => readCell(spec('enum', ['RED']), 'Purple')).toThrow('"Purple" is not one of RED.');
    expect(readCell(spec('list', ['DRUGS', 'ALCOHOL']), 'drugs; Alcohol, drugs')).toEqual(['DRUGS', 'ALCOHOL']);
    expect(readCell(spec('list', ['DRUGS']), '')).toEqual([]);
  });

  it('reads yes/no, and blanks as null', () => {
    expect(readCell(spec('boolean'), 'Y')).toBe(true);
    expect(readCell(spec('boolean'), 'no')).toBe(false);
    expect(() => readCell(spec('boolean'), 'maybe')).toThrow('"maybe" is not yes or no.');
    expect(readCell(spec('text'), '   ')).toBeNull();
    expect(readCell(spec('pounds'), undefined)).toBeNull();
  });
});
