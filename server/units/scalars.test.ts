import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Count, DateScalar, Money, Month, spreadsheetForm } from './scalars.js';

describe('unit scalars', () => {
  it('serialise as plain numbers and strings', () => {
    expect(Money.serialize(578528.36)).toBe(578528.36);
    expect(Count.serialize(51)).toBe(51);
    expect(DateScalar.serialize('2012-09-30')).toBe('2012-09-30');
    expect(DateScalar.serialize(new Date('2012-09-30T00:00:00Z'))).toBe('2012-09-30');
    expect(Month.serialize('2013-09')).toBe('2013-09');
  });

  it('refuse what they cannot represent', () => {
    expect(() => Count.serialize(1.5)).toThrow();
    expect(() => Money.serialize('lots')).toThrow();
    expect(() => Month.serialize('2013-13')).toThrow('Month cannot represent "2013-13": write it as YYYY-MM.');
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '20120930' })).toThrow('Date must be a string written YYYY-MM-DD.');
  });

  it('say how a spreadsheet shows them', () => {
    expect(spreadsheetForm('Money')).toEqual({ kind: 'NUMBER', numberFormat: '£#,##0.00;[Red]-£#,##0.00', unit: '£' });
    expect(spreadsheetForm('Percent').numberFormat).toBe('0.00"%"');
    expect(spreadsheetForm('Count').numberFormat).toBe('#,##0');
    expect(spreadsheetForm('Month')).toMatchObject({ kind: 'MONTH', numberFormat: 'mmm yyyy' });
    expect(spreadsheetForm('RagStatus')).toEqual({ kind: 'TEXT', numberFormat: '@', unit: null });
  });
});
