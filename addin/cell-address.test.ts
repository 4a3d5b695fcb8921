import { describe, expect, it } from 'vitest';
import { blockAddress, cellAddress, columnName, followTable, parseCell, parseQualified, parseRange, quoteSheet, rangeAddress, unquoteSheet } from './cell-address.js';

describe('cell addresses', () => {
  it('reads B3, $AA$10 and a sheet-qualified cell as zero-based row and column', () => {
    expect(parseCell('B3')).toEqual({ row: 2, col: 1 });
    expect(parseCell('$AA$10')).toEqual({ row: 9, col: 26 });
    expect(parseCell("'Cost share plan'!c4")).toEqual({ row: 3, col: 2 });
    expect(() => parseCell('B')).toThrow('"B" is not a cell address like B3.');
  });

  it('names columns past Z and writes cells and ranges back', () => {
    expect([0, 25, 26, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(cellAddress({ row: 9, col: 26 })).toBe('AA10');
    expect(rangeAddress(parseRange('Sheet1!$C$9:$A$2'))).toBe('A2:C9');
  });

  it('gives the block a table covers below its caption, at least one cell', () => {
    expect(blockAddress('B3', 1, 10, 4)).toBe('B4:E13');
    expect(blockAddress('A1', 0, 0, 0)).toBe('A1:A1');
  });

  it('quotes a sheet name only when a formula needs it, and reads it back', () => {
    expect(quoteSheet('Sheet1')).toBe('Sheet1');
    expect(quoteSheet("It's a plan")).toBe("'It''s a plan'");
    expect(unquoteSheet(quoteSheet("It's a plan"))).toBe("It's a plan");
  });
});


describe('references that follow a bound table', () => {
  const table = parseRange('A8:C15'); // header row 8, body 9..15

  it('moves the last row of series and names over the table body, header or caption, within its columns', () => {
    expect(followTable("'Funding risks'!$A$9:$A$15", 'Funding risks', table, 19)).toBe("'Funding risks'!$A$9:$A$20");
    expect(followTable('Sheet1!$B$8:$C$15', 'sheet1', table, 11)).toBe('Sheet1!$B$8:$C$12');
    expect(followTable('(Data!A9:A15,Data!C9:C15)', 'Data', table, 9)).toBe('(Data!A9:A10,Data!C9:C10)');
  });

  it('leaves references that do not cover the table rows as they were', () => {
    for (const formula of ['Other!$A$9:$A$15', 'Data!$A$9:$A$14', 'Data!$D$9:$D$15', 'Data!$A$2:$A$15', 'Data!$B$5', 'SUM(A9:A15)'])
      expect(followTable(formula, 'Data', table, 30)).toBe(formula);
  });

  it('reads a defined name that points at one cell, quoted sheet names included', () => {
    expect(parseQualified("'Cost share plan'!$B$4")).toEqual({ sheet: 'Cost share plan', range: parseRange('B4') });
    expect(parseQualified("'It''s'!B5")).toEqual({ sheet: "It's", range: parseRange('B5') });
    expect(parseQualified('Sheet1!$B$4+1')).toBeUndefined();
    expect(parseQualified('#REF!')).toBeUndefined();
  });
});
