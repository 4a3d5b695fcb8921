import { describe, expect, it } from 'vitest';
import { followTable, parseQualified, parseRange } from './cell-ref.js';

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
